"""The documents the assistant answers from, as a collection a user adds to and removes
from: a file (.txt, .md, .html, .pdf), a web page or pasted text.

Each document is stored in a folder of its own under ``<data_dir>/documents/`` (how it
gets there: ``assistant.staging``), so every citation is an exact span of a file on disk.
The index's manifest is the list of documents (each with its details); the folders of
documents no longer listed are removed after a build swaps in (staging folders, under
``.incoming``, are not touched).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

from pydantic import BaseModel, Field

from index.clean import MetadataSpans
from index.manifest import Manifest
from index.records import DocumentKind, SourceRecord

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
SUPPORTED = (*TEXT_SUFFIXES, ".pdf")


class LeftOutBlock(BaseModel):
    """A block of the document that is not indexed: ``document_text(id)[start:end]``."""

    text: str = Field(description="The block's text as a reader sees it.")
    start: int
    end: int
    reason: str = Field(description="'page chrome', 'repeated' or 'not part of the article'.")


class DocumentInfo(BaseModel):
    """One document of the collection, as every front door shows it."""

    id: str = Field(description="Stable id; citations of this document carry it.")
    name: str = Field(description="The name citations use as their source.")
    origin: str = Field(description="Where it came from: a path, a URL, or 'pasted'.")
    kind: DocumentKind
    title: str | None = None
    author: str | None = None
    date: str | None = None
    spans: MetadataSpans = Field(
        default_factory=MetadataSpans,
        description="Where the source file shows the title, author and date: "
        "document_text(id)[start:end] is the value; null where it is not shown.",
    )
    left_out: list[LeftOutBlock] = Field(
        default_factory=list,
        description="The blocks of the file not indexed (page chrome, repeats), in order.",
    )
    size: int = Field(description="Characters of the text citation offsets index.")
    chunks: int = 0
    pages: int | None = Field(default=None, description="Pages, for a PDF.")
    added_at: str | None = Field(default=None, description="When it was added (ISO 8601).")
    already_present: bool = Field(
        default=False,
        description="True when an add found this very document (same name and content) "
        "already in the library, so nothing changed.",
    )

    @classmethod
    def of(cls, source: SourceRecord, built_at: float | None = None) -> DocumentInfo:
        """The info of a document's record in the index manifest; a source the index was
        built from (no ``added_at`` of its own) counts as added when that build was made
        (``built_at``)."""
        metadata = source.metadata
        added = source.added_at or built_at
        return cls(
            id=source.id,
            name=source.name,
            origin=source.origin or source.path,
            kind=source.kind or "file",
            title=metadata.title,
            author=metadata.author,
            date=metadata.date,
            spans=metadata.spans or MetadataSpans(),
            left_out=[LeftOutBlock.model_validate(asdict(x)) for x in metadata.left_out or []],
            size=source.chars,
            chunks=source.chunks,
            pages=len(source.pages) if source.pages is not None else None,
            added_at=(
                datetime.fromtimestamp(added, timezone.utc).isoformat(timespec="seconds")
                if added
                else None
            ),
        )


def counted(n: int, thing: str) -> str:
    """'1 chunk', '3 chunks'."""
    return f"{n} {thing}" if n == 1 else f"{n} {thing}s"


def left_out_line(document: DocumentInfo, shown: int = 3) -> str | None:
    """What of ``document`` is not indexed, in one line ('2 blocks left out as page
    chrome: “Stay updated”, “Source link”'); None when nothing is."""
    by_reason: dict[str, list[str]] = {}
    for block in document.left_out:
        by_reason.setdefault(block.reason, []).append(" ".join(block.text.split()))
    parts = []
    for reason, texts in by_reason.items():
        quoted = ", ".join(f"“{t[:60]}…”" if len(t) > 60 else f"“{t}”" for t in texts[:shown])
        more = f" and {len(texts) - shown} more" if len(texts) > shown else ""
        parts.append(f"{counted(len(texts), 'block')} left out as {reason}: {quoted}{more}")
    return "; ".join(parts) or None


def documents_dir(data_dir: Path) -> Path:
    return data_dir / "documents"


def remove_unreferenced(data_dir: Path, manifests: Iterable[Manifest | None]) -> None:
    """Delete stored documents that none of ``manifests`` lists."""
    folder = documents_dir(data_dir)
    if not folder.is_dir():
        return
    used = {
        Path(s.path).parent.resolve()
        for manifest in manifests
        if manifest is not None
        for s in manifest.sources
    }
    for stored in folder.iterdir():
        if not stored.name.startswith(".") and stored.resolve() not in used:
            shutil.rmtree(stored, ignore_errors=True)
