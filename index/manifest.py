"""What an index was built from, and which build is in use.

Layout under ``<data_dir>/index``::

    current.json          {"build_id": ...}; replaced atomically after a build succeeds
    builds/<build_id>/    the build's manifest.json (and, embedded, its Chroma database)
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from index.embed import DIMENSION, MODEL_NAME
from index.errors import IndexingError
from index.load import SourceDocument
from index.records import SourceRecord

MANIFEST = "manifest.json"
CURRENT = "current.json"
# 3: sentences carry their paragraph; 4: BM25 saved with the build; 5: memory-mapped
# tables of chunks, sentences and words saved with the build; 6: each source's length;
# 7: sentences in the tables only, no longer a Chroma collection; 8: chunk vectors pooled
# from their sentences' vectors; 9: acronyms that spell stop words ("US") are words, a
# decimal is also its whole part.
MANIFEST_VERSION = 9
EMBEDDED = "embedded"


@dataclass(frozen=True)
class ChunkerSettings:
    """How sources are cut into chunks; part of the index fingerprint."""

    max_chars: int
    overlap_sentences: int


@dataclass
class Manifest:
    """What an index was built from; any change to the fingerprint triggers a rebuild."""

    build_id: str
    embedding_model: str
    dimension: int
    chunker: dict[str, int]
    sources: list[SourceRecord]
    store: str = EMBEDDED
    chunk_count: int = 0
    sentence_count: int = 0
    created_at: float = field(default_factory=time.time)
    version: int = MANIFEST_VERSION
    # Source names by what the build did with them: added, updated, removed, unchanged.
    changes: dict[str, list[str]] = field(default_factory=dict)

    def compatible(self, other: Manifest) -> bool:
        """True when vectors of one index can be reused in the other."""
        return self.fingerprint()[:4] == other.fingerprint()[:4] and self.store == other.store

    def fingerprint(self) -> tuple[Any, ...]:
        return (
            self.version,
            self.embedding_model,
            self.dimension,
            tuple(sorted(self.chunker.items())),
            tuple(sorted((s.name, s.sha256) for s in self.sources)),
            self.store,
        )


def plan_manifest(
    documents: list[SourceDocument], chunker: ChunkerSettings, store: str = EMBEDDED
) -> Manifest:
    """The manifest a build of ``documents`` into ``store`` would have."""
    return Manifest(
        store=store,
        build_id=f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}",
        embedding_model=MODEL_NAME,
        dimension=DIMENSION,
        chunker=asdict(chunker),
        sources=[
            SourceRecord(
                **d.details,
                id=document_id(d.name, d.sha256),
                name=d.name,
                path=str(d.path),
                sha256=d.sha256,
                chars=len(d.text),  # what the citation offsets index
            )
            for d in documents
        ],
    )


def document_id(name: str, sha256: str) -> str:
    """The id of the source named ``name`` with content hash ``sha256``: its name part
    stays while the content does, and the version part changes with the content, so a
    citation's id always names the text it quotes."""
    return f"{hashlib.sha256(name.encode()).hexdigest()[:12]}-{sha256[:8]}"


def same_document(id_a: str, id_b: str) -> bool:
    """True when two ids name versions of one document (the same name)."""
    return id_a.partition("-")[0] == id_b.partition("-")[0]


def index_dir(data_dir: Path) -> Path:
    return data_dir / "index"


def builds_dir(data_dir: Path) -> Path:
    return index_dir(data_dir) / "builds"


def current_build_id(data_dir: Path) -> str | None:
    """The id of the build in use, or None when there is none (or it cannot be read)."""
    try:
        return str(json.loads((index_dir(data_dir) / CURRENT).read_text())["build_id"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def read_manifest(data_dir: Path) -> Manifest | None:
    """The manifest of the current index, or None when there is none."""
    root = index_dir(data_dir)
    try:
        build_id = json.loads((root / CURRENT).read_text())["build_id"]
        data = json.loads((root / "builds" / build_id / MANIFEST).read_text())
        sources = [SourceRecord.model_validate(s) for s in data.pop("sources")]
        return Manifest(**data, sources=sources)
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise IndexingError(
            f"index in {root} is unreadable ({exc}); run: assistant index build --rebuild"
        ) from exc


def write_manifest(data_dir: Path, manifest: Manifest) -> None:
    stored = {**asdict(manifest), "sources": [s.stored() for s in manifest.sources]}
    (builds_dir(data_dir) / manifest.build_id / MANIFEST).write_text(json.dumps(stored, indent=2))


def point_current_at(data_dir: Path, build_id: str) -> None:
    """Make ``build_id`` the index in use, atomically."""
    target = index_dir(data_dir) / CURRENT
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps({"build_id": build_id}))
    os.replace(tmp, target)


def size_on_disk(data_dir: Path, manifest: Manifest) -> int | None:
    """Bytes the build's folder takes; None when the vectors live on a Chroma server."""
    if manifest.store != EMBEDDED:
        return None
    folder = builds_dir(data_dir) / manifest.build_id
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
