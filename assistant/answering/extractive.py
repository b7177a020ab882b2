"""The offline answerer: quotes the sentences of the article that answer the question.

What a question wants decides where the answer comes from (``intent.question_type``):

- a **fact** (or a reason, or yes/no): each sentence of the retrieved passages gets an
  evidence score mixing its MiniLM cosine similarity to the question with the share of
  the question's content words it contains; the best sentences above the abstention
  threshold are quoted, each cited by its exact span;
- a **list**: the same scores over the whole documents retrieved from, and further
  sentences join while they add names or numbers the chosen ones do not hold;
- a **summary**: the most central sentences of the document (LexRank over the MiniLM
  sentence vectors), from at least two paragraphs, in document order; a **conclusion**
  takes them from its closing paragraphs;
- the **document** itself (who wrote it, its title, its picture): its blocks of that
  role, which are never quoted for anything else.

A quoted sentence that leans on the one before it ("But ...", "They ...") is cited with
it. The answer is an abstention when the evidence is too weak, or when the question
names something the article never mentions.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from langchain_core.documents import Document

from assistant.answering.answerability import AnswerabilityModel
from assistant.answering.intent import (
    answer_type,
    asked_name_of,
    dates_in,
    document_role,
    holds_answer_type,
    names,
    question_type,
    required_figure,
    states_figure,
    summary_length,
)
from assistant.answers import Answer, AnswerSentence, Citation, compose
from assistant.encoder import QueryEncoder
from index.chunk import Sentence
from index.open_index import OpenIndex
from index.text import content_words, specific_terms, words

LEXICAL_WEIGHT = 0.3
# Added to the score of a sentence holding the type of thing asked for (a date for
# "when", a name for "who"...) that the question does not already name.
ANSWER_TYPE_BONUS = 0.05
# Further sentences join the answer when nearly as strong as the best one, or when fairly
# strong and covering question words the chosen ones do not.
RELATIVE_CUTOFF = 0.85
COMPLEMENT_CUTOFF = 0.7
# Abstain when at least this share of the question's content words never occur in the
# article ("What is Katherine Spencer's email address?").
UNFAMILIAR_LIMIT = 0.5
FOREIGN_EVIDENCE_CEILING = 0.3
REDUNDANT_SIMILARITY = 0.9
KNOWN_PREFIX = 5
# Lists: up to this many sentences, each adding names or numbers not yet given.
LIST_MAX_SENTENCES = 5
# Summaries: LexRank's similarity threshold and damping; sentences this similar to a
# chosen one are left out; conclusions come from the last CLOSING_PARAGRAPHS paragraphs.
LEXRANK_THRESHOLD = 0.3
LEXRANK_DAMPING = 0.85
SUMMARY_REDUNDANT = 0.75
# Sentences and characters of each length of summary (issue 20: a short one is at most
# three sentences and 450 characters).
SUMMARY_LENGTHS = {
    "brief": (2, 320),
    "short": (3, 450),
    "detailed": (6, 1_500),
    "conclusion": (2, 450),
}
CLOSING_PARAGRAPHS = 2
# An undated document's answer to "when was it published?" names this many of its dates.
MAX_DATES_NAMED = 6
# A sentence opening like this leans on the sentence before it.
_LEANS_BACK = re.compile(
    r"^(?:but|however|this|these|that|those|such|it|its|they|their|he|his|she|her|then|yet"
    r"|so|meanwhile|there|also)\b",
    re.IGNORECASE,
)


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
        answerability: AnswerabilityModel | None = None,
    ) -> None:
        self.index = index
        self.encoder = encoder
        self.abstain_below = abstain_below
        self.max_sentences = max_sentences
        self.answerability = answerability
        # Word tables are read from the index and derived on first use, not at open.
        self._words_of_sentence: dict[int, frozenset[str]] = {}

    @cached_property
    def _vocabulary(self) -> frozenset[str]:
        return self.index.tables.vocabulary

    @cached_property
    def _prefixes(self) -> frozenset[str]:
        return frozenset(w[:KNOWN_PREFIX] for w in self._vocabulary if len(w) >= KNOWN_PREFIX)

    def _sentence_words(self, position: int) -> frozenset[str]:
        """The content words of the sentence at ``position`` (kept once computed)."""
        found = self._words_of_sentence.get(position)
        if found is None:
            found = frozenset(content_words(self.index.sentences[position].text))
            self._words_of_sentence[position] = found
        return found

    def _sentences_of_chunk(self, ordinal: int) -> range:
        return self.index.tables.sentences_of_chunk(ordinal)

    def sentences_in(self, chunk_ordinal: int) -> list[Sentence]:
        """The sentences of one chunk, in order."""
        return [self.index.sentences[i] for i in self._sentences_of_chunk(chunk_ordinal)]

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

    def _sources_of(self, passages: list[Document]) -> list[str]:
        """The documents the passages come from, best-ranked first."""
        return list(dict.fromkeys(doc.metadata["source"] for doc in passages))

    def _positions_of(self, sources: list[str]) -> list[int]:
        return [i for source in sources for i in self.index.tables.sentences_of_source(source)]

    def about_the_document(self, question: str, passages: list[Document]) -> list[ScoredSentence]:
        """The best block of the role a question about the document asks for (its byline,
        title or picture caption), from the documents retrieved."""
        role = document_role(question)
        sentences = self.index.sentences
        candidates = [
            i
            for i in self._positions_of(self._sources_of(passages)[:1])
            if sentences[i].role == role
            # a byline that dates the piece ("By Ann Lee, March 4, 2026") is its dateline
            or (role == "date" and sentences[i].role == "byline" and dates_in(sentences[i].text))
        ]
        if not candidates:
            return []
        similarity = self.index.sentence_vectors[candidates] @ self.encoder(question)
        best = int(np.argmax(similarity))
        return [ScoredSentence(candidates[best], float(similarity[best]))]

    def summarise(
        self, passages: list[Document], conclusion: bool, length: str = "short"
    ) -> list[ScoredSentence]:
        """The most central body sentences of the first document retrieved from, the
        main point first and the rest in document order; for a conclusion, of its
        closing paragraphs only. ``length`` ("brief", "short", "detailed") sets how many
        sentences and, but for "detailed", how many characters; a short summary takes no
        sentence that leans on the one before it, a detailed one spans two paragraphs."""
        sources = self._sources_of(passages)
        if not sources:
            return []
        body = [
            i for i in self._positions_of(sources[:1]) if self.index.sentences[i].role == "body"
        ]
        if conclusion:
            paragraphs = sorted({self.index.sentences[i].paragraph for i in body})
            closing = set(paragraphs[-CLOSING_PARAGRAPHS:])
            body = [i for i in body if self.index.sentences[i].paragraph in closing]
        if not body:
            return []
        vectors = self.index.sentence_vectors[body]
        centrality = lexrank(vectors)
        wanted, budget = SUMMARY_LENGTHS["conclusion" if conclusion else length]
        texts = [self.index.sentences[i].text for i in body]
        chosen: list[int] = []
        used = 0
        for k in np.argsort(-centrality, kind="stable"):
            if len(chosen) >= wanted:
                break
            if used + len(texts[k]) > budget or texts[k] in (texts[c] for c in chosen):
                continue
            if length != "detailed" and _LEANS_BACK.match(texts[k]):
                continue
            if any(float(vectors[k] @ vectors[c]) >= SUMMARY_REDUNDANT for c in chosen):
                continue
            seen = {self.index.sentences[body[c]].paragraph for c in chosen}
            one_paragraph_left = len(chosen) == wanted - 1 and len(seen) == 1
            if length == "detailed" and one_paragraph_left:
                if self.index.sentences[body[k]].paragraph in seen:
                    continue  # the last pick must bring a second paragraph in
            chosen.append(int(k))
            used += len(texts[k]) + 1
        top = float(centrality.max()) or 1.0
        picks = [ScoredSentence(body[c], float(centrality[c]) / top) for c in chosen]
        return picks[:1] + sorted(picks[1:], key=lambda s: s.position)

    def undated(self, question: str, standalone: str, passages: list[Document]) -> Answer:
        """The answer to "when was it published?" for a document that gives no date: it
        says so and names the dates the document does carry."""
        sources = self._sources_of(passages)[:1]
        texts = [self.index.sentences[i].text for i in self._positions_of(sources)]
        carried = dates_in(" ".join(texts))[:MAX_DATES_NAMED]
        text = "It gives no date of publication."
        if carried:
            text += f" The dates it mentions: {', '.join(carried)}."
        return Answer.abstention(question, standalone).model_copy(update={"answer": text})

    def with_context(self, chosen: list[ScoredSentence]) -> list[ScoredSentence]:
        """``chosen``, each sentence that leans on the one before it ("But a storm ...")
        preceded by that sentence when it is of the same paragraph."""
        taken = {c.position for c in chosen}
        out: list[ScoredSentence] = []
        for pick in chosen:
            sentence = self.index.sentences[pick.position]
            before = pick.position - 1
            if (
                _LEANS_BACK.match(sentence.text)
                and before >= 0
                and before not in taken
                and self.index.sentences[before].source == sentence.source
                and self.index.sentences[before].paragraph == sentence.paragraph
            ):
                out.append(ScoredSentence(before, pick.score))
                taken.add(before)
            out.append(pick)
        return out

    def off_topic(self, question: str, best_score: float) -> bool:
        """True when the question is about something the article never mentions: it names
        an unknown person, place or figure, or most of its words are foreign to it and no
        sentence comes near it (``best_score``, the best evidence score, under
        ``FOREIGN_EVIDENCE_CEILING``: a reader's paraphrase uses words of its own, but
        still finds its sentence)."""
        return bool(self.unknown_terms(question)) or (
            self.unfamiliar_share(question) >= UNFAMILIAR_LIMIT
            and best_score < FOREIGN_EVIDENCE_CEILING
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
        """Evidence scores of every body sentence in ``passages``, best first.

        ``focus`` is the user's own words when ``query`` was condensed from a follow-up:
        the lexical part rewards those, so the new question is not drowned by the old one.
        """
        positions = sorted(
            {i for doc in passages for i in self._sentences_of_chunk(doc.metadata["ordinal"])}
        )
        return self._scored(positions, query, focus)

    def _scored(
        self, positions: list[int], query: str, focus: str | None = None
    ) -> list[ScoredSentence]:
        positions = [i for i in positions if self.index.sentences[i].role == "body"]
        if not positions:
            return []
        similarity = self.index.sentence_vectors[positions] @ self.encoder(query)
        query_words = set(content_words(focus or "")) or set(content_words(query))
        wanted = answer_type(focus or query)
        scored = []
        for position, cosine in zip(positions, similarity):
            overlap = (
                len(query_words & self._sentence_words(position)) / len(query_words)
                if query_words
                else 0.0
            )
            score = (1 - LEXICAL_WEIGHT) * float(cosine) + LEXICAL_WEIGHT * overlap
            text = self.index.sentences[position].text
            if wanted is not None and holds_answer_type(text, wanted, focus or query):
                score += ANSWER_TYPE_BONUS
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
        return self._anchored(self.score_sentences(query, passages, focus), query)

    def _anchored(self, scored: list[ScoredSentence], query: str) -> list[ScoredSentence]:
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

    def select(
        self, scored: list[ScoredSentence], question: str, as_list: bool = False
    ) -> list[ScoredSentence]:
        """The sentences to quote, in article order.

        The best sentence, then further ones that are nearly as strong, or fairly strong
        and cover question words the chosen ones do not (the second half of a two-part
        question); never a near-duplicate of a chosen one. For a list, up to
        ``LIST_MAX_SENTENCES``, each further one adding names or numbers.
        """
        if not scored or scored[0].score < self.abstain_below:
            return []
        best = scored[0].score
        floor = max(self.abstain_below, best * COMPLEMENT_CUTOFF)
        most = max(self.max_sentences, LIST_MAX_SENTENCES) if as_list else self.max_sentences
        # scored[0] is the anchor; when a quantity anchors the answer, stronger
        # sentences may follow it, so the rest is walked in score order.
        asked = set(content_words(question))
        chosen = [scored[0]]
        covered = asked & self._sentence_words(scored[0].position)
        given = specific_terms(self.index.sentences[scored[0].position].text)
        positions = [s.position for s in scored]
        vectors = dict(zip(positions, self.index.sentence_vectors[positions]))
        for candidate in sorted(scored[1:], key=lambda s: -s.score):
            if len(chosen) >= most or candidate.score < floor:
                break
            redundant = any(
                float(vectors[candidate.position] @ vectors[c.position]) >= REDUNDANT_SIMILARITY
                for c in chosen
            )
            if redundant:
                continue
            text = self.index.sentences[candidate.position].text
            adds = (asked & self._sentence_words(candidate.position)) - covered
            new_terms = specific_terms(text) - specific_terms(question) - given
            if (as_list and new_terms) or candidate.score >= best * RELATIVE_CUTOFF or adds:
                chosen.append(candidate)
                covered |= adds
                given |= new_terms
        return sorted(chosen, key=lambda s: s.position)

    def choose(
        self, question: str, standalone: str, passages: list[Document]
    ) -> list[ScoredSentence]:
        """The sentences that answer, by what the question wants; none to abstain."""
        kind = question_type(standalone)
        if kind in ("summary", "conclusion"):
            length = summary_length(standalone)
            return self.summarise(passages, conclusion=kind == "conclusion", length=length)
        if kind == "document":
            return self.about_the_document(standalone, passages)
        scored = self.candidates(question, standalone, passages)
        if self.off_topic(standalone, scored[0].score if scored else 0.0):
            return []
        model = self.answerability
        gated = kind == "fact" and model is not None
        if gated and not model.answerable(self.features(standalone, passages, scored)):  # type: ignore[union-attr]
            return []
        return self.select(scored, question, as_list=kind == "list")

    def clearly_unanswerable(
        self, question: str, standalone: str, passages: list[Document]
    ) -> bool:
        """True when nothing retrieved can answer: the question is off-topic, no sentence
        qualifies, or the best one scores under the evidence threshold. (Short of that,
        an abstention is a judgement an LLM answerer may make differently.)"""
        if question_type(standalone) in ("summary", "conclusion", "document"):
            return not self.choose(question, standalone, passages)
        scored = self.candidates(question, standalone, passages)
        best = scored[0].score if scored else 0.0
        return self.off_topic(standalone, best) or best < self.abstain_below

    def candidates(
        self, question: str, standalone: str, passages: list[Document]
    ) -> list[ScoredSentence]:
        """The scored sentences a fact or list answer is chosen from, anchor first: of
        the retrieved passages, or for a list of the whole documents they come from."""
        if question_type(standalone) != "list":
            return self.evidence(standalone, passages, question)
        whole = self._positions_of(self._sources_of(passages))
        return self._anchored(self._scored(whole, standalone, question), standalone)

    def features(
        self, question: str, passages: list[Document], scored: list[ScoredSentence]
    ) -> dict[str, float]:
        """What the answerability model reads (``answerability.FEATURES``)."""
        asked_words = set(content_words(question))
        asked_terms = specific_terms(question)
        retrieved_words = {
            w
            for doc in passages
            for i in self._sentences_of_chunk(doc.metadata["ordinal"])
            for w in self._sentence_words(i)
        }
        best = self.index.sentences[scored[0].position] if scored else None
        best_words = set(words(best.text)) if best else set()
        cosine = (
            float(self.index.sentence_vectors[scored[0].position] @ self.encoder(question))
            if scored
            else 0.0
        )
        overlap = (
            len(asked_words & self._sentence_words(scored[0].position)) / len(asked_words)
            if scored and asked_words
            else 0.0
        )
        best_prefixes = {w[:KNOWN_PREFIX] for w in best_words}
        missing = {
            t for t in asked_terms if t not in best_words and t[:KNOWN_PREFIX] not in best_prefixes
        }
        figure = required_figure(question)
        wanted = answer_type(question)
        top = passages[0].metadata if passages else {}
        return {
            "best_score": scored[0].score if scored else 0.0,
            "second_score": scored[1].score if len(scored) > 1 else 0.0,
            "best_cosine": cosine,
            "best_overlap": overlap,
            "question_words_retrieved": (
                len(asked_words & retrieved_words) / len(asked_words) if asked_words else 1.0
            ),
            "question_terms_missing_from_best": (
                len(missing) / len(asked_terms) if asked_terms else 0.0
            ),
            "unknown_terms": float(len(self.unknown_terms(question))),
            "unfamiliar_share": self.unfamiliar_share(question),
            "figure_missing": float(
                figure is not None and (best is None or not states_figure(best.text, figure))
            ),
            "searches_agree": float(
                top.get("bm25", 0.0) > 0 and top.get("dense_similarity", 0.0) > 0
            ),
            # The model was fitted before reasons were a type: a "why" reads as untyped.
            "answer_type_held": (
                0.5
                if wanted in (None, "reason")
                else float(best is not None and holds_answer_type(best.text, wanted, question))
            ),
            "top_dense_similarity": max(
                (float(d.metadata.get("dense_similarity", 0.0)) for d in passages), default=0.0
            ),
        }

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
        chosen = self.with_context(self.choose(question, standalone, passages))
        if not chosen and document_role(standalone) == "date":
            return self.undated(question, standalone, passages)
        if not chosen:
            return Answer.abstention(question, standalone)
        # A passage the page repeats word for word (a caption, a pull quote) is quoted once.
        texts = [self.index.sentences[p.position].text for p in chosen]
        chosen = [p for i, p in enumerate(chosen) if texts[i] not in texts[:i]]
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


def lexrank(vectors: np.ndarray) -> np.ndarray:
    """LexRank centrality of unit sentence vectors: PageRank over the graph linking two
    sentences whose cosine similarity reaches ``LEXRANK_THRESHOLD``. A sentence like no
    other spreads its vote evenly, so it gains nothing from standing alone."""
    count = len(vectors)
    links = (vectors @ vectors.T >= LEXRANK_THRESHOLD).astype(np.float64)
    np.fill_diagonal(links, 0.0)
    degree = links.sum(axis=1, keepdims=True)
    transition = np.where(degree > 0, links / np.maximum(degree, 1.0), 1.0 / count)
    rank = np.full(count, 1.0 / count)
    for _ in range(100):
        updated = (1 - LEXRANK_DAMPING) / count + LEXRANK_DAMPING * (transition.T @ rank)
        if np.abs(updated - rank).sum() < 1e-8:
            break
        rank = updated
    return rank
