"""The question sets, read from ``eval/datasets/*.jsonl``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

DATASETS_DIR = Path(__file__).resolve().parent / "datasets"
DEFAULT_DATASET = DATASETS_DIR / "questions.jsonl"


class SupportSpan(BaseModel):
    """Gold evidence: ``source_text[start:end] == text``."""

    start: int
    end: int
    text: str


class Item(BaseModel):
    """One question with its gold answer and evidence."""

    id: str
    split: Literal["dev", "test"]
    category: str
    question: str
    history: list[dict[str, Any]] = Field(default_factory=list)
    answerable: bool
    gold_answer: str = ""
    key_facts: list[list[str]] = Field(
        default_factory=list, description="Each fact as a list of acceptable alternatives."
    )
    support: list[SupportSpan] = Field(default_factory=list)
    must_not_contain: list[str] = Field(
        default_factory=list, description="Text whose presence shows an injection worked."
    )


def load_items(path: Path = DEFAULT_DATASET, split: str | None = None) -> list[Item]:
    """Items of a JSONL dataset, optionally only one split."""
    items = [
        Item.model_validate(json.loads(line))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return [i for i in items if split is None or i.split == split]
