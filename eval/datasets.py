"""The question sets, read from ``eval/datasets/*.jsonl``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

DATASETS_DIR = Path(__file__).resolve().parent / "datasets"
# The bundled article's question sets: dev (tuned on) and test (frozen, reported).
SPLIT_FILES = {"dev": DATASETS_DIR / "dev.jsonl", "test": DATASETS_DIR / "test.jsonl"}


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


def load_items(path: Path | None = None, split: str | None = None) -> list[Item]:
    """Items of a JSONL dataset (default: the bundled article's sets), optionally only
    one split."""
    paths = [path] if path is not None else [SPLIT_FILES[split]] if split else SPLIT_FILES.values()
    items = [
        Item.model_validate(json.loads(line))
        for p in paths
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return [i for i in items if split is None or i.split == split]
