"""The documents the assistant answers from, as a collection a user adds to and removes
from: a file (.txt, .md, .html, .pdf), a web page or pasted text.

What is added is first staged in a folder of its own under
``<data_dir>/documents/.incoming/`` — a copy of the file (streamed, never held whole in
memory, refused as soon as it passes the size limit), the fetched HTML as a snapshot, the
pasted text, or a PDF's extracted text — and, once the build that indexes it starts, moved
to ``<data_dir>/documents/`` (named by its content hash and a unique suffix), so every
citation is an exact span of a file on disk. Staging needs no lock, so a slow upload or
fetch never holds up other changes. A stored folder belongs to one add: a refused or
failed add deletes only the folder it made, never the copy of a document already in the
library, even one with the same bytes. The index's manifest is the list of documents (each
with its details); the files of documents no longer listed are removed after a build swaps
in (staged folders are not touched).
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any, Literal

from pydantic import BaseModel, Field

from index.errors import SourceError
from index.fetch import fetch_page
from index.load import MAX_SOURCE_BYTES, SourceDocument, load_source
from index.manifest import Manifest
from index.pdf import pdf_text

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
SUPPORTED = (*TEXT_SUFFIXES, ".pdf")
MAX_NAME_CHARS = 200
# Unicode categories dropped from names: controls, format characters (bidi controls,
# zero-width spaces and joiners, the soft hyphen), surrogates and private use.
_INVISIBLE = {"Cc", "Cf", "Cs", "Co"}
_COPY_CHUNK = 1 << 20
# A staging folder older than this is left from a process that stopped mid-add.
STALE_STAGING_SECONDS = 3600


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

    @classmethod
    def of(cls, source: dict[str, Any]) -> DocumentInfo:
        """The info of a document's entry in the index manifest."""
        metadata = source.get("metadata", {})
        added = source.get("added_at")
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


def _incoming(data_dir: Path) -> Path:
    return documents_dir(data_dir) / ".incoming"


def clean_name(name: str) -> str:
    """``name`` as shown everywhere: control, bidi and zero-width characters dropped,
    each run of whitespace (line breaks included) one space."""
    visible = (" " if c.isspace() else c for c in name)
    kept = "".join(c for c in visible if unicodedata.category(c) not in _INVISIBLE)
    return " ".join(kept.split())


def _checked_name(name: str) -> str:
    name = clean_name(name)
    if not name:
        raise SourceError("a document needs a name")
    if len(name) > MAX_NAME_CHARS:
        raise SourceError(f"{name[:40]}: a name is at most {MAX_NAME_CHARS} characters")
    return name


def _folder(data_dir: Path) -> Path:
    """A new staging folder, this add's own."""
    parent = _incoming(data_dir)
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="doc-", dir=parent))


def _write(path: Path, content: bytes) -> Path:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(content)
    tmp.replace(path)
    return path


def _details(origin: str, kind: str, **more: Any) -> dict[str, Any]:
    return {"origin": origin, "kind": kind, "added_at": time.time(), **more}


def _staged(folder: Path, store: Callable[[Path], SourceDocument]) -> SourceDocument:
    """``store(folder)``'s document; on any failure the folder is removed (content that
    cannot be read is in no index, and nothing of it stays on disk)."""
    try:
        document = store(folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return document


def settle(data_dir: Path, staged: SourceDocument) -> SourceDocument:
    """Move a staged document into the library's folder (call under the build lock,
    just before the build that indexes it)."""
    folder = staged.path.parent
    home = documents_dir(data_dir) / f"{staged.sha256[:16]}-{folder.name.removeprefix('doc-')}"
    folder.rename(home)
    return dataclasses.replace(staged, path=home / staged.path.name)


def discard(staged: SourceDocument) -> None:
    """Delete a staged document that will not be indexed."""
    shutil.rmtree(staged.path.parent, ignore_errors=True)


def _copy(content: IO[bytes], path: Path, name: str) -> int:
    """Stream ``content`` into ``path``; refuse as soon as it passes the size limit."""
    size = 0
    with path.open("wb") as out:
        while piece := content.read(_COPY_CHUNK):
            size += len(piece)
            if size > MAX_SOURCE_BYTES:
                raise SourceError(f"{name}: over the {MAX_SOURCE_BYTES} byte limit")
            out.write(piece)
    return size


def _blank(path: Path) -> bool:
    with path.open("rb") as stored:
        while piece := stored.read(_COPY_CHUNK):
            if piece.strip():
                return False
    return True


def stage_file(
    data_dir: Path, content: bytes | IO[bytes], file_name: str, origin: str | None = None
) -> SourceDocument:
    """A file's ``content`` (bytes or a binary stream) stored and read as a document
    named ``file_name``; a PDF (by suffix or by its first bytes) is stored with its
    extracted text."""
    name = _checked_name(Path(file_name).name)
    stream = io.BytesIO(content) if isinstance(content, bytes) else content

    def store(folder: Path) -> SourceDocument:
        upload = folder / "upload"
        _copy(stream, upload, name)
        if _blank(upload):
            raise SourceError(f"{name}: empty file")
        with upload.open("rb") as stored:
            is_pdf = stored.read(5) == b"%PDF-"
        suffix = Path(name).suffix.lower()
        if suffix == ".pdf" or is_pdf:
            try:
                text, starts = pdf_text(upload.rename(folder / "original.pdf"))
            except SourceError as exc:
                raise SourceError(f"{name}: {str(exc).partition(': ')[2]}") from exc
            path = _write(folder / "text.txt", text.encode())
            return load_source(path, folder, name, _details(origin or name, "pdf", pages=starts))
        if suffix not in TEXT_SUFFIXES:
            kinds = ", ".join(SUPPORTED)
            raise SourceError(f"{name}: unsupported type {suffix or '(none)'}; supported: {kinds}")
        stored_name = "source" + (".html" if suffix in (".html", ".htm") else ".txt")
        path = upload.rename(folder / stored_name)
        return load_source(path, folder, name, _details(origin or name, "file"))

    return _staged(_folder(data_dir), store)


def stage_url(data_dir: Path, url: str, allow_private: bool) -> SourceDocument:
    """The page at ``url`` fetched, its snapshot stored, read as a document named by the
    URL it ended up at."""
    page = fetch_page(url.strip(), allow_private)
    name = _checked_name(page.url[:MAX_NAME_CHARS])

    def store(folder: Path) -> SourceDocument:
        path = _write(folder / ("source" + page.suffix), page.body)
        return load_source(path, folder, name, _details(page.url, "url"))

    return _staged(_folder(data_dir), store)


def stage_text(data_dir: Path, text: str, name: str) -> SourceDocument:
    """Pasted ``text`` stored as a document named ``name``."""
    name = _checked_name(name)
    if not text.strip():
        raise SourceError(f"{name}: the text is empty")
    content = text.encode()
    if len(content) > MAX_SOURCE_BYTES:
        raise SourceError(f"{name}: over the {MAX_SOURCE_BYTES} byte limit")

    def store(folder: Path) -> SourceDocument:
        path = _write(folder / "source.txt", content)
        return load_source(path, folder, name, _details("pasted", "text"))

    return _staged(_folder(data_dir), store)


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
        if not stored.name.startswith(".") and stored.resolve() not in used:
            shutil.rmtree(stored, ignore_errors=True)


def remove_stale_staging(data_dir: Path) -> None:
    """Delete staging folders left by a process that stopped mid-add (old enough that no
    add can still be using them)."""
    incoming = _incoming(data_dir)
    if not incoming.is_dir():
        return
    cutoff = time.time() - STALE_STAGING_SECONDS
    for folder in incoming.iterdir():
        try:
            stale = folder.stat().st_mtime < cutoff
        except FileNotFoundError:  # settled or discarded by another process meanwhile
            continue
        if stale:
            shutil.rmtree(folder, ignore_errors=True)
