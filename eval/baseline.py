"""The naive LangChain RAG baseline the assistant is measured against.

RecursiveCharacterTextSplitter (1000 characters, 200 overlap) over the raw file, no
cleaning; Chroma similarity search, top 4; then the same extractive answer step as the
assistant, over the sentences inside the retrieved chunks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable
from pydantic import ConfigDict

from assistant.answering.extractive import ExtractiveAnswerer
from assistant.answers import Answer
from assistant.chain import build_chain
from assistant.condense import condense
from assistant.encoder import QueryEncoder
from assistant.settings import Settings
from index.chunk import Chunk, Sentence, split_sentences
from index.load import SourceDocument
from index.manifest import Manifest
from index.open_index import OpenIndex
from index.tables import Tables, write_tables

CHUNK_SIZE, CHUNK_OVERLAP, TOP_K = 1000, 200, 4


class DenseRetriever(BaseRetriever):
    """Chroma similarity search only."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: OpenIndex
    encoder: QueryEncoder
    k: int = TOP_K

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, k: int | None = None
    ) -> list[Document]:
        found = self.index.chunk_store.similarity_search_by_vector_with_relevance_scores(
            self.encoder(query).tolist(), k=self.k if k is None else k
        )
        return [doc for doc, _ in found]


def build_baseline(
    document: SourceDocument, embeddings: Embeddings, work_dir: Path, settings: Settings
) -> tuple[Runnable[Any, Answer], DenseRetriever]:
    """The baseline chain and its retriever, indexed into ``work_dir``."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from langchain_chroma import Chroma
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(
        chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP, add_start_index=True
    )
    text = document.text
    chunks = []
    for ordinal, piece in enumerate(splitter.create_documents([text])):
        start = piece.metadata["start_index"]
        end = start + len(piece.page_content)
        chunks.append(Chunk(document.name, start, end, text[start:end], ordinal, ""))
    sentences = [
        Sentence(document.name, a, b, text[a:b], i)
        for i, (a, b) in enumerate(split_sentences(text))
    ]
    client = chromadb.PersistentClient(
        path=str(work_dir), settings=ChromaSettings(anonymized_telemetry=False)
    )
    chunk_store = Chroma(
        collection_name="baseline",
        embedding_function=embeddings,
        client=client,
        collection_metadata={"hnsw:space": "cosine"},
    )
    chunk_store.add_texts(
        [c.text for c in chunks],
        metadatas=[{**c.metadata(), "content_hash": ""} for c in chunks],
        ids=[str(c.ordinal) for c in chunks],
    )
    manifest = Manifest("baseline", "", 0, {}, [])
    vectors = np.asarray(embeddings.embed_documents([s.text for s in sentences]), np.float32)
    write_tables(work_dir / "tables", chunks, sentences, vectors)
    tables = Tables(work_dir / "tables", [document.name])
    index = OpenIndex(manifest, tables, chunk_store)
    encoder = QueryEncoder(embeddings)
    retriever = DenseRetriever(index=index, encoder=encoder)
    answerer = ExtractiveAnswerer(
        index,
        encoder,
        abstain_below=settings.abstain_below,
        max_sentences=settings.max_answer_sentences,
    )
    return build_chain(retriever, answerer, condense, settings.max_question_chars), retriever
