"""The offline answerer: quotes the retrieved sentences that answer the question.

Each sentence of the retrieved passages gets an evidence score mixing its MiniLM cosine
similarity to the question with the share of the question's content words it contains.
The best sentences above the abstention threshold become the answer, each cited by its
exact span; below the threshold, or when the question names something the article never
mentions, the answer is an abstention.
"""

from __future__ import annotations

import copy
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

from langchain_core.documents import Document

from assistant.answering.intent import (
    asked_kind,
    asked_name_of,
    document_role,
    names,
    required_figure,
    states_figure,
)
from assistant.answers import Answer, AnswerSentence, Citation, compose
from assistant.encoder import QueryEncoder
from assistant.text import content_words, specific_terms, words
from index.chunk import Sentence
from index.open_index import OpenIndex

ABSTENTION = "The article does not say."
LEXICAL_WEIGHT = 0.3
# Further sentences join the answer when nearly as strong as the best one, or when fairly
# strong and covering question words the chosen ones do not.
RELATIVE_CUTOFF = 0.85
COMPLEMENT_CUTOFF = 0.7
# Abstain when at least this share of the question's content words never occur in the
# article ("What is Katherine Spencer's email address?").
UNFAMILIAR_LIMIT = 0.5
REDUNDANT_SIMILARITY = 0.9
KNOWN_PREFIX = 5


def _sentences_of_chunks(index: OpenIndex) -> list[list[int]]:
    """For each chunk, the positions of the sentences inside it (sources are in order)."""
    positions: dict[str, list[int]] = {}
    for i, sentence in enumerate(index.sentences):
        positions.setdefault(sentence.source, []).append(i)
    starts = {
        source: [index.sentences[i].start for i in found] for source, found in positions.items()
    }
    inside = []
    for chunk in index.chunks:
        found, first = positions.get(chunk.source, []), starts.get(chunk.source, [])
        low, high = bisect_left(first, chunk.start), bisect_left(first, chunk.end)
        inside.append([i for i in found[low:high] if index.sentences[i].end <= chunk.end])
    return inside


@dataclass(frozen=True)
class ScoredSentence:
    position: int
    score: float


class ExtractiveAnswerer:
    """Composes answers from sentences of the retrieved passages, without an LLM."""

    def __init__(
        self,
        index: OpenIndex,
        encoder: QueryEncoder,
        abstain_below: float,
        max_sentences: int,
    ) -> None:
        self.index = index
        self.encoder = encoder
        self.abstain_below = abstain_below
        self.max_sentences = max_sentences
        self._vocabulary = {w for s in index.sentences for w in words(s.text)}
        self._prefixes = {w[:KNOWN_PREFIX] for w in self._vocabulary if len(w) >= KNOWN_PREFIX}
        self._sentence_words = [set(content_words(s.text)) for s in index.sentences]
        self._sentences_of_chunk = _sentences_of_chunks(index)

    def sentences_in(self, chunk_ordinal: int) -> list[Sentence]:
        """The sentences of one chunk, in order."""
        return [self.index.sentences[i] for i in self._sentences_of_chunk[chunk_ordinal]]

    def unknown_terms(self, question: str) -> set[str]:
        """Names and numbers in the question that the article never mentions.

        A name counts as mentioned when an article word shares its first five letters, so
        'Nepalis' matches 'Nepal' and 'Syria' matches 'Syrian'.
        """
        return {
            term
            for term in specific_terms(question) - self._vocabulary
            if len(term) < KNOWN_PREFIX or term[:KNOWN_PREFIX] not in self._prefixes
        }

    def about_the_document(self, question: str) -> list[ScoredSentence]:
        """The byline or title sentences, when the question asks who wrote it or its title."""
        role = document_role(question)
        if role is None:
            return []
        vector = self.encoder(question)
        return [
            ScoredSentence(i, float(self.index.sentence_vectors[i] @ vector))
            for i, s in enumerate(self.index.sentences)
            if s.role == role
        ]

    def knows_word(self, word: str) -> bool:
        """True when the article uses ``word``, or a word it begins or that begins it.

        Stricter than the five-letter rule for names: 'general' is not 'generous'.
        """
        if word in self._vocabulary:
            return True
        if len(word) >= KNOWN_PREFIX and any(w.startswith(word) for w in self._vocabulary):
            return True
        return any(word[:length] in self._vocabulary for length in range(KNOWN_PREFIX, len(word)))

    def off_topic(self, question: str) -> bool:
        """True when the question is about something the article never mentions.

        It names an unknown person, place or figure; most of its words are foreign to the
        article; or it asks which kind of thing ("Which general ...?") the article never
        speaks of, so it cannot name one.
        """
        kind = asked_kind(question)
        return (
            bool(self.unknown_terms(question))
            or self.unfamiliar_share(question) >= UNFAMILIAR_LIMIT
            or (kind is not None and not self.knows_word(kind))
        )

    def unfamiliar_share(self, question: str) -> float:
        """Share of the question's content words that the article never uses."""
        asked = set(content_words(question))
        unfamiliar = {
            w
            for w in asked - self._vocabulary
            if len(w) < KNOWN_PREFIX or w[:KNOWN_PREFIX] not in self._prefixes
        }
        return len(unfamiliar) / len(asked) if asked else 0.0

    def score_sentences(
        self, query: str, passages: list[Document], focus: str | None = None
    ) -> list[ScoredSentence]:
        """Evidence scores of every sentence in ``passages``, best first.

        ``focus`` is the user's own words when ``query`` was condensed from a follow-up:
        the lexical part rewards those, so the new question is not drowned by the old one.
        """
        positions = sorted(
            {i for doc in passages for i in self._sentences_of_chunk[doc.metadata["ordinal"]]}
        )
        if not positions:
            return []
        similarity = self.index.sentence_vectors[positions] @ self.encoder(query)
        query_words = set(content_words(focus or "")) or set(content_words(query))
        scored = []
        for position, cosine in zip(positions, similarity):
            overlap = (
                len(query_words & self._sentence_words[position]) / len(query_words)
                if query_words
                else 0.0
            )
            score = (1 - LEXICAL_WEIGHT) * float(cosine) + LEXICAL_WEIGHT * overlap
            scored.append(ScoredSentence(position, score))
        return sorted(scored, key=lambda s: -s.score)

    def evidence(
        self, query: str, passages: list[Document], focus: str | None = None
    ) -> list[ScoredSentence]:
        """Scored sentences that can answer ``query``, the one to build on first.

        Some questions fix what the answer must contain; the answer is then anchored on
        the best sentence that has it, and without one there is no evidence at all:
        a quantity question needs a number (digits for "exact", a currency for money),
        "the name of the company" needs a company that is named, not "a company".
        """
        scored = self.score_sentences(query, passages, focus)
        figure = required_figure(query)
        thing = asked_name_of(query)
        if figure is None and thing is None:
            return scored

        def can_anchor(candidate: ScoredSentence) -> bool:
            text = self.index.sentences[candidate.position].text
            return (figure is None or states_figure(text, figure)) and (
                thing is None or names(text, thing)
            )

        anchor = next((s for s in scored if can_anchor(s)), None)
        return [anchor, *(s for s in scored if s is not anchor)] if anchor else []

    def select(self, scored: list[ScoredSentence], question: str) -> list[ScoredSentence]:
        """The sentences to quote, in article order.

        The best sentence, then further ones that are nearly as strong, or fairly strong
        and cover question words the chosen ones do not (the second half of a two-part
        question); never a near-duplicate of a chosen one.
        """
        if not scored or scored[0].score < self.abstain_below:
            return []
        best = scored[0].score
        floor = max(self.abstain_below, best * COMPLEMENT_CUTOFF)
        # scored[0] is the anchor; when a quantity anchors the answer, stronger
        # sentences may follow it, so the rest is walked in score order.
        asked = set(content_words(question))
        chosen = [scored[0]]
        covered = asked & self._sentence_words[scored[0].position]
        vectors = self.index.sentence_vectors
        for candidate in sorted(scored[1:], key=lambda s: -s.score):
            if len(chosen) >= self.max_sentences or candidate.score < floor:
                break
            redundant = any(
                float(vectors[candidate.position] @ vectors[c.position]) >= REDUNDANT_SIMILARITY
                for c in chosen
            )
            adds = (asked & self._sentence_words[candidate.position]) - covered
            if not redundant and (candidate.score >= best * RELATIVE_CUTOFF or adds):
                chosen.append(candidate)
                covered |= adds
        return sorted(chosen, key=lambda s: s.position)

    def with_limits(self, abstain_below: float, max_sentences: int) -> ExtractiveAnswerer:
        """This answerer with another threshold and answer length, sharing its tables."""
        changed = copy.copy(self)
        changed.abstain_below, changed.max_sentences = abstain_below, max_sentences
        return changed

    def stream(self, question: str, standalone: str, passages: list[Document]) -> Iterator[Answer]:
        """The answer one cited sentence at a time (it is composed at once)."""
        yield from self.answer(question, standalone, passages).partials()

    def answer(self, question: str, standalone: str, passages: list[Document]) -> Answer:
        """Answer ``question`` (searched as ``standalone``) from ``passages``."""
        chosen = self.about_the_document(standalone) or (
            []
            if self.off_topic(standalone)
            else self.select(self.evidence(standalone, passages, question), question)
        )
        if not chosen:
            return Answer(
                question=question,
                answer=ABSTENTION,
                abstained=True,
                standalone_question=standalone,
            )
        citations = []
        for number, pick in enumerate(chosen, start=1):
            sentence = self.index.sentences[pick.position]
            citations.append(
                Citation(
                    id=number,
                    source=sentence.source,
                    start=sentence.start,
                    end=sentence.end,
                    text=sentence.text,
                    score=round(min(max(pick.score, 0.0), 1.0), 4),
                )
            )
        sentences = [
            AnswerSentence(text=c.text, citation_ids=[c.id], supported=True) for c in citations
        ]
        return Answer(
            question=question,
            answer=compose(sentences),
            abstained=False,
            citations=citations,
            standalone_question=standalone,
            sentences=sentences,
        )
