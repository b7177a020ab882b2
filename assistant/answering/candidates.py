"""Candidate sentences: every body sentence of the retrieved passages, scored as evidence.

The second step of an answer (after ``intent``, what the question asks): a sentence's
evidence score mixes its MiniLM cosine similarity to the question with the share of the
question's content words it contains (or the heading it stands under does), plus a small
bonus when it holds the type of thing asked for. A question that fixes what the answer
must hold (a figure, "the name of the company", an email address) is anchored on the
best sentence that holds it. The scorer also tells when a question is about something
the documents never mention.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

import numpy as np
from langchain_core.documents import Document

from assistant.answering.intent import Intent, Kind
from assistant.answering.reader import as_read, table_cells
from assistant.answers import CITATION_MARKER
from assistant.encoder import QueryEncoder
from assistant.tuning import AnswerTuning
from index.chunk import Sentence
from index.clean import heading_text
from index.tables import VectorRows
from index.text import (
    PREFIX_LETTERS,
    content_words,
    prefix,
    specific_terms,
    table_furniture,
    within_decade,
)

if TYPE_CHECKING:
    from assistant.answering.reader import Reader


@dataclass(frozen=True)
class ScoredSentence:
    """A sentence of the index (by position), its evidence score and, with the reader,
    the reader's probability that it answers (``reading``)."""

    position: int
    score: float
    reading: float | None = None


class SentenceTables(Protocol):
    """What the scorer reads of an index's tables (``index.tables.Tables``)."""

    @property
    def vocabulary(self) -> frozenset[str]: ...

    def sentences_of_chunk(self, ordinal: int) -> range: ...

    def sentences_of_source(self, name: str) -> range: ...


class SentenceIndex(Protocol):
    """What the scorer reads of an index (``index.open_index.OpenIndex``)."""

    @property
    def tables(self) -> SentenceTables: ...

    @property
    def sentences(self) -> Sequence[Sentence]: ...

    @property
    def sentence_vectors(self) -> VectorRows | np.ndarray: ...


class SentenceScorer:
    """Scores the sentences of retrieved passages as evidence for a question."""

    def __init__(
        self,
        index: SentenceIndex,
        encoder: QueryEncoder,
        reader: Reader | None = None,
        tuning: AnswerTuning = AnswerTuning(),
    ) -> None:
        self.index = index
        self.encoder = encoder
        self.reader = reader
        self.tuning = tuning
        # Word tables are read from the index and derived on first use, not at open.
        self._words_of_sentence: dict[int, frozenset[str]] = {}
        self._heading_of: dict[int, int | None] = {}

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        return self.index.tables.vocabulary

    @cached_property
    def _prefixes(self) -> frozenset[str]:
        return frozenset(prefix(w) for w in self.vocabulary if len(w) >= PREFIX_LETTERS)

    @cached_property
    def _years(self) -> frozenset[str]:
        return frozenset(w for w in self.vocabulary if len(w) == 4 and w.isdigit())

    def _known(self, word: str) -> bool:
        return (
            word in self.vocabulary
            or (len(word) >= PREFIX_LETTERS and prefix(word) in self._prefixes)
            or any(within_decade(year, word) for year in self._years)
        )

    def sentence_words(self, position: int) -> frozenset[str]:
        """The content words of the sentence at ``position`` (kept once computed)."""
        found = self._words_of_sentence.get(position)
        if found is None:
            found = frozenset(content_words(self.index.sentences[position].text))
            self._words_of_sentence[position] = found
        return found

    def heading_of(self, position: int) -> int | None:
        """The position of the heading the sentence at ``position`` stands under in its
        document (None before the first heading)."""
        if position not in self._heading_of:
            # one pass over the sentence's document, heading by heading
            sentences = self.index.sentences
            current: int | None = None
            for i in self.index.tables.sentences_of_source(sentences[position].source):
                self._heading_of[i] = current
                if sentences[i].role == "heading":
                    current = i
        return self._heading_of[position]

    def heading_words(self, position: int) -> frozenset[str]:
        """The content words of the heading the sentence at ``position`` stands under."""
        heading = self.heading_of(position)
        return frozenset() if heading is None else self.sentence_words(heading)

    def heading_text(self, position: int) -> str:
        """The words of the heading the sentence at ``position`` stands under ("" for none)."""
        heading = self.heading_of(position)
        return "" if heading is None else heading_text(self.index.sentences[heading].text)

    def reader_text(self, position: int) -> str:
        """What the reader reads of the sentence at ``position``: its text, or for a row of
        a Markdown table its cells after their headers (the table's first row)."""
        sentences = self.index.sentences
        sentence = sentences[position]
        if table_cells(sentence.text) is None:
            return sentence.text
        # only the table's own lines, not the whole document's up to it: this runs for
        # every table row the reader reads
        own = self.index.tables.sentences_of_source(sentence.source)
        first = position
        while first > own.start and sentences[first - 1].text.lstrip().startswith("|"):
            first -= 1
        texts = [sentences[i].text for i in range(first, position + 1)]
        return as_read(texts, len(texts) - 1)

    def previous_text(self, position: int) -> str:
        """The sentence before the one at ``position`` in its paragraph ("" for none)."""
        if position == 0:
            return ""
        sentence, before = self.index.sentences[position], self.index.sentences[position - 1]
        same = before.source == sentence.source and before.paragraph == sentence.paragraph
        return before.text if same else ""

    def contexts(self, read: Sequence[ScoredSentence]) -> list[str] | None:
        """What the reader reads beside each of ``read``, as it was trained: the sentence
        before it, or the heading it stands under; None for nothing."""
        if self.reader is None:
            return None
        if self.reader.reads_previous:
            return [self.previous_text(s.position) for s in read]
        if self.reader.reads_heading:
            return [self.heading_text(s.position) for s in read]
        return None

    def sentences_of_chunk(self, ordinal: int) -> range:
        """Positions of the sentences of chunk ``ordinal``."""
        return self.index.tables.sentences_of_chunk(ordinal)

    def sentences_in(self, ordinal: int) -> list[Sentence]:
        """The sentences of chunk ``ordinal``, in order."""
        return [self.index.sentences[i] for i in self.sentences_of_chunk(ordinal)]

    def sources_of(self, passages: list[Document]) -> list[str]:
        """The documents the passages come from, best-ranked first."""
        return list(dict.fromkeys(doc.metadata["source"] for doc in passages))

    def positions_of(self, sources: list[str]) -> list[int]:
        """Positions of every sentence of ``sources``, in order."""
        return [i for source in sources for i in self.index.tables.sentences_of_source(source)]

    def unknown_terms(self, question: str) -> set[str]:
        """Names and numbers in the question that the documents never mention.

        A name counts as mentioned when a document word shares its first five letters, so
        'Nepalis' matches 'Nepal' and 'Syria' matches 'Syrian'; a decade ("the 1970s")
        when the documents give a year in it.
        """
        return {term for term in specific_terms(question) if not self._known(term)}

    def unfamiliar_share(self, question: str) -> float:
        """Share of the question's content words that the documents never use."""
        asked = set(content_words(question))
        return sum(not self._known(w) for w in asked) / len(asked) if asked else 0.0

    def off_topic(self, question: str, best_score: float) -> bool:
        """True when the question is about something the documents never mention: it
        names an unknown person, place or figure, or most of its words are foreign to them
        and no sentence comes near it (``best_score`` under the foreign evidence ceiling:
        a reader's paraphrase uses words of its own, but still finds its sentence)."""
        return bool(self.unknown_terms(question)) or (
            self.unfamiliar_share(question) >= self.tuning.unfamiliar_limit
            and best_score < self.tuning.foreign_evidence_ceiling
        )

    def score_sentences(self, intent: Intent, passages: list[Document]) -> list[ScoredSentence]:
        """Evidence scores of every body sentence in ``passages``, in the reader's order
        (without it, best first)."""
        positions = sorted(
            {i for doc in passages for i in self.sentences_of_chunk(doc.metadata["ordinal"])}
        )
        return self.scored(positions, intent)

    def beside_previous(self, intent: Intent, positions: list[int]) -> set[int]:
        """The sentences the previous answer quoted, in the documents of ``positions`` (those
        searched), and those next to them (the tuning's ``previous_window`` each side);
        none but for a follow-up. A conversation goes on where it was: the answer to "Why's
        that?" or "What was it called?" is most often in or beside the sentences just
        quoted."""
        said = CITATION_MARKER.sub("", intent.previous_answer)
        if not said or not self.tuning.previous_bonus:
            return set()
        sentences = self.index.sentences
        searched = list(dict.fromkeys(sentences[i].source for i in positions))
        quoted = [
            i
            for i in self.positions_of(searched)
            if len(sentences[i].text) >= 20 and sentences[i].text in said
        ]
        window = self.tuning.previous_window
        return {
            j
            for i in quoted
            for j in range(max(0, i - window), min(len(sentences), i + window + 1))
            if sentences[j].source == sentences[i].source
        }

    def scored(self, positions: list[int], intent: Intent) -> list[ScoredSentence]:
        """Evidence scores of the body sentences among ``positions`` (and, for a
        follow-up, ``beside_previous``) for the question searched, in the reader's order
        (without it, best first); with the reader, those beside the previous answer rank
        the tuning's ``previous_bonus`` higher.

        The lexical part rewards the user's own words: when the question searched was
        condensed from a follow-up, the new question is not drowned by the old one.
        """
        sentences = self.index.sentences
        beside = self.beside_previous(intent, positions)
        positions = [
            i
            for i in sorted(set(positions) | beside)
            if sentences[i].role == "body"
            and not table_furniture(
                sentences[i].text, sentences[i + 1].text if i + 1 < len(sentences) else None
            )
        ]
        if not positions:
            return []
        tuning = self.tuning
        similarity = self.index.sentence_vectors[positions] @ self.encoder(intent.standalone)
        query_words = set(content_words(intent.question)) or set(content_words(intent.standalone))
        scores = []
        for position, cosine in zip(positions, similarity):
            own = query_words & self.sentence_words(position)
            under = (query_words & self.heading_words(position)) - own
            overlap = (
                (len(own) + tuning.heading_weight * len(under)) / len(query_words)
                if query_words
                else 0.0
            )
            score = (1 - tuning.lexical_weight) * float(cosine) + tuning.lexical_weight * overlap
            if intent.holds_answer_type(self.index.sentences[position].text):
                score += tuning.answer_type_bonus
            scores.append(score)
        evidence = [ScoredSentence(p, s) for p, s in zip(positions, scores)]
        evidence.sort(key=lambda s: -s.score)
        if self.reader is None:
            return evidence
        # The reader reads the best candidates by evidence (a list's whole document would
        # cost a reading a sentence) and decides their order; the rest follow, unread. The
        # evidence score, on the scale the thresholds were set on, stays each one's score.
        most = tuning.reader_candidates or len(evidence)
        # what is beside the previous answer is read too: a follow-up's answer often is
        read = [s for k, s in enumerate(evidence) if k < most or s.position in beside]
        unread = [s for k, s in enumerate(evidence) if k >= most and s.position not in beside]
        texts = [self.reader_text(s.position) for s in read]
        readings = self.reader.scores(intent.own_words, texts, self.contexts(read))
        weight = tuning.reader_weight
        ranked = sorted(
            (
                ScoredSentence(s.position, s.score, float(reading))
                for s, reading in zip(read, readings)
            ),
            key=lambda s: (
                -(
                    (1 - weight) * s.score
                    + weight * (s.reading or 0.0)
                    + tuning.previous_bonus * (s.position in beside)
                )
            ),
        )
        return ranked + unread

    def anchored(self, scored: list[ScoredSentence], intent: Intent) -> list[ScoredSentence]:
        """``scored`` with the sentence to build on first.

        Some questions fix what the answer must contain; the answer is then anchored on
        the best sentence that has it, and without one there is no evidence at all:
        a quantity question needs a number (digits for "exact", a currency for money),
        "the name of the company" needs a company that is named, not "a company", "what
        email address" an email address, "how many millimetres" a length.
        """
        if not intent.fixes_answer:
            return scored
        sentences = self.index.sentences
        anchor = next(
            (s for s in scored if intent.holds_what_is_fixed(sentences[s.position].text)), None
        )
        return [anchor, *(s for s in scored if s is not anchor)] if anchor else []

    def by_evidence(self, scored: list[ScoredSentence], intent: Intent) -> list[ScoredSentence]:
        """``scored`` in the order the evidence alone gives (best first, then anchored):
        the order without the reader, which the abstention rules were fitted on."""
        return self.anchored(sorted(scored, key=lambda s: -s.score), intent)

    def candidates(self, intent: Intent, passages: list[Document]) -> list[ScoredSentence]:
        """The scored sentences a fact or list answer is chosen from, anchor first: of
        the retrieved passages, or for a list of the whole documents they come from."""
        if intent.kind is not Kind.LIST:
            scored = self.score_sentences(intent, passages)
        else:
            scored = self.scored(self.positions_of(self.sources_of(passages)), intent)
        return self.anchored(scored, intent)
