"""Safeguarding rules: phrases and patterns match what they should and nothing else."""

import pytest

from voice.safeguarding import (DEFAULT_RULES_PATH, InvalidRules, load_rules, matching_rules,
                                parse_rules)

RULES = load_rules(DEFAULT_RULES_PATH)


@pytest.mark.parametrize("text, rule", [
    ("Sometimes I want to kill myself", "self_harm"),
    ("i’ve been cutting myself again", "self_harm"),
    ("My stepdad hits me when he is angry", "abuse"),
    ("I don’t feel safe at home", "unsafe_at_home"),
    ("I am going to run away", "running_away"),
    ("they make me carry stuff for them, county lines", "exploitation"),
])
def test_default_rules_catch_each_concern(text, rule):
    assert rule in matching_rules(text, RULES)


@pytest.mark.parametrize("text", ["A bigger kitchen and a quieter street.",
                                  "My dog ran around the park", "I was disabused of that idea"])
def test_ordinary_answers_match_nothing(text):
    assert matching_rules(text, RULES) == []


def test_a_bad_rules_file_says_what_is_wrong(tmp_path):
    with pytest.raises(InvalidRules, match="bad pattern"):
        parse_rules({"rules": [{"name": "x", "patterns": ["("]}]})
    with pytest.raises(InvalidRules, match="rules"):
        parse_rules({"phrases": []})
    with pytest.raises(InvalidRules, match="Cannot read"):
        load_rules(tmp_path / "missing.yaml")


def test_the_rules_file_is_configurable(app, tmp_path):
    from voice.safeguarding import app_rules

    path = tmp_path / "rules.yaml"
    path.write_text("rules:\n  - name: custom\n    phrases: [purple elephant]\n", "utf-8")
    app.config["SAFEGUARDING_RULES"] = str(path)
    with app.app_context():
        assert matching_rules("I saw a Purple  Elephant", app_rules()) == ["custom"]
