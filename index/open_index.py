"""Opening the current index for querying."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from langchain_chroma import Chroma

from index import chroma
from index.bm25 import FOLDER as BM25_FOLDER
from index.bm25 import load_bm25
from index.chroma import CHUNKS, SENTENCES, ChromaServer
from index.chunk import Chunk, Sentence
from index.embed import DIMENSION, MODEL_NAME
from index.errors import IndexingError, IndexMissingError
from index.manifest import MANIFEST_VERSION, Manifest, builds_dir, read_manifest

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings


@dataclass
class OpenIndex:
    """A built index, opened for querying."""

    manifest: Manifest
    chunks: list[Chunk]
    sentences: list[Sentence]
    sentence_vectors: np.ndarray
    chunk_store: Chroma
    bm25: Any = None  # the chunks' BM25 index (bm25s), memory-mapped


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
    chunks_name = chroma.collection_name(CHUNKS, manifest.build_id, server)
    chunk_store = chroma.vectorstore(store, chunks_name, embeddings)
    chunks = sorted(
        (
            Chunk(m["source"], m["start"], m["end"], text, m["ordinal"], m["content_hash"])
            for page in chroma.pages(store.get_collection(chunks_name), ["metadatas", "documents"])
            for m, text in zip(page["metadatas"], page["documents"])
        ),
        key=lambda c: c.ordinal,
    )
    sentence_collection = store.get_collection(
        chroma.collection_name(SENTENCES, manifest.build_id, server)
    )
    sentences: list[Sentence] = []
    vector_pages = []
    for page in chroma.pages(sentence_collection, ["metadatas", "documents", "embeddings"]):
        sentences += [
            Sentence(
                m["source"], m["start"], m["end"], text, m["ordinal"], m["role"], m["paragraph"]
            )
            for m, text in zip(page["metadatas"], page["documents"])
        ]
        vector_pages.append(np.asarray(page["embeddings"], dtype=np.float32).reshape(-1, DIMENSION))
    order = np.argsort([s.ordinal for s in sentences])
    sentences = [sentences[i] for i in order]
    vectors = (
        np.concatenate(vector_pages)[order]
        if vector_pages
        else np.zeros((0, DIMENSION), np.float32)
    )
    if len(chunks) != manifest.chunk_count or len(sentences) != manifest.sentence_count:
        raise IndexingError(
            f"index {manifest.build_id} is incomplete "
            f"({len(chunks)}/{manifest.chunk_count} chunks); run: assistant index build --rebuild"
        )
    bm25 = load_bm25(builds_dir(data_dir) / manifest.build_id / BM25_FOLDER)
    return OpenIndex(manifest, chunks, sentences, vectors, chunk_store, bm25)
