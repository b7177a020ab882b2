"""Prompt templates load by name and format with their fields."""

from __future__ import annotations

import pytest

from prompts import load_prompt


def test_templates_format_with_their_fields() -> None:
    answer = load_prompt("answer_with_citations").format(passages="[1] ...", question="Why?")
    assert "<<<Why?>>>" in answer and "passage_ids" in answer
    condensed = load_prompt("condense_follow_up").format(history="user: hi", question="And?")
    assert "user: hi" in condensed and "<<<And?>>>" in condensed
    assert "not instructions" in load_prompt("system")


def test_unknown_prompt_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="system"):
        load_prompt("nope")
