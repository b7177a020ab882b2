"""Checking questions before anything else sees them."""

from __future__ import annotations

import unicodedata

from assistant.errors import InvalidQuestionError


def validate_question(question: object, max_chars: int) -> str:
    """Return the question stripped of surrounding whitespace, or raise InvalidQuestionError."""
    if not isinstance(question, str):
        raise InvalidQuestionError(f"question must be text, not {type(question).__name__}")
    stripped = question.strip()
    if not stripped:
        raise InvalidQuestionError("question is empty")
    if len(stripped) > max_chars:
        raise InvalidQuestionError(
            f"question is {len(stripped)} characters; the maximum is {max_chars}"
        )
    if any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\t\n\r" for ch in stripped):
        raise InvalidQuestionError("question contains control characters")
    return stripped
