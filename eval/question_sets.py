"""The question sets, read from ``eval/datasets/*.jsonl``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.settings import PROJECT_ROOT, Settings

DATASETS_DIR = Path(__file__).resolve().parent / "datasets"
# The bundled article's question sets, both tuned on: dev, and dev2 (once the test split,
# but its questions paraphrase dev's and share their evidence). The test set is the
# held-out one, on other documents (``eval.document_sets``).
SPLIT_FILES = {"dev": DATASETS_DIR / "dev.jsonl", "dev2": DATASETS_DIR / "dev2.jsonl"}
# SQuAD 2.0's Normans article, beside the checkout on development machines.
NORMANS = PROJECT_ROOT.parent / "shared" / "squad" / "normans-dev-v2.0.json"


class SupportSpan(BaseModel):
    """Gold evidence: ``source_text[start:end] == text``."""

    start: int
    end: int
    text: str


class Item(BaseModel):
    """One question with its gold answer and evidence."""

    id: str
    split: Literal["dev", "dev2", "external"]
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


def is_squad(path: Path) -> bool:
    """True for a SQuAD-format JSON file (rather than our JSONL)."""
    return path.suffix == ".json"


def load_squad(path: Path) -> tuple[str, str, list[Item]]:
    """The first (for Normans, the only) article of a SQuAD 2.0 file as (title, document
    text, items) (see ``squad_articles``)."""
    return squad_articles(path)[0]


def squad_articles(path: Path) -> list[tuple[str, str, list[Item]]]:
    """Every article of a SQuAD 2.0 file as (title, document text, items), its paragraphs
    joined by blank lines into one document; each gold answer becomes a key-fact
    alternative and a support span of the document. Every item is of the ``external``
    split."""
    return [_squad_article(a) for a in json.loads(path.read_text(encoding="utf-8"))["data"]]


def _squad_article(article: dict[str, Any]) -> tuple[str, str, list[Item]]:
    text, items, offset = "", [], 0
    for paragraph in article["paragraphs"]:
        context = paragraph["context"]
        for qa in paragraph["qas"]:
            answers = [] if qa.get("is_impossible") else qa["answers"]
            spans = {
                (offset + a["answer_start"], offset + a["answer_start"] + len(a["text"]))
                for a in answers
            }
            items.append(
                Item(
                    id=qa["id"],
                    split="external",
                    category="answerable" if answers else "unanswerable",
                    question=qa["question"],
                    answerable=bool(answers),
                    gold_answer=answers[0]["text"] if answers else "",
                    key_facts=[sorted({a["text"] for a in answers})] if answers else [],
                    support=[
                        SupportSpan(start=a, end=b, text=(text + context)[a:b])
                        for a, b in sorted(spans)
                    ],
                )
            )
        text += context + "\n\n"
        offset = len(text)
    return str(article["title"]), text.rstrip("\n") + "\n", items


def article_settings(settings: Settings, title: str, text: str, folder: Path) -> Settings:
    """``settings`` for a library of one article (``text``, written to ``folder``) indexed
    in ``folder``: how an external article such as a SQuAD one is asked."""
    article = folder / f"{title}.txt"
    article.write_text(text, encoding="utf-8")
    return settings.model_copy(update={"data_dir": folder / "data", "sources": [article]})
