"""Opening the current index for querying."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_chroma import Chroma

from index import chroma
from index.bm25 import FOLDER as BM25_FOLDER
from index.bm25 import Bm25Search, load_bm25
from index.chroma import CHUNKS, ChromaServer
from index.chunk import Chunk, Sentence
from index.embed import DIMENSION, MODEL_NAME
from index.errors import IndexingError, IndexMissingError
from index.manifest import MANIFEST_VERSION, Manifest, builds_dir, read_manifest
from index.tables import FOLDER as TABLES_FOLDER
from index.tables import Tables, VectorRows

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings


@dataclass
class OpenIndex:
    """A built index, opened for querying: its tables (read by row), its chunk vectors
    searchable in Chroma, its BM25 index memory-mapped."""

    manifest: Manifest
    tables: Tables
    chunk_store: Chroma
    bm25: Bm25Search | None = None  # None for a dense-only index (the naive baseline)

    @property
    def chunks(self) -> Sequence[Chunk]:
        return self.tables.chunks

    @property
    def sentences(self) -> Sequence[Sentence]:
        return self.tables.sentences

    @property
    def sentence_vectors(self) -> VectorRows:
        return self.tables.sentence_vectors


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
    store: Any = chroma.client(data_dir, manifest.build_id, server)
    chunk_store = chroma.vectorstore(
        store, chroma.collection_name(CHUNKS, manifest.build_id, server), embeddings
    )
    build_dir = builds_dir(data_dir) / manifest.build_id
    tables = Tables(build_dir / TABLES_FOLDER, [s.name for s in manifest.sources])
    if (
        len(tables.chunks) != manifest.chunk_count
        or len(tables.sentences) != manifest.sentence_count
    ):
        raise IndexingError(
            f"index {manifest.build_id} is incomplete "
            f"({len(tables.chunks)}/{manifest.chunk_count} chunks); "
            "run: assistant index build --rebuild"
        )
    return OpenIndex(manifest, tables, chunk_store, load_bm25(build_dir / BM25_FOLDER))
