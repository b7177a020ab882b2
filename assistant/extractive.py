"""The offline answerer: quotes the retrieved sentences that answer the question.

Each sentence of the retrieved passages gets an evidence score mixing its MiniLM cosine
similarity to the question with the share of the question's content words it contains.
The best sentences above the abstention threshold become the answer, each cited by its
exact span; below the threshold, or when the question names something the article never
mentions, the answer is an abstention.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from langchain_core.documents import Document

from assistant.answers import Answer, Citation
from assistant.encoder import QueryEncoder
from assistant.text import (
    asks_for_exact_figure,
    asks_for_quantity,
    content_words,
    specific_terms,
    states_quantity,
    words,
)
from index.store import OpenIndex

ABSTENTION = "The article does not say."
LEXICAL_WEIGHT = 0.3
# Further sentences join the answer only when nearly as strong as the best one.
RELATIVE_CUTOFF = 0.85
REDUNDANT_SIMILARITY = 0.9
KNOWN_PREFIX = 5


def compose(citations: list[Citation]) -> str:
    """The answer text: each cited sentence followed by its marker."""
    return " ".join(f"{c.text} [{c.id}]" for c in citations)


def partial_answers(answer: Answer) -> Iterator[Answer]:
    """``answer`` as it is composed, one cited sentence more each time, ending complete."""
    for count in range(1, len(answer.citations)):
        shown = answer.citations[:count]
        yield answer.model_copy(update={"answer": compose(shown), "citations": shown})
    yield answer


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
        self._sentences_of_chunk = [
            [
                i
                for i, s in enumerate(index.sentences)
                if s.source == c.source and c.start <= s.start and s.end <= c.end
            ]
            for c in index.chunks
        ]

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
        """Scored sentences that can answer ``query``, best first.

        A question asking for a quantity can only be answered by sentences that state one
        (with digits when it asks for an exact figure).
        """
        scored = self.score_sentences(query, passages, focus)
        if asks_for_quantity(query):
            exact = asks_for_exact_figure(query)
            scored = [
                s
                for s in scored
                if states_quantity(self.index.sentences[s.position].text, exact=exact)
            ]
        return scored

    def select(self, scored: list[ScoredSentence]) -> list[ScoredSentence]:
        """The sentences to quote: the best, plus near-equals that add something new."""
        if not scored or scored[0].score < self.abstain_below:
            return []
        cutoff = max(self.abstain_below, scored[0].score * RELATIVE_CUTOFF)
        chosen = [scored[0]]
        for candidate in scored[1:]:
            if len(chosen) >= self.max_sentences or candidate.score < cutoff:
                break
            vectors = self.index.sentence_vectors
            if all(
                float(vectors[candidate.position] @ vectors[c.position]) < REDUNDANT_SIMILARITY
                for c in chosen
            ):
                chosen.append(candidate)
        return sorted(chosen, key=lambda s: s.position)

    def answer(self, question: str, standalone: str, passages: list[Document]) -> Answer:
        """Answer ``question`` (searched as ``standalone``) from ``passages``."""
        chosen = (
            []
            if self.unknown_terms(standalone)
            else self.select(self.evidence(standalone, passages, focus=question))
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
        return Answer(
            question=question,
            answer=compose(citations),
            abstained=False,
            citations=citations,
            standalone_question=standalone,
        )
