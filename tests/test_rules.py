"""Every rule of the question-reading table matches its own examples and misses its
counter-examples."""

from __future__ import annotations

import pytest

from assistant.answering.rules import RULES

EXAMPLES = [
    pytest.param(name, text, id=f"{name}:{text}")
    for name, rule in RULES.items()
    for text in rule.matches
]
COUNTER_EXAMPLES = [
    pytest.param(name, text, id=f"{name}:{text}")
    for name, rule in RULES.items()
    for text in rule.misses
]


@pytest.mark.parametrize(("name", "text"), EXAMPLES)
def test_a_rule_matches_its_examples(name: str, text: str) -> None:
    assert RULES[name].search(text)


@pytest.mark.parametrize(("name", "text"), COUNTER_EXAMPLES)
def test_a_rule_misses_its_counter_examples(name: str, text: str) -> None:
    assert not RULES[name].search(text)


def test_every_rule_has_an_example_and_a_counter_example() -> None:
    assert all(rule.matches and rule.misses for rule in RULES.values())
