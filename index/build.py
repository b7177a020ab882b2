"""Building an index: clean, chunk and embed the sources into a new build, then swap.

A build writes a new folder (and, on a server, new collections) beside the current one
and only then points ``current.json`` at it, so a build that fails or is killed half-way
leaves the previous index answering. A build is incremental: vectors of sources whose
content hash is unchanged are copied from the previous index, only new and changed
sources are embedded, removed ones are left out.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from index import chroma
from index.blocks import CleanedText
from index.bm25 import FOLDER as BM25_FOLDER
from index.bm25 import build_bm25
from index.chroma import CHUNKS, KINDS, SENTENCES, ChromaServer, Rows
from index.chunk import segment
from index.clean import clean_source, document_metadata
from index.errors import IndexingError
from index.load import SourceDocument
from index.manifest import (
    EMBEDDED,
    ChunkerSettings,
    Manifest,
    builds_dir,
    plan_manifest,
    point_current_at,
    read_manifest,
    write_manifest,
)
from index.text import content_words

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

log = logging.getLogger(__name__)

EMBED_BATCH = 256


def _embedded_rows(
    document: SourceDocument, cleaned: CleanedText, chunker: ChunkerSettings, model: Embeddings
) -> dict[str, Rows]:
    """The rows of ``document`` (its article text ``cleaned``), chunked and embedded now."""
    sentences, chunks = segment(
        cleaned, document.name, chunker.max_chars, chunker.overlap_sentences
    )
    if not sentences:
        raise IndexingError(f"{document.path}: no article text left after cleaning")
    texts = [c.text for c in chunks] + [s.text for s in sentences]
    vectors = np.asarray(
        [
            v
            for i in range(0, len(texts), EMBED_BATCH)
            for v in model.embed_documents(texts[i : i + EMBED_BATCH])
        ],
        dtype=np.float32,
    )
    return {
        CHUNKS: Rows(
            [c.text for c in chunks], [c.metadata() for c in chunks], vectors[: len(chunks)]
        ),
        SENTENCES: Rows(
            [s.text for s in sentences],
            [s.metadata() for s in sentences],
            vectors[len(chunks) :],
        ),
    }


def _previous_collections(
    data_dir: Path, current: Manifest, server: ChromaServer | None
) -> dict[str, Any] | None:
    """The current index's collections, to copy unchanged sources from; None if unusable."""
    try:
        previous = chroma.client(data_dir, current.build_id, server)
        return {
            kind: previous.get_collection(chroma.collection_name(kind, current.build_id, server))
            for kind in KINDS
        }
    except Exception as exc:  # a damaged previous index is rebuilt from the sources
        log.warning("previous index unusable (%s); embedding every source", exc)
        return None


def build(
    data_dir: Path,
    documents: list[SourceDocument],
    chunker: ChunkerSettings,
    embeddings: Callable[[], Embeddings],
    force: bool = False,
    server: ChromaServer | None = None,
    progress: bool = False,
) -> tuple[Manifest, bool]:
    """Build the index for ``documents`` unless the current one already matches.

    Unchanged sources keep their vectors (copied from the current index); ``force``
    re-embeds everything. Sources are processed one at a time, so memory does not grow
    with the corpus. ``embeddings`` is called only when something must be embedded
    (loading the model is slow). Returns the manifest in force and whether a new index
    was built.
    """
    from tqdm import tqdm

    planned = plan_manifest(documents, chunker, server.store_name if server else EMBEDDED)
    try:
        current = read_manifest(data_dir)
    except IndexingError:
        current = None
    if not force and current is not None and current.fingerprint() == planned.fingerprint():
        return current, False

    before = {s["name"]: s["sha256"] for s in current.sources} if current else {}
    metadata_before = {s["name"]: s.get("metadata", {}) for s in current.sources} if current else {}
    unchanged = {d.name for d in documents if before.get(d.name) == d.sha256}
    previous = None
    if unchanged and not force and current is not None and current.compatible(planned):
        previous = _previous_collections(data_dir, current, server)
    planned.changes = {
        "added": [d.name for d in documents if d.name not in before],
        "updated": [d.name for d in documents if d.name in before and d.name not in unchanged],
        "removed": sorted(set(before) - {d.name for d in documents}),
        "unchanged": [d.name for d in documents if d.name in unchanged],
    }

    build_dir = builds_dir(data_dir) / planned.build_id
    build_dir.mkdir(parents=True)
    try:
        target = chroma.client(data_dir, planned.build_id, server)
        collections = {
            kind: target.create_collection(
                chroma.collection_name(kind, planned.build_id, server),
                metadata={"hnsw:space": "cosine"},
            )
            for kind in KINDS
        }
        counts = dict.fromkeys(collections, 0)
        tokens: list[list[str]] = []  # every chunk's BM25 terms, in chunk order
        model: Embeddings | None = None
        for document, source in tqdm(
            list(zip(documents, planned.sources)),
            desc="indexing",
            unit="file",
            disable=not progress,
            leave=False,
        ):
            rows = None
            if previous is not None and document.name in unchanged:
                try:
                    rows = chroma.stored_rows(previous, document.name)
                    source["metadata"] = metadata_before[document.name]
                except Exception as exc:
                    log.warning("cannot copy %s (%s); embedding it", document.name, exc)
                    rows = None
            if rows is None:
                cleaned = clean_source(document.path.name, document.text)
                model = model or embeddings()
                rows = _embedded_rows(document, cleaned, chunker, model)
                source["metadata"] = document_metadata(cleaned)
            for kind, collection in collections.items():
                counts[kind] += chroma.write_rows(collection, kind, rows[kind], first=counts[kind])
            source["chunks"] = len(rows[CHUNKS].texts)
            tokens += [content_words(text) for text in rows[CHUNKS].texts]
        planned.chunk_count, planned.sentence_count = counts[CHUNKS], counts[SENTENCES]
        build_bm25(tokens, build_dir / BM25_FOLDER)
        write_manifest(data_dir, planned)
    except BaseException:
        shutil.rmtree(build_dir, ignore_errors=True)
        raise
    point_current_at(data_dir, planned.build_id)
    # The build just replaced stays too: a question already under way may still read it.
    keep = {planned.build_id} | ({current.build_id} if current else set())
    _remove_stale_builds(builds_dir(data_dir), keep)
    if server is not None:
        chroma.remove_stale_collections(target, keep)
    return planned, True


def _remove_stale_builds(builds: Path, keep: set[str]) -> None:
    for build_dir in builds.iterdir():
        if build_dir.name not in keep:
            shutil.rmtree(build_dir, ignore_errors=True)
