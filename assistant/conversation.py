"""Conversation history, in the one shape the core works with.

Front doors receive history in several shapes: ``{"role", "content"}`` dicts (Gradio,
HTTP, MCP, Python callers), content given as typed parts (``[{"type": "text", "text":
...}]``, as OpenAI clients and Gradio send it), ``(user, assistant)`` pairs, or ``Turn``
models. ``normalise_history`` turns any of them into a list of ``Turn``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel

from assistant.answers import CITATION_MARKER

Role = Literal["user", "assistant", "system"]
HISTORY_MESSAGES = 6
HISTORY_MESSAGE_CHARS = 400


class Turn(BaseModel):
    """One message of a conversation."""

    role: Role
    content: str


def message_text(content: object) -> str | None:
    """The text of a message's content: a string, or the text of its typed parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(
            str(part.get("text", ""))
            for part in content
            if isinstance(part, dict) and part.get("type", "text") == "text"
        )
    return None


def normalise_history(history: Iterable[Any] | None) -> list[Turn]:
    """``history`` as ``Turn``s, oldest first; messages without text are left out."""
    turns: list[Turn] = []
    for item in history or []:
        if isinstance(item, Turn):
            turns.append(item)
        elif isinstance(item, dict):
            text = message_text(item.get("content"))
            if text is not None and item.get("role") in ("user", "assistant", "system"):
                turns.append(Turn(role=item["role"], content=text))
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            user, assistant = (message_text(part) for part in item)
            turns += [Turn(role="user", content=user)] if user is not None else []
            turns += [Turn(role="assistant", content=assistant)] if assistant is not None else []
    return turns


def previous_user_question(turns: list[Turn]) -> str | None:
    """The last user message, or None."""
    return next((t.content for t in reversed(turns) if t.role == "user"), None)


def conversation_text(turns: list[Turn]) -> str:
    """The last turns as "User: ..." / "Assistant: ..." lines, markers removed."""
    lines = []
    for turn in turns[-HISTORY_MESSAGES:]:
        if turn.role == "system":
            continue
        text = CITATION_MARKER.sub("", turn.content)[:HISTORY_MESSAGE_CHARS]
        lines.append(f"{turn.role.title()}: {' '.join(text.split())}")
    return "\n".join(lines)


def searched_with(question: str, previous: str) -> str:
    """A follow-up with nothing to stand for searched with the question before it, in
    words: "And in 2024? (How many visitors came in 2023?)"; when that one was searched
    with another, with both, in one pair of brackets ("And 2025? (And in 2024? How many
    visitors came in 2023?)")."""
    own, context = own_part(previous)
    if context is None:
        return f"{question} ({previous})"
    ended = own.rstrip().endswith(("?", ".", "!"))
    return f"{question} ({own.rstrip()}{'' if ended else '?'} {context})"


def own_part(searched: str) -> tuple[str, str | None]:
    """``searched`` split into the question's own words and the earlier question it was
    searched with (``searched_with``), None when there is none."""
    if searched.endswith(")"):
        start = searched.find(" (")
        while start != -1:
            context = searched[start + 2 : -1]
            if _balanced(context):
                return searched[:start], context
            start = searched.find(" (", start + 1)
    return searched, None


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            return False
    return depth == 0
