"""The Chroma-backed index: build aside, then swap; reopen with its manifest.

Layout under ``<data_dir>/index``::

    current.json          {"build_id": ...}; replaced atomically after a build succeeds
    builds/<build_id>/    a Chroma PersistentClient folder plus manifest.json

A build writes a new folder and only then points ``current.json`` at it, so a build that
fails or is killed half-way leaves the previous index answering. A build is incremental:
vectors of sources whose content hash is unchanged are copied from the previous index,
only new and changed sources are embedded, removed ones are left out.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from langchain_chroma import Chroma

from index.chunk import Chunk, Sentence, segment
from index.clean import clean_source
from index.embed import DIMENSION, MODEL_NAME
from index.errors import IndexingError, IndexMissingError, StoreUnavailableError
from index.load import SourceDocument

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

log = logging.getLogger(__name__)

CHUNKS = "chunks"
SENTENCES = "sentences"
MANIFEST = "manifest.json"
CURRENT = "current.json"
MANIFEST_VERSION = 2


@dataclass(frozen=True)
class ChunkerSettings:
    """How sources are cut into chunks; part of the index fingerprint."""

    max_chars: int
    overlap_sentences: int


@dataclass(frozen=True)
class ChromaServer:
    """Where a Chroma server listens; without one the index is an embedded Chroma."""

    host: str
    port: int = 8000
    auth_token: str | None = None


@dataclass
class Manifest:
    """What an index was built from; any change to the fingerprint triggers a rebuild."""

    build_id: str
    embedding_model: str
    dimension: int
    chunker: dict[str, int]
    sources: list[dict[str, Any]]
    store: str = "embedded"
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
            tuple(sorted((s["name"], s["sha256"]) for s in self.sources)),
            self.store,
        )


def plan_manifest(
    documents: list[SourceDocument], chunker: ChunkerSettings, server: ChromaServer | None = None
) -> Manifest:
    """The manifest a build of ``documents`` would have."""
    return Manifest(
        store="embedded" if server is None else f"chroma://{server.host}:{server.port}",
        build_id=f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}",
        embedding_model=MODEL_NAME,
        dimension=DIMENSION,
        chunker=asdict(chunker),
        sources=[{"name": d.name, "path": str(d.path), "sha256": d.sha256} for d in documents],
    )


def _index_dir(data_dir: Path) -> Path:
    return data_dir / "index"


def read_manifest(data_dir: Path) -> Manifest | None:
    """The manifest of the current index, or None when there is none."""
    root = _index_dir(data_dir)
    try:
        build_id = json.loads((root / CURRENT).read_text())["build_id"]
        data = json.loads((root / "builds" / build_id / MANIFEST).read_text())
        return Manifest(**data)
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError) as exc:
        raise IndexingError(
            f"index in {root} is unreadable ({exc}); run: assistant index build --rebuild"
        ) from exc


def _chroma_client(data_dir: Path, build_id: str, server: ChromaServer | None) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    if server is None:
        return chromadb.PersistentClient(
            path=str(_index_dir(data_dir) / "builds" / build_id / "chroma"),
            settings=ChromaSettings(anonymized_telemetry=False),
        )
    options: dict[str, Any] = {"anonymized_telemetry": False}
    if server.auth_token:
        options["chroma_client_auth_provider"] = "chromadb.auth.token_authn.TokenAuthClientProvider"
        options["chroma_client_auth_credentials"] = server.auth_token
    try:
        return chromadb.HttpClient(
            host=server.host, port=server.port, settings=ChromaSettings(**options)
        )
    except Exception as exc:  # the client checks the server at once
        raise StoreUnavailableError(
            f"Chroma server at {server.host}:{server.port} is unreachable ({type(exc).__name__})"
        ) from exc


def _collection_name(kind: str, build_id: str, server: ChromaServer | None) -> str:
    """Embedded builds each have their own database; on a server, names carry the build."""
    return kind if server is None else f"{kind}-{build_id}"


def _vectorstore(client: Any, name: str, embeddings: Embeddings | None) -> Chroma:
    return Chroma(
        collection_name=name,
        embedding_function=embeddings,
        client=client,
        collection_metadata={"hnsw:space": "cosine"},
    )


def prepare(
    documents: list[SourceDocument], chunker: ChunkerSettings
) -> tuple[list[Chunk], list[Sentence]]:
    """Clean, split and chunk every document (no embedding yet)."""
    chunks: list[Chunk] = []
    sentences: list[Sentence] = []
    for document in documents:
        doc_sentences, doc_chunks = segment(
            clean_source(document.name, document.text),
            document.name,
            chunker.max_chars,
            chunker.overlap_sentences,
        )
        if not doc_sentences:
            raise IndexingError(f"{document.path}: no article text left after cleaning")
        offset = len(chunks)
        chunks += [
            Chunk(c.source, c.start, c.end, c.text, c.ordinal + offset, c.content_hash)
            for c in doc_chunks
        ]
        offset = len(sentences)
        sentences += [
            Sentence(s.source, s.start, s.end, s.text, s.ordinal + offset, s.role)
            for s in doc_sentences
        ]
    return chunks, sentences


@dataclass
class _Rows:
    """One source's rows for one collection: texts, metadata and vectors, in order."""

    texts: list[str]
    metadatas: list[dict[str, Any]]
    vectors: np.ndarray


def _pages(
    collection: Any, include: list[str], where: dict[str, Any] | None = None
) -> Iterator[dict[str, Any]]:
    """Every row of ``collection`` (matching ``where``), ``LOAD_PAGE`` rows at a time:
    Chroma fails on one get() of ~33k rows or more (too many SQL variables), and one
    get() of every vector would hold them all as Python objects at once."""
    offset = 0
    while True:
        page = collection.get(include=include, where=where, limit=LOAD_PAGE, offset=offset)
        if not page["ids"]:
            return
        yield page
        offset += len(page["ids"])


def _stored_rows(collections: dict[str, Any], name: str) -> dict[str, _Rows]:
    """The rows of source ``name`` in a previous index's collections."""
    rows = {}
    for kind, collection in collections.items():
        texts: list[str] = []
        metadatas: list[dict[str, Any]] = []
        vectors = []
        for page in _pages(collection, ["documents", "metadatas", "embeddings"], {"source": name}):
            texts += page["documents"]
            metadatas += [dict(m) for m in page["metadatas"]]
            vectors.append(np.asarray(page["embeddings"], np.float32).reshape(-1, DIMENSION))
        order = np.argsort([m["ordinal"] for m in metadatas])
        rows[kind] = _Rows(
            texts=[texts[i] for i in order],
            metadatas=[metadatas[i] for i in order],
            vectors=np.concatenate(vectors)[order] if vectors else np.zeros((0, DIMENSION)),
        )
    if not rows[CHUNKS].texts:
        raise IndexingError(f"{name} has no rows in the previous index")
    return rows


def _embedded_rows(
    document: SourceDocument, chunker: ChunkerSettings, model: Embeddings
) -> dict[str, _Rows]:
    """The rows of ``document``, cleaned, chunked and embedded now."""
    chunks, sentences = prepare([document], chunker)
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
        CHUNKS: _Rows(
            [c.text for c in chunks], [c.metadata() for c in chunks], vectors[: len(chunks)]
        ),
        SENTENCES: _Rows(
            [s.text for s in sentences],
            [_sentence_metadata(s) for s in sentences],
            vectors[len(chunks) :],
        ),
    }


def _sentence_metadata(sentence: Sentence) -> dict[str, Any]:
    return {
        "source": sentence.source,
        "start": sentence.start,
        "end": sentence.end,
        "ordinal": sentence.ordinal,
        "role": sentence.role,
    }


def _previous_collections(
    data_dir: Path, current: Manifest, server: ChromaServer | None
) -> dict[str, Any] | None:
    """The current index's collections, to copy unchanged sources from; None if unusable."""
    try:
        client = _chroma_client(data_dir, current.build_id, server)
        return {
            kind: client.get_collection(_collection_name(kind, current.build_id, server))
            for kind in (CHUNKS, SENTENCES)
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

    planned = plan_manifest(documents, chunker, server)
    try:
        current = read_manifest(data_dir)
    except IndexingError:
        current = None
    if not force and current is not None and current.fingerprint() == planned.fingerprint():
        return current, False

    before = {s["name"]: s["sha256"] for s in current.sources} if current else {}
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

    builds = _index_dir(data_dir) / "builds"
    build_dir = builds / planned.build_id
    build_dir.mkdir(parents=True)
    try:
        client = _chroma_client(data_dir, planned.build_id, server)
        collections = {
            kind: client.create_collection(
                _collection_name(kind, planned.build_id, server), metadata={"hnsw:space": "cosine"}
            )
            for kind in (CHUNKS, SENTENCES)
        }
        counts = dict.fromkeys(collections, 0)
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
                    rows = _stored_rows(previous, document.name)
                except Exception as exc:
                    log.warning("cannot copy %s (%s); embedding it", document.name, exc)
            if rows is None:
                model = model or embeddings()
                rows = _embedded_rows(document, chunker, model)
            for kind, collection in collections.items():
                counts[kind] += _write(collection, kind, rows[kind], first=counts[kind])
            source["chunks"] = len(rows[CHUNKS].texts)
        planned.chunk_count, planned.sentence_count = counts[CHUNKS], counts[SENTENCES]
        (build_dir / MANIFEST).write_text(json.dumps(asdict(planned), indent=2))
    except BaseException:
        shutil.rmtree(build_dir, ignore_errors=True)
        raise
    _point_current_at(data_dir, planned.build_id)
    _remove_stale_builds(builds, keep=planned.build_id)
    if server is not None:
        _remove_stale_collections(client, keep=planned.build_id)
    return planned, True


def _write(collection: Any, kind: str, rows: _Rows, first: int) -> int:
    """Add ``rows``, numbered from ``first`` on; the number of rows."""
    metadatas = [{**m, "ordinal": first + i} for i, m in enumerate(rows.metadatas)]
    ids = [
        f"{m['content_hash'][:16]}-{m['ordinal']}" if kind == CHUNKS else f"s{m['ordinal']}"
        for m in metadatas
    ]
    for i in range(0, len(ids), BATCH):
        collection.add(
            ids=ids[i : i + BATCH],
            documents=rows.texts[i : i + BATCH],
            metadatas=metadatas[i : i + BATCH],
            embeddings=rows.vectors[i : i + BATCH],
        )
    return len(ids)


BATCH = 1000  # Chroma refuses very large batches
EMBED_BATCH = 256
LOAD_PAGE = 2000


def _remove_stale_collections(client: Any, keep: str) -> None:
    for collection in client.list_collections():
        name = getattr(collection, "name", collection)
        kind, _, build_id = str(name).partition("-")
        if kind in (CHUNKS, SENTENCES) and build_id and build_id != keep:
            client.delete_collection(str(name))


def size_on_disk(data_dir: Path, manifest: Manifest) -> int | None:
    """Bytes the build's folder takes; None when the vectors live on a Chroma server."""
    if manifest.store != "embedded":
        return None
    folder = _index_dir(data_dir) / "builds" / manifest.build_id
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _point_current_at(data_dir: Path, build_id: str) -> None:
    target = _index_dir(data_dir) / CURRENT
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps({"build_id": build_id}))
    os.replace(tmp, target)


def _remove_stale_builds(builds: Path, keep: str) -> None:
    for build_dir in builds.iterdir():
        if build_dir.name != keep:
            shutil.rmtree(build_dir, ignore_errors=True)


@dataclass
class OpenIndex:
    """A built index, opened for querying."""

    manifest: Manifest
    chunks: list[Chunk]
    sentences: list[Sentence]
    sentence_vectors: np.ndarray
    chunk_store: Chroma


def open_index(
    data_dir: Path, embeddings: Embeddings, server: ChromaServer | None = None
) -> OpenIndex:
    """Open the current index; raise IndexMissingError when none was built."""
    manifest = read_manifest(data_dir)
    if manifest is None:
        raise IndexMissingError(f"no index in {data_dir}; run: assistant index build")
    if manifest.version != MANIFEST_VERSION:
        raise IndexingError(
            f"index format {manifest.version} is not the current {MANIFEST_VERSION}; "
            "run: assistant index build --rebuild"
        )
    if manifest.embedding_model != MODEL_NAME or manifest.dimension != DIMENSION:
        raise IndexingError(
            f"index was built with {manifest.embedding_model} ({manifest.dimension}-d), "
            f"this version uses {MODEL_NAME} ({DIMENSION}-d); "
            "run: assistant index build --rebuild"
        )
    try:
        return _load(data_dir, manifest, embeddings, server)
    except IndexingError:
        raise
    except Exception as exc:  # a damaged database fails in many ways; all mean rebuild
        raise IndexingError(
            f"index {manifest.build_id} in {data_dir} is damaged ({type(exc).__name__}); "
            "run: assistant index build --rebuild"
        ) from exc


def _load(
    data_dir: Path, manifest: Manifest, embeddings: Embeddings, server: ChromaServer | None
) -> OpenIndex:
    client = _chroma_client(data_dir, manifest.build_id, server)
    chunks_name = _collection_name(CHUNKS, manifest.build_id, server)
    chunk_store = _vectorstore(client, chunks_name, embeddings)
    chunks = sorted(
        (
            Chunk(m["source"], m["start"], m["end"], text, m["ordinal"], m["content_hash"])
            for page in _pages(client.get_collection(chunks_name), ["metadatas", "documents"])
            for m, text in zip(page["metadatas"], page["documents"])
        ),
        key=lambda c: c.ordinal,
    )
    sentence_collection = client.get_collection(
        _collection_name(SENTENCES, manifest.build_id, server)
    )
    sentences: list[Sentence] = []
    pages = []
    for page in _pages(sentence_collection, ["metadatas", "documents", "embeddings"]):
        sentences += [
            Sentence(m["source"], m["start"], m["end"], text, m["ordinal"], m["role"])
            for m, text in zip(page["metadatas"], page["documents"])
        ]
        pages.append(np.asarray(page["embeddings"], dtype=np.float32).reshape(-1, DIMENSION))
    order = np.argsort([s.ordinal for s in sentences])
    sentences = [sentences[i] for i in order]
    vectors = np.concatenate(pages)[order] if pages else np.zeros((0, DIMENSION), np.float32)
    if len(chunks) != manifest.chunk_count or len(sentences) != manifest.sentence_count:
        raise IndexingError(
            f"index {manifest.build_id} is incomplete "
            f"({len(chunks)}/{manifest.chunk_count} chunks); run: assistant index build --rebuild"
        )
    return OpenIndex(manifest, chunks, sentences, vectors, chunk_store)
