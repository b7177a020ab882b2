"""A small in-memory sentence index for the fast tests of the answer steps.

Its vectors come from ``WordHashEmbeddings``, a stand-in for MiniLM that is not a model:
each content word hashed to one of 256 dimensions, so sentences sharing words are alike.
The tests that use it check our own scoring, selection and composition code, not how
well the embedder understands a question.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from assistant.answering.candidates import ScoredSentence, SentenceScorer
from assistant.answering.evidence import Evidence
from assistant.answering.intent import Intent
from assistant.encoder import QueryEncoder
from index.chunk import Sentence
from index.text import content_words, words

DIMENSION = 256


class WordHashEmbeddings(Embeddings):
    """Bag of hashed content words, unit length (a fake embedder, named as such)."""

    def embed_query(self, text: str) -> list[float]:
        vector = np.zeros(DIMENSION)
        for word in content_words(text):
            vector[int(hashlib.sha256(word.encode()).hexdigest(), 16) % DIMENSION] += 1.0
        norm = float(np.linalg.norm(vector))
        return list(vector / norm) if norm else list(vector)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self.embed_query(t) for t in texts]


@dataclass
class SentenceTable:
    """Sentences of one or more documents; one chunk per paragraph."""

    sentences: Sequence[Sentence]
    chunks: list[range] = field(default_factory=list)

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        return frozenset(w for s in self.sentences for w in words(s.text))

    def sentences_of_chunk(self, ordinal: int) -> range:
        return self.chunks[ordinal]

    def sentences_of_source(self, name: str) -> range:
        found = [s.ordinal for s in self.sentences if s.source == name]
        return range(found[0], found[-1] + 1) if found else range(0)


@dataclass
class TinyIndex:
    """``SentenceIndex`` over in-memory sentences."""

    tables: SentenceTable
    sentence_vectors: np.ndarray

    @property
    def sentences(self) -> Sequence[Sentence]:
        return self.tables.sentences


def tiny_index(documents: dict[str, list[list[str | tuple[str, str]]]]) -> TinyIndex:
    """An index of ``documents``: name -> paragraphs -> sentences, each a text or a
    (role, text) pair; spans are offsets in the document's sentences joined by spaces."""
    sentences: list[Sentence] = []
    chunks: list[range] = []
    for source, paragraphs in documents.items():
        offset = 0
        for number, paragraph in enumerate(paragraphs):
            first = len(sentences)
            for item in paragraph:
                role, text = item if isinstance(item, tuple) else ("body", item)
                sentences.append(
                    Sentence(source, offset, offset + len(text), text, len(sentences), role, number)
                )
                offset += len(text) + 1
            chunks.append(range(first, len(sentences)))
    vectors = np.array(WordHashEmbeddings().embed_documents([s.text for s in sentences]))
    return TinyIndex(SentenceTable(sentences, chunks), vectors)


def scorer_of(index: TinyIndex) -> SentenceScorer:
    return SentenceScorer(index, QueryEncoder(WordHashEmbeddings()))


def evidence_of(scorer: SentenceScorer, question: str, ranked: list[ScoredSentence]) -> Evidence:
    """The evidence for ``question`` with its candidates scored as ``ranked``."""
    return Evidence.given(Intent.read(question), scorer, ranked)


def passages_of(index: TinyIndex, source: str | None = None) -> list[Document]:
    """Every chunk (of ``source``) as a retrieved passage."""
    return [
        Document(
            page_content=" ".join(index.sentences[i].text for i in chunk),
            metadata={"ordinal": ordinal, "source": index.sentences[chunk[0]].source},
        )
        for ordinal, chunk in enumerate(index.tables.chunks)
        if source is None or index.sentences[chunk[0]].source == source
    ]
