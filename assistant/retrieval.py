"""Hybrid retrieval: dense search of chunks in Chroma, BM25, and (up to a size) dense
search of every sentence, fused by reciprocal rank.

A question is often answered by one sentence that a chunk's pooled vector blurs with its
neighbours; ranking chunks by their best sentence finds a paraphrased answer that chunk
search misses. Scanning every sentence costs time in proportion to the documents
searched, so it runs only when they hold at most ``SENTENCE_SCAN_LIMIT`` sentences (a
chosen few documents, or a small library); larger searches fuse the other two."""

from __future__ import annotations

from typing import Any

import numpy as np
from langchain_core.callbacks import (
    AsyncCallbackManagerForRetrieverRun,
    CallbackManagerForRetrieverRun,
)
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.answers import CITATION_MARKER
from assistant.encoder import QueryEncoder
from assistant.errors import StoreUnavailableError
from assistant.language import parse
from index.open_index import OpenIndex
from index.text import content_words

SEARCH_ATTEMPTS = 3
SENTENCE_SCAN_LIMIT = 5_000
# Shorter pieces of an answer ("Among them:") may be anywhere; a quoted sentence is longer.
QUOTATION_CHARS = 20


class HybridRetriever(BaseRetriever):
    """Chunks of the index ranked by reciprocal rank fusion of dense and BM25 rankings.

    ``k`` (how many chunks to return) may also be given per call:
    ``retriever.invoke(query, k=3)``, as may ``sources``, the names of the documents to
    search (default: all). Each returned Document carries the chunk's
    ``source``, ``start``, ``end`` and ``ordinal`` plus ``dense_similarity`` (cosine),
    ``bm25`` and ``fused`` scores.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: OpenIndex
    encoder: QueryEncoder
    dense_k: int = 10
    bm25_k: int = 10
    rrf_k: int = 60
    k: int = 5

    def _dense(
        self, vector: list[float], sources: list[str] | None
    ) -> list[tuple[Document, float]]:
        """Vector search, retried with backoff: a Chroma server may blip or go away."""
        from tenacity import Retrying, stop_after_attempt, wait_exponential

        k = min(self.dense_k, len(self.index.chunks))
        where: dict[str, Any] | None = {"source": {"$in": sources}} if sources else None
        try:
            for attempt in Retrying(
                stop=stop_after_attempt(SEARCH_ATTEMPTS),
                wait=wait_exponential(multiplier=0.2, max=2.0),
                reraise=True,
            ):
                with attempt:
                    return self.index.chunk_store.similarity_search_by_vector_with_relevance_scores(
                        vector, k=k, filter=where
                    )
        except Exception as exc:
            raise StoreUnavailableError(
                f"vector search failed after {SEARCH_ATTEMPTS} tries ({type(exc).__name__}); "
                "is the Chroma server running?"
            ) from exc
        raise AssertionError("unreachable")

    def _get_relevant_documents(
        self,
        query: str,
        *,
        run_manager: CallbackManagerForRetrieverRun,
        k: int | None = None,
        sources: list[str] | None = None,
    ) -> list[Document]:
        vector = self.encoder(query)
        dense = self._dense(vector.tolist(), sources)
        dense_similarity = {doc.metadata["ordinal"]: 1.0 - dist for doc, dist in dense}
        query_words = content_words(query)
        # Sparse BM25 saved with the build (index.bm25): ~0.2 ms a query at 10k chunks,
        # a few ms at a million.
        bm25 = self.index.bm25
        excluded = self.index.tables.chunks_outside(sources) if sources else None
        bm25_hits = dict(bm25.search(query_words, self.bm25_k, excluded)) if bm25 else {}
        # Chunk ordinals are their positions in index.chunks (0..n-1).
        rankings = [[doc.metadata["ordinal"] for doc, _ in dense], list(bm25_hits)]
        fused = fuse([*rankings, self._by_sentence(vector, sources)], self.rrf_k)
        documents = []
        for ordinal, score in fused[: self.k if k is None else k]:
            chunk = self.index.chunks[ordinal]
            documents.append(
                Document(
                    page_content=chunk.text,
                    metadata={
                        **chunk.metadata(),
                        "dense_similarity": dense_similarity.get(ordinal, 0.0),
                        "bm25": bm25_hits.get(ordinal)
                        or (bm25.score(query_words, ordinal) if bm25 else 0.0),
                        "fused": score,
                    },
                )
            )
        return documents

    def _by_sentence(self, vector: np.ndarray, sources: list[str] | None) -> list[int]:
        """Chunk ordinals ranked by their best sentence's cosine similarity to the
        question (``dense_k`` of them); none when the documents searched hold more than
        ``SENTENCE_SCAN_LIMIT`` sentences."""
        tables = self.index.tables
        if sources is None and len(tables.sentences) > SENTENCE_SCAN_LIMIT:
            return []  # the whole index is too large: no need to count source by source
        names = sources or tables.source_names
        spans = [(tables.sentences_of_source(n), tables.chunks_of_source(n)) for n in names]
        if sum(len(sentences) for sentences, _ in spans) > SENTENCE_SCAN_LIMIT:
            return []
        best: dict[int, float] = {}
        for sentences, chunks in spans:
            if not sentences or not chunks:
                continue
            similarity = self.index.sentence_vectors[sentences.start : sentences.stop] @ vector
            for ordinal, (first, stop) in zip(chunks, tables.sentence_bounds(chunks)):
                if stop > first:
                    rows = similarity[first - sentences.start : stop - sentences.start]
                    best[ordinal] = float(rows.max())
        return sorted(best, key=lambda ordinal: -best[ordinal])[: self.dense_k]

    def follow_up_documents(self, said: str, asked: str) -> list[str] | None:
        """The documents to answer a follow-up from (None: all): those whose sentences the
        previous answer ``said`` quotes, so that "And in 2022?" after an answer from one
        report is not answered from another that also names 2022; unless the follow-up's
        own words (``asked``) name a thing that only other documents mention ("Who is the
        artistic director there?" after answers from a hosepipe-ban notice turns to the
        theatre's page; an adverb or adjective found elsewhere, "actually", does not)."""
        quoted = self.quoted_documents(said)
        if not quoted or self._named_only_elsewhere(_things_named(asked), quoted):
            return None
        return quoted

    def quoted_documents(self, said: str) -> list[str]:
        """The names of the documents whose sentences the answer ``said`` quotes, found by
        searching for its quotations; none for an abstention or an answer in its own words
        (an LLM's)."""
        quotations = [
            quoted
            for piece in CITATION_MARKER.split(said)
            if len(quoted := piece.strip()) >= QUOTATION_CHARS
        ]
        if not quotations:
            return []
        found = self.invoke(" ".join(quotations))
        return list(
            dict.fromkeys(
                passage.metadata["source"]
                for passage in found
                if any(quoted in passage.page_content for quoted in quotations)
            )
        )

    def _named_only_elsewhere(self, words: list[str], sources: list[str]) -> bool:
        """True when one of ``words`` is in the index but in none of ``sources``."""
        bm25 = self.index.bm25
        if bm25 is None:
            return False
        outside = self.index.tables.chunks_outside(sources)
        return any(
            bm25.search([word], 1) and not bm25.search([word], 1, outside)
            for word in dict.fromkeys(words)
        )

    async def _aget_relevant_documents(
        self,
        query: str,
        *,
        run_manager: AsyncCallbackManagerForRetrieverRun,
        k: int | None = None,
        sources: list[str] | None = None,
    ) -> list[Document]:
        from langchain_core.runnables.config import run_in_executor

        return await run_in_executor(
            None,
            self._get_relevant_documents,
            query,
            run_manager=run_manager.get_sync(),
            k=k,
            sources=sources,
        )


def fuse(rankings: list[list[int]], rrf_k: int) -> list[tuple[int, float]]:
    """Reciprocal rank fusion: each item scores ``sum(1 / (rrf_k + rank))`` over the
    rankings it appears in (rank from 1); items best first, ties in first-seen order."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (rrf_k + rank)
    return sorted(fused.items(), key=lambda pair: -pair[1])


def _things_named(question: str) -> list[str]:
    """The content words of the nouns and names in ``question``."""
    nouns = [t.text for t in parse(question) if t.pos_ in ("NOUN", "PROPN")]
    return [word for noun in nouns for word in content_words(noun)]
