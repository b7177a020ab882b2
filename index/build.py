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
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from index import chroma
from index.blocks import CleanedText
from index.bm25 import FOLDER as BM25_FOLDER
from index.bm25 import ChunkTerms, build_bm25
from index.chroma import CHUNKS, ChromaServer, Rows
from index.chunk import Chunk, Sentence, segment
from index.clean import clean_source, document_metadata
from index.embed import chunk_vectors
from index.errors import IndexingError, SourceError
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
from index.records import DocumentMetadata
from index.tables import FOLDER as TABLES_FOLDER
from index.tables import Tables, TableWriter
from index.text import content_words

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

log = logging.getLogger(__name__)

EMBED_BATCH = 256


@dataclass
class SourceRows:
    """One source's chunks (written to Chroma and the tables) and sentences (tables only)."""

    chunks: Rows
    sentences: Rows

    @classmethod
    def of(
        cls, chunks: list[Chunk], sentences: list[Sentence], sentence_vectors: np.ndarray
    ) -> SourceRows:
        """The rows of one source's spans; chunk vectors pooled from the sentence vectors."""
        return cls(
            Rows(
                [c.text for c in chunks],
                [c.metadata() for c in chunks],
                chunk_vectors(chunks, sentences, sentence_vectors),
            ),
            Rows([s.text for s in sentences], [s.metadata() for s in sentences], sentence_vectors),
        )


def _embedded_rows(
    document: SourceDocument, cleaned: CleanedText, chunker: ChunkerSettings, model: Embeddings
) -> SourceRows:
    """The rows of ``document`` (its article text ``cleaned``), chunked and embedded now."""
    sentences, chunks = segment(
        cleaned, document.name, chunker.max_chars, chunker.overlap_sentences
    )
    if not sentences:
        raise SourceError(f"{document.name}: no article text left after cleaning")
    texts = [s.text for s in sentences]
    vectors = np.asarray(
        [
            v
            for i in range(0, len(texts), EMBED_BATCH)
            for v in model.embed_documents(texts[i : i + EMBED_BATCH])
        ],
        dtype=np.float32,
    )
    return SourceRows.of(chunks, sentences, vectors)


# Each worker process's embedding model, loaded once by the factory it was given.
_WORKER_MODELS: dict[Callable[[], Embeddings], Embeddings] = {}


def _worker_start(threads: int) -> None:
    """Share the CPU between workers: each model runs on its part of the cores."""
    import torch

    torch.set_num_threads(threads)


# A source ready to write: its rows and what it says of itself (title, byline, ...).
PreparedSource = tuple[SourceRows, dict[str, object]]


def _prepared(
    document: SourceDocument, chunker: ChunkerSettings, embeddings: Callable[[], Embeddings]
) -> PreparedSource:
    """A document cleaned, chunked and embedded, with what it says of itself; run in a
    worker process (``build(workers=N)``)."""
    model = _WORKER_MODELS.get(embeddings)
    if model is None:
        model = _WORKER_MODELS[embeddings] = embeddings()
    cleaned = clean_source(document.path.name, document.text)
    return _embedded_rows(document, cleaned, chunker, model), document_metadata(cleaned)


def _previous_tables(data_dir: Path, current: Manifest) -> Tables | None:
    """The current build's tables, to copy unchanged sources from; None if unusable."""
    try:
        return Tables(
            builds_dir(data_dir) / current.build_id / TABLES_FOLDER,
            [s.name for s in current.sources],
        )
    except Exception as exc:  # a damaged previous index is rebuilt from the sources
        log.warning("previous index unusable (%s); embedding every source", exc)
        return None


def _copied_rows(tables: Tables, name: str) -> SourceRows:
    """Source ``name``'s rows in a previous build's tables; its chunk vectors are pooled
    again from its sentence vectors, as when it was embedded."""
    chunk_positions = tables.chunks_of_source(name)
    if not chunk_positions:
        raise IndexingError(f"{name} has no rows in the previous index")
    sentence_positions = tables.sentences_of_source(name)
    chunks = tables.chunks[chunk_positions.start : chunk_positions.stop]
    sentences = tables.sentences[sentence_positions.start : sentence_positions.stop]
    vectors = np.array(tables.sentence_vectors[sentence_positions.start : sentence_positions.stop])
    return SourceRows.of(chunks, sentences, vectors)


def _kept_metadata(metadata: DocumentMetadata, document: SourceDocument) -> DocumentMetadata:
    """An unchanged source's metadata, from the previous build; one from a build that
    kept no spans yet is read again from the text (cheap beside embedding), so an older
    library gains them at its next build."""
    if metadata.spans is not None and metadata.left_out is not None:
        return metadata
    return _metadata(document_metadata(clean_source(document.path.name, document.text)))


def _metadata(found: dict[str, object]) -> DocumentMetadata:
    return DocumentMetadata.model_validate(found)


def build(
    data_dir: Path,
    documents: list[SourceDocument],
    chunker: ChunkerSettings,
    embeddings: Callable[[], Embeddings],
    *,
    force: bool = False,
    server: ChromaServer | None = None,
    progress: bool = False,
    workers: int = 1,
) -> tuple[Manifest, bool]:
    """Build the index for ``documents`` unless the current one already matches.

    Unchanged sources keep their vectors (copied from the current index); ``force``
    re-embeds everything. Sources are written one at a time, in order. ``embeddings`` is
    called only when something must be embedded (loading the model is slow); with
    ``workers`` > 1, that many processes clean, chunk and embed sources side by side
    (each with its own model, ``embeddings`` must be picklable) while this one writes.
    Returns the manifest in force and whether a new index was built.
    """
    from tqdm import tqdm

    planned = plan_manifest(documents, chunker, server.store_name if server else EMBEDDED)
    try:
        current = read_manifest(data_dir)
    except IndexingError:
        current = None
    if not force and current is not None and current.fingerprint() == planned.fingerprint():
        return current, False

    before = {s.name: s.sha256 for s in current.sources} if current else {}
    metadata_before = {s.name: s.metadata for s in current.sources} if current else {}
    unchanged = {d.name for d in documents if before.get(d.name) == d.sha256}
    previous = None
    if unchanged and not force and current is not None and current.compatible(planned):
        previous = _previous_tables(data_dir, current)
    planned.changes = {
        "added": [d.name for d in documents if d.name not in before],
        "updated": [d.name for d in documents if d.name in before and d.name not in unchanged],
        "removed": sorted(set(before) - {d.name for d in documents}),
        "unchanged": [d.name for d in documents if d.name in unchanged],
    }

    build_dir = builds_dir(data_dir) / planned.build_id
    build_dir.mkdir(parents=True)
    pool = None
    # Chroma writes one source while the next is prepared: on a server the wait is
    # another process's work, and the two overlap on a multi-core machine. One write is
    # in flight at a time, so sources land in order and memory stays flat.
    writer = ThreadPoolExecutor(1, thread_name_prefix="chroma-write")
    written: Future[int] | None = None
    try:
        target = chroma.client(data_dir, planned.build_id, server)
        collection = target.create_collection(
            chroma.collection_name(CHUNKS, planned.build_id, server),
            metadata={"hnsw:space": "cosine"},
        )
        chunk_count = sentence_count = 0
        terms = ChunkTerms()
        tables = TableWriter(build_dir / TABLES_FOLDER)
        model: Embeddings | None = None
        # Unchanged sources are copied from the previous index; the rest are embedded.
        copied = unchanged if previous is not None else set()
        to_embed = [d for d in documents if d.name not in copied]
        pool, prepared = _start_workers(workers, to_embed, chunker, embeddings)
        for document, source in tqdm(
            list(zip(documents, planned.sources)),
            desc="indexing",
            unit="file",
            disable=not progress,
            leave=False,
        ):
            rows = None
            if document.name in copied and previous is not None:
                try:
                    rows = _copied_rows(previous, document.name)
                    source.metadata = _kept_metadata(metadata_before[document.name], document)
                except Exception as exc:
                    log.warning("cannot copy %s (%s); embedding it", document.name, exc)
            elif prepared is not None:
                rows, found = next(prepared)
                source.metadata = _metadata(found)
            if rows is None:
                cleaned = clean_source(document.path.name, document.text)
                model = model or embeddings()
                rows = _embedded_rows(document, cleaned, chunker, model)
                source.metadata = _metadata(document_metadata(cleaned))
            if written is not None:
                written.result()
            written = writer.submit(chroma.write_chunks, collection, rows.chunks, chunk_count)
            chunk_count += len(rows.chunks.texts)
            sentence_count += len(rows.sentences.texts)
            source.chunks = len(rows.chunks.texts)
            for text in rows.chunks.texts:
                terms.add(content_words(text))
            tables.add(
                rows.chunks.metadatas,
                rows.chunks.texts,
                rows.sentences.metadatas,
                rows.sentences.texts,
                rows.sentences.vectors,
            )
        planned.chunk_count, planned.sentence_count = chunk_count, sentence_count
        tables.finish()
        build_bm25(terms, build_dir / BM25_FOLDER)
        if written is not None:
            written.result()
        write_manifest(data_dir, planned)
    except BaseException:
        writer.shutdown(wait=True)  # no write into the folder while it is removed
        shutil.rmtree(build_dir, ignore_errors=True)
        raise
    finally:
        writer.shutdown(wait=True)
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    point_current_at(data_dir, planned.build_id)
    # The build just replaced stays too: a question already under way may still read it.
    keep = {planned.build_id} | ({current.build_id} if current else set())
    _remove_stale_builds(builds_dir(data_dir), keep)
    if server is not None:
        chroma.remove_stale_collections(target, keep)
    return planned, True


def _start_workers(
    workers: int,
    documents: list[SourceDocument],
    chunker: ChunkerSettings,
    embeddings: Callable[[], Embeddings],
) -> tuple[Any, Iterator[PreparedSource] | None]:
    """A process pool preparing ``documents`` in order, or (None, None) for one worker."""
    if workers <= 1 or len(documents) <= 1:
        return None, None
    import os
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial
    from multiprocessing import get_context

    workers = min(workers, len(documents))
    pool = ProcessPoolExecutor(
        workers,
        mp_context=get_context("spawn"),  # no forked copy of this process's threads
        initializer=_worker_start,
        initargs=(max(1, (os.cpu_count() or 1) // workers),),
    )
    prepare = partial(_prepared, chunker=chunker, embeddings=embeddings)
    return pool, _in_order(pool, prepare, documents, ahead=2 * workers)


def _in_order(
    pool: Any,
    prepare: Callable[[SourceDocument], PreparedSource],
    documents: list[SourceDocument],
    ahead: int,
) -> Iterator[PreparedSource]:
    """``prepare(d)`` for each document, in order, at most ``ahead`` of them under way or
    waiting. (``pool.map`` submits every document at once and keeps whatever is done: when
    the workers outpace the writer, a large corpus piles up in memory.)"""
    pending: deque[Future[PreparedSource]] = deque()
    remaining = iter(documents)
    for document in islice(remaining, ahead):
        pending.append(pool.submit(prepare, document))
    while pending:
        done = pending.popleft().result()
        for document in islice(remaining, 1):
            pending.append(pool.submit(prepare, document))
        yield done


def _remove_stale_builds(builds: Path, keep: set[str]) -> None:
    for build_dir in builds.iterdir():
        if build_dir.name not in keep:
            shutil.rmtree(build_dir, ignore_errors=True)
