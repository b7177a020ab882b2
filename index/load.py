"""Read source files, refusing what cannot be ingested."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from index.errors import SourceError

MAX_SOURCE_BYTES = 20_000_000


@dataclass(frozen=True)
class SourceDocument:
    """One source file: its name as ingested, full text and content hash."""

    name: str
    path: Path
    text: str
    sha256: str


def display_name(path: Path, root: Path) -> str:
    """The source path as shown in citations: relative to ``root`` when inside it."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(resolved)


def load_source(path: Path, root: Path) -> SourceDocument:
    """Read one UTF-8 text file; raise SourceError with a one-line reason otherwise."""
    if not path.exists():
        raise SourceError(f"{path}: no such file")
    if not path.is_file():
        raise SourceError(f"{path}: not a regular file")
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise SourceError(f"{path}: {size} bytes is over the {MAX_SOURCE_BYTES} byte limit")
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror})") from exc
    if b"\x00" in raw:
        raise SourceError(f"{path}: binary file, expected UTF-8 text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: not valid UTF-8 (byte {exc.start})") from exc
    if not text.strip():
        raise SourceError(f"{path}: empty file")
    return SourceDocument(
        name=display_name(path, root),
        path=path.resolve(),
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
    )
