"""The documents the assistant answers from, as a collection a user adds to and removes
from: a file (.txt, .md, .html, .pdf), a web page or pasted text.

What is added is first stored in a folder of its own under ``<data_dir>/documents/``
(named by its content hash and a unique suffix) — a copy of the file, the fetched HTML as a
snapshot, the pasted text, or a PDF's extracted text — so every citation is an exact span
of a file on disk. A stored folder belongs to one add: a refused or failed add deletes only
the folder it made, never the copy of a document already in the library, even one with the
same bytes. The index's manifest is the list
of documents (each with its details); the files of documents no longer listed are
removed after a build swaps in.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import time
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from index.errors import SourceError
from index.fetch import fetch_page
from index.load import MAX_SOURCE_BYTES, SourceDocument, load_source
from index.manifest import Manifest
from index.pdf import pdf_text

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
SUPPORTED = (*TEXT_SUFFIXES, ".pdf")
MAX_NAME_CHARS = 200
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f]")


class DocumentInfo(BaseModel):
    """One document of the collection, as every front door shows it."""

    id: str = Field(description="Stable id; citations of this document carry it.")
    name: str = Field(description="The name citations use as their source.")
    origin: str = Field(description="Where it came from: a path, a URL, or 'pasted'.")
    kind: Literal["file", "url", "text", "pdf"]
    title: str | None = None
    author: str | None = None
    date: str | None = None
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
    def of(cls, source: dict[str, Any], built_at: float | None = None) -> DocumentInfo:
        """The info of a document's entry in the index manifest; a source the index was
        built from (no ``added_at`` of its own) counts as added when that build was made
        (``built_at``)."""
        metadata = source.get("metadata", {})
        added = source.get("added_at") or built_at
        return cls(
            id=source["id"],
            name=source["name"],
            origin=source.get("origin", source["path"]),
            kind=source.get("kind", "file"),
            title=metadata.get("title"),
            author=metadata.get("byline"),
            date=metadata.get("date"),
            size=source["chars"],
            chunks=source.get("chunks", 0),
            pages=len(source["pages"]) if "pages" in source else None,
            added_at=(
                datetime.fromtimestamp(added, timezone.utc).isoformat(timespec="seconds")
                if added
                else None
            ),
        )


def documents_dir(data_dir: Path) -> Path:
    return data_dir / "documents"


def _checked_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise SourceError("a document needs a name")
    if len(name) > MAX_NAME_CHARS or _UNSAFE_NAME.search(name):
        raise SourceError(f"{name[:40]}: a name is at most {MAX_NAME_CHARS} plain characters")
    return name


def _folder(data_dir: Path, content: bytes) -> Path:
    """A new folder, this add's own, for a document with these bytes."""
    parent = documents_dir(data_dir)
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=hashlib.sha256(content).hexdigest()[:16] + "-", dir=parent))


def _write(path: Path, content: bytes) -> Path:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(content)
    tmp.replace(path)
    return path


def _details(origin: str, kind: str, **more: Any) -> dict[str, Any]:
    return {"origin": origin, "kind": kind, "added_at": time.time(), **more}


def _load(path: Path, name: str, details: dict[str, Any]) -> SourceDocument:
    """The stored file read as a document; on failure its folder is removed (content
    that cannot be read is in no index)."""
    try:
        return load_source(path, path.parent, name=name, details=details)
    except SourceError:
        shutil.rmtree(path.parent, ignore_errors=True)
        raise


def stage_file(
    data_dir: Path, content: bytes, file_name: str, origin: str | None = None
) -> SourceDocument:
    """A file's ``content`` stored and read as a document named ``file_name``; a PDF
    (by suffix or by its first bytes) is stored with its extracted text."""
    name = _checked_name(Path(file_name).name)
    suffix = Path(name).suffix.lower()
    if len(content) > MAX_SOURCE_BYTES:
        raise SourceError(f"{name}: {len(content)} bytes is over the {MAX_SOURCE_BYTES} byte limit")
    if not content.strip():
        raise SourceError(f"{name}: empty file")
    if suffix == ".pdf" or content.startswith(b"%PDF-"):
        folder = _folder(data_dir, content)
        try:
            text, starts = pdf_text(_write(folder / "original.pdf", content))
        except SourceError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            raise SourceError(f"{name}: {str(exc).partition(': ')[2]}") from exc
        path = _write(folder / "text.txt", text.encode())
        return _load(path, name, _details(origin or name, "pdf", pages=starts))
    if suffix not in TEXT_SUFFIXES:
        kinds = ", ".join(SUPPORTED)
        raise SourceError(f"{name}: unsupported type {suffix or '(none)'}; supported: {kinds}")
    stored = "source" + (".html" if suffix in (".html", ".htm") else ".txt")
    path = _write(_folder(data_dir, content) / stored, content)
    return _load(path, name, _details(origin or name, "file"))


def stage_url(data_dir: Path, url: str, allow_private: bool) -> SourceDocument:
    """The page at ``url`` fetched, its snapshot stored, read as a document named by the
    URL it ended up at."""
    page = fetch_page(url.strip(), allow_private)
    path = _write(_folder(data_dir, page.body) / ("source" + page.suffix), page.body)
    return _load(path, _checked_name(page.url[:MAX_NAME_CHARS]), _details(page.url, "url"))


def stage_text(data_dir: Path, text: str, name: str) -> SourceDocument:
    """Pasted ``text`` stored as a document named ``name``."""
    name = _checked_name(name)
    if not text.strip():
        raise SourceError(f"{name}: the text is empty")
    content = text.encode()
    path = _write(_folder(data_dir, content) / "source.txt", content)
    return _load(path, name, _details("pasted", "text"))


def remove_unreferenced(data_dir: Path, manifests: Iterable[Manifest | None]) -> None:
    """Delete stored documents that none of ``manifests`` lists."""
    folder = documents_dir(data_dir)
    if not folder.is_dir():
        return
    used = {
        Path(s["path"]).parent.resolve()
        for manifest in manifests
        if manifest is not None
        for s in manifest.sources
    }
    for stored in folder.iterdir():
        if stored.resolve() not in used:
            shutil.rmtree(stored, ignore_errors=True)
