"""Chroma access: clients (embedded or server), collection names, and writing chunks.

Chroma holds the chunks and their vectors, the unit of retrieval; sentences live in the
build's tables (``index/tables.py``). Embedded builds each have their own database folder;
on a server, collection names carry the build id (``chunks-<build id>``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from index.errors import StoreUnavailableError
from index.manifest import builds_dir

if TYPE_CHECKING:
    from langchain_chroma import Chroma
    from langchain_core.embeddings import Embeddings

CHUNKS = "chunks"
# Builds before manifest version 7 also kept a collection of sentences on the server.
STALE_KINDS = (CHUNKS, "sentences")
BATCH = 1000  # Chroma refuses very large batches


@dataclass(frozen=True)
class ChromaServer:
    """Where a Chroma server listens; without one the index is an embedded Chroma."""

    host: str
    port: int = 8000
    auth_token: str | None = None

    @property
    def store_name(self) -> str:
        return f"chroma://{self.host}:{self.port}"


def client(data_dir: Path, build_id: str, server: ChromaServer | None) -> Any:
    """A Chroma client for one build: its own database folder, or the server."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    if server is None:
        return chromadb.PersistentClient(
            path=str(builds_dir(data_dir) / build_id / "chroma"),
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


def collection_name(kind: str, build_id: str, server: ChromaServer | None) -> str:
    return kind if server is None else f"{kind}-{build_id}"


def vectorstore(chroma_client: Any, name: str, embeddings: Embeddings | None) -> Chroma:
    """LangChain's Chroma vector store over one collection (cosine distance)."""
    from langchain_chroma import Chroma

    return Chroma(
        collection_name=name,
        embedding_function=embeddings,
        client=chroma_client,
        collection_metadata={"hnsw:space": "cosine"},
    )


@dataclass
class Rows:
    """One source's rows for one collection: texts, metadata and vectors, in order."""

    texts: list[str]
    metadatas: list[dict[str, Any]]
    vectors: np.ndarray


def write_chunks(collection: Any, rows: Rows, first: int) -> int:
    """Add chunk ``rows``, numbered from ``first`` on; the number of rows."""
    metadatas = [{**m, "ordinal": first + i} for i, m in enumerate(rows.metadatas)]
    ids = [f"{m['content_hash'][:16]}-{m['ordinal']}" for m in metadatas]
    for i in range(0, len(ids), BATCH):
        collection.add(
            ids=ids[i : i + BATCH],
            documents=rows.texts[i : i + BATCH],
            metadatas=metadatas[i : i + BATCH],
            embeddings=rows.vectors[i : i + BATCH],
        )
    return len(ids)


def remove_stale_collections(chroma_client: Any, keep: set[str]) -> None:
    """Delete a server's collections of every build not in ``keep``."""
    for collection in chroma_client.list_collections():
        name = getattr(collection, "name", collection)
        kind, _, build_id = str(name).partition("-")
        if kind in STALE_KINDS and build_id and build_id not in keep:
            chroma_client.delete_collection(str(name))
