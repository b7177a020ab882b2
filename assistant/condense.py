"""Turning a follow-up question into a standalone one, without an LLM.

"And how many from Nepal?" after "How many foreigners fight for Russia?" is searched as
"And how many from Nepal? (foreigners fight Russia)": the content words of the previous
question are carried over when the new one looks like it leans on the conversation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from assistant.text import content_words

_LEANS_ON_CONTEXT = re.compile(
    r"^(?:and|but|also|so|what about|how about|then)\b"
    r"|\b(?:it|its|they|them|their|he|him|his|she|her|this|that|these|those|there)\b",
    re.IGNORECASE,
)
FOLLOW_UP_MAX_CONTENT_WORDS = 3


def previous_user_question(history: Sequence[Any]) -> str | None:
    """The last user message in a history of ``{"role", "content"}`` dicts or (user, bot) pairs."""
    for turn in reversed(history):
        if isinstance(turn, dict):
            if turn.get("role") == "user" and isinstance(turn.get("content"), str):
                return str(turn["content"])
        elif isinstance(turn, (list, tuple)) and turn and isinstance(turn[0], str):
            return turn[0]
    return None


def condense(question: str, history: Sequence[Any] | None) -> str:
    """The question to search for, with context from ``history`` when it is a follow-up."""
    previous = previous_user_question(history or [])
    if not previous:
        return question
    is_follow_up = _LEANS_ON_CONTEXT.search(question) or (
        len(content_words(question)) <= FOLLOW_UP_MAX_CONTENT_WORDS
    )
    if not is_follow_up:
        return question
    carried = [w for w in content_words(previous) if w not in set(content_words(question))]
    return f"{question} ({' '.join(carried)})" if carried else question
