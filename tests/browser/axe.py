"""axe-core (from node_modules, the version package.json pins) run inside the page.

The script is evaluated through the DevTools protocol, which the page's Content-Security-Policy
does not apply to, so the app's CSP stays as strict as in production."""

from functools import cache
from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# Every rule axe ships except the experimental ones: WCAG 2.0-2.2 A and AA, and best practice.
RUN = "() => axe.run(document, {resultTypes: ['violations']})"


@cache
def axe_source() -> str:
    """axe.min.js, read once (npm ci puts it there; make install runs it)."""
    if not AXE.exists():
        raise AssertionError(f"{AXE} is missing: run `npm ci` (make install does) before the browser tests.")
    return AXE.read_text("utf-8")


def violations(page: Any) -> list[dict[str, Any]]:
    """axe's violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    return page.evaluate(RUN)["violations"]


def describe(found: list[dict[str, Any]]) -> str:
    """The violations as short lines: rule, impact, the first failing elements."""
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} at "
                     f"{[n['target'] for n in v['nodes'][:3]]}" for v in found)


def assert_no_violations(page: Any, what: str) -> None:
    """Fail naming the page and each rule broken."""
    found = violations(page)
    assert not found, f"axe found {len(found)} problem(s) on {what} ({page.url}):\n{describe(found)}"
