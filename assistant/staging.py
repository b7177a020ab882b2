"""What an add stores before the build that indexes it.

Each add stages its document in a folder of its own under
``<data_dir>/documents/.incoming/`` — a copy of the file (streamed, never held whole in
memory, refused as soon as it passes the size limit), the fetched HTML as a snapshot, the
pasted text, or a PDF's extracted text — with no lock held, so a slow upload or fetch
holds up no other change. Under the build lock, just before its build, the folder is
moved into ``<data_dir>/documents/`` (named by its content hash and a unique suffix). A
staged folder belongs to one add: a refused or failed add deletes only the folder it
made (nothing of a refused document stays on disk), never the copy of a document already
in the library, even one with the same bytes.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from assistant.library import SUPPORTED, TEXT_SUFFIXES, documents_dir
from assistant.names import MAX_NAME_CHARS, checked_name
from index.errors import SourceError
from index.fetch import fetch_page
from index.load import MAX_SOURCE_BYTES, SourceDocument, load_source
from index.pdf import pdf_text

_COPY_CHUNK = 1 << 20
# A staging folder older than this is left from a process that stopped mid-add.
STALE_STAGING_SECONDS = 3600


def _incoming(data_dir: Path) -> Path:
    return documents_dir(data_dir) / ".incoming"


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


def _copy(content: IO[bytes], path: Path, name: str) -> None:
    """Stream ``content`` into ``path``; refuse as soon as it passes the size limit."""
    size = 0
    with path.open("wb") as out:
        while piece := content.read(_COPY_CHUNK):
            size += len(piece)
            if size > MAX_SOURCE_BYTES:
                raise SourceError(f"{name}: over the {MAX_SOURCE_BYTES} byte limit")
            out.write(piece)


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
    name = checked_name(Path(file_name).name)
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
    name = checked_name(page.url[:MAX_NAME_CHARS])

    def store(folder: Path) -> SourceDocument:
        path = _write(folder / ("source" + page.suffix), page.body)
        return load_source(path, folder, name, _details(page.url, "url"))

    return _staged(_folder(data_dir), store)


def stage_text(data_dir: Path, text: str, name: str) -> SourceDocument:
    """Pasted ``text`` stored as a document named ``name``."""
    name = checked_name(name)
    if not text.strip():
        raise SourceError(f"{name}: the text is empty")
    content = text.encode()
    if len(content) > MAX_SOURCE_BYTES:
        raise SourceError(f"{name}: over the {MAX_SOURCE_BYTES} byte limit")

    def store(folder: Path) -> SourceDocument:
        path = _write(folder / "source.txt", content)
        return load_source(path, folder, name, _details("pasted", "text"))

    return _staged(_folder(data_dir), store)


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
