"""Every link a template builds with endpoint_link() or count_summary() points at a real page.

endpoint_link() shows plain text for an endpoint the app lacks (so a half-built area never
breaks a page); once the app is built, such text is a dead end for the reader.
"""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
ENDPOINT = re.compile(r"""(?:endpoint_link\(|\(\s*"[^"]+",\s*[^,]+,\s*)"([a-z_]+\.[a-z_]+)\"""")


def test_every_linked_endpoint_exists(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    linked = {(path.relative_to(TEMPLATES).as_posix(), name)
              for path in TEMPLATES.rglob("*.html")
              for name in ENDPOINT.findall(path.read_text(encoding="utf-8"))}
    assert linked, "the pattern no longer finds the links"
    assert not sorted(f"{page}: {name}" for page, name in linked if name not in endpoints)
