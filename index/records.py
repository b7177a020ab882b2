"""The document record: one document of an index as its manifest stores it, typed.

Every listing (``docs list``, HTTP ``/documents``, MCP, the chat's Documents tab) reads
these records through ``assistant.library.DocumentInfo``; the manifest JSON keeps the
shape earlier builds wrote (unset fields are left out), so an existing library reads as
it did.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from index.blocks import LeftOut
from index.clean import MetadataSpans

# How a document was added: a file, a web page, pasted text, a PDF.
DocumentKind = Literal["file", "url", "text", "pdf"]


class DocumentMetadata(BaseModel):
    """What a document says of itself (``index.clean.document_metadata``): its title,
    byline, author, date and picture captions as far as it has them, where its file shows
    them (``spans``) and the blocks not indexed (``left_out``). ``spans`` and ``left_out``
    are None in a record from a build that kept neither."""

    title: str | None = None
    byline: str | None = None
    author: str | None = None
    date: str | None = None
    captions: list[str] | None = None
    spans: MetadataSpans | None = None
    left_out: list[LeftOut] | None = None


class SourceRecord(BaseModel):
    """One document of an index: its id, name, stored file and content hash, the
    characters its citation offsets index, its chunks, where it came from (``origin``:
    a path, a URL or "pasted"; ``kind``: file, url, text or pdf), when it was added,
    a PDF's page start offsets, and its metadata."""

    # Keys a later version writes are kept, not dropped, when this one rewrites a manifest.
    model_config = ConfigDict(extra="allow")

    id: str
    name: str
    path: str
    sha256: str
    chars: int
    chunks: int = 0
    origin: str | None = None
    kind: DocumentKind | None = None
    added_at: float | None = None
    pages: list[int] | None = None
    metadata: DocumentMetadata = DocumentMetadata()

    @property
    def title(self) -> str | None:
        return self.metadata.title

    def details(self) -> dict[str, Any]:
        """What was said of the document when it was added (origin, kind, time, pages),
        as ``index.load.SourceDocument.details`` holds it."""
        return self.model_dump(
            exclude={"id", "name", "path", "sha256", "chars", "chunks", "metadata"},
            exclude_none=True,
        )

    def stored(self) -> dict[str, Any]:
        """The record as the manifest JSON stores it."""
        return self.model_dump(mode="json", exclude_none=True)
