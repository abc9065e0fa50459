"""Safeguarding: check free-text answers against the rules and flag matches for the duty team.

Safeguarding follows the local authority's duty, not consent: a match always makes a flag.
A flag records the rule's name only, never the words that matched, and the audit trail
records that a flag was raised, so nobody can quietly clear one.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from flask import current_app
from sqlmodel import Session

from voice import audit
from voice.models import Response, SafeguardingFlag

DEFAULT_RULES_PATH = Path(__file__).parent / "data" / "safeguarding_rules.yaml"
CURLY_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


class InvalidRules(ValueError):
    """The safeguarding rules file cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class Rule:
    """One named rule: any of its compiled patterns matching flags the text."""

    name: str
    patterns: tuple[re.Pattern, ...]

    def matches(self, text: str) -> bool:
        """Whether this rule matches the (normalised) text."""
        return any(pattern.search(text) for pattern in self.patterns)


def _phrase_pattern(phrase: str) -> re.Pattern:
    words = [re.escape(word) for word in phrase.translate(CURLY_APOSTROPHES).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def parse_rules(data: object, where: str = "rules") -> tuple[Rule, ...]:
    """Rules from the parsed YAML; raise InvalidRules on a malformed rule or regex."""
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise InvalidRules(f"{where}: expected a 'rules:' list.")
    rules = []
    for index, item in enumerate(data["rules"], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise InvalidRules(f"{where}: rule {index} needs a 'name'.")
        patterns = [_phrase_pattern(str(p)) for p in item.get("phrases") or []]
        for raw in item.get("patterns") or []:
            try:
                patterns.append(re.compile(str(raw), re.IGNORECASE))
            except re.error as error:
                raise InvalidRules(f"{where}: rule {item['name']!r} has a bad pattern: {error}.") from error
        rules.append(Rule(item["name"], tuple(patterns)))
    return tuple(rules)


def load_rules(path: Path) -> tuple[Rule, ...]:
    """Read and compile a rules file."""
    try:
        data = yaml.safe_load(Path(path).read_text("utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise InvalidRules(f"Cannot read safeguarding rules from {Path(path).name}: "
                           f"{error.__class__.__name__}; check SAFEGUARDING_RULES.") from error
    return parse_rules(data, Path(path).name)


def app_rules() -> tuple[Rule, ...]:
    """The current app's rules (config SAFEGUARDING_RULES, else the shipped file), loaded once."""
    path = Path(current_app.config.get("SAFEGUARDING_RULES") or DEFAULT_RULES_PATH)
    cache = current_app.extensions.setdefault("seen_heard_safeguarding", {})
    if path not in cache:
        cache[path] = load_rules(path)
    return cache[path]


def matching_rules(text: str, rules: tuple[Rule, ...]) -> list[str]:
    """Names of the rules a text matches, in rule order."""
    normalised = text.translate(CURLY_APOSTROPHES)
    return [rule.name for rule in rules if rule.matches(normalised)]


def flag_response(session: Session, response: Response, texts: dict[str, str]) -> list[SafeguardingFlag]:
    """Check a response's free-text answers; flag and audit each rule matched (once per rule)."""
    rules = app_rules()
    matched: list[str] = []
    for text in texts.values():
        matched += [name for name in matching_rules(text, rules) if name not in matched]
    if not matched:
        return []
    response.safeguarding_flag = True
    flags = [SafeguardingFlag(la_id=response.la_id, response_id=response.id, rule=name)
             for name in matched]
    session.add_all([response, *flags])
    session.flush()
    audit.record(session, "safeguarding.flagged", object_type="response", object_id=response.id,
                 la_id=response.la_id, detail={"rules": matched, "count": len(matched)})
    return flags
