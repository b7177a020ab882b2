"""Questions are checked before anything else sees them."""

from __future__ import annotations

import pytest

from assistant.errors import InvalidQuestionError
from assistant.questions import validate_question


@pytest.mark.parametrize("question", ["", "   ", "\n\t", "x" * 2001, "bad\x00byte", "bell\x07"])
def test_bad_questions_raise_a_value_error(question: str) -> None:
    with pytest.raises(InvalidQuestionError) as info:
        validate_question(question, max_chars=2000)
    assert isinstance(info.value, ValueError)
    assert "\n" not in str(info.value)


def test_good_question_is_stripped() -> None:
    assert validate_question("  Who wrote it?\n", max_chars=2000) == "Who wrote it?"


def test_question_at_the_limit_is_accepted() -> None:
    assert validate_question("x" * 2000, max_chars=2000) == "x" * 2000
