"""Read source files, refusing what cannot be ingested."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.errors import SourceError

MAX_SOURCE_BYTES = 20_000_000
# What a folder is searched for; a file named explicitly is read whatever its suffix.
SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


@dataclass(frozen=True)
class SourceDocument:
    """One source file: its name as ingested, full text and content hash; ``details``
    (origin, kind, when added, PDF page starts) are kept with it in the manifest."""

    name: str
    path: Path
    text: str
    sha256: str
    details: dict[str, Any] = field(default_factory=dict)


def display_name(path: Path, root: Path) -> str:
    """The source path as shown in citations: relative to ``root`` when inside it."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(resolved)


def load_source(
    path: Path, root: Path, name: str | None = None, details: dict[str, Any] | None = None
) -> SourceDocument:
    """Read one UTF-8 text file (named ``name``, by default its path from ``root``); raise
    SourceError with a one-line reason otherwise."""
    label = name or path
    if not path.exists():
        raise SourceError(f"{label}: no such file")
    if not path.is_file():
        raise SourceError(f"{label}: not a regular file")
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise SourceError(f"{label}: {size} bytes is over the {MAX_SOURCE_BYTES} byte limit")
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{label}: cannot read ({exc.strerror})") from exc
    if raw.startswith(b"%PDF-"):
        # A file named on the command line is the user's own; a staged one is ours.
        hint = f"add it with: assistant docs add {path}" if name is None else "add it as a file"
        raise SourceError(f"{label}: a PDF; {hint}")
    if b"\x00" in raw:
        raise SourceError(f"{label}: binary file, expected UTF-8 text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{label}: not valid UTF-8 (byte {exc.start})") from exc
    if not text.lstrip("\ufeff").strip():  # a byte-order mark alone is empty too
        raise SourceError(f"{label}: empty file")
    return SourceDocument(
        name=name or display_name(path, root),
        path=path.resolve(),
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
        details=details or {},
    )


def collect_paths(paths: Sequence[Path]) -> list[Path]:
    """The files that ``paths`` name: files as given, folders searched recursively for
    supported files (hidden ones skipped); each once, in order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not inside:
                kinds = ", ".join(SUPPORTED_SUFFIXES)
                raise SourceError(f"{path}: folder holds no supported files ({kinds})")
            found += inside
        elif not path.exists():
            raise SourceError(f"{path}: no such file or folder")
        else:
            found.append(path)
    unique = {p.resolve(): p for p in found}
    return list(unique.values())


def load_sources(paths: Sequence[Path], root: Path) -> list[SourceDocument]:
    """Every file ``paths`` name, read and checked; the first bad one raises SourceError."""
    return [load_source(p, root) for p in collect_paths(paths)]
