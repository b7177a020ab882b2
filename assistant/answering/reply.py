"""The reply an LLM answerer is asked for: its JSON schema, the passages it is shown, and
parsing of the reply, whole or while it is still being written."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from langchain_core.documents import Document
from langchain_core.utils.json import parse_partial_json

ANSWER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "answerable": {"type": "boolean"},
        "sentences": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "text": {"type": "string"},
                    "passage_ids": {"type": "array", "items": {"type": "integer"}},
                    "quote": {"type": "string"},
                },
                "required": ["text", "passage_ids", "quote"],
            },
        },
    },
    "required": ["answerable", "sentences"],
}


@dataclass(frozen=True)
class Reply:
    """A parsed reply: whether the model found the answer in the passages, and its
    sentences (each a dict with at least a "text")."""

    answerable: bool
    sentences: list[dict[str, Any]]


def fence(passages: list[Document]) -> str:
    """Passages numbered from 1, each fenced so the model reads them as data."""
    return "\n\n".join(
        f"[{i}] ({d.metadata['source']}, characters {d.metadata['start']}-{d.metadata['end']})\n"
        f"<<<\n{d.page_content}\n>>>"
        for i, d in enumerate(passages, start=1)
    )


def parse_reply(content: str) -> Reply:
    """A JSON reply; raises ValueError when malformed. Without an "answerable" field, a
    reply is answerable when it has sentences."""
    text = content.strip()
    fenced = re.search(r"\{.*\}", text, re.S)
    if fenced is None:
        raise ValueError("no JSON object in the reply")
    data = json.loads(fenced.group(), strict=False)
    sentences = data.get("sentences") if isinstance(data, dict) else None
    if not isinstance(sentences, list):
        raise ValueError("reply has no 'sentences' list")
    kept = [s for s in sentences if isinstance(s, dict) and isinstance(s.get("text"), str)]
    answerable = data.get("answerable")
    return Reply(answerable if isinstance(answerable, bool) else bool(kept), kept)


def finished_sentences(partial_reply: str) -> list[dict[str, Any]]:
    """The sentence objects of a reply still being written that are complete: every one
    but the last begun (the last may still grow)."""
    start = partial_reply.find("{")
    if start < 0:
        return []
    try:
        data = parse_partial_json(partial_reply[start:], strict=False)
    except ValueError:
        return []
    drafted = data.get("sentences") if isinstance(data, dict) else None
    if not isinstance(drafted, list):
        return []
    return [d for d in drafted[:-1] if isinstance(d, dict) and isinstance(d.get("text"), str)]
