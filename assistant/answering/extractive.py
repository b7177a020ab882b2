"""The offline answerer: quotes the sentences of the documents that answer the question.

An answer is four steps, each a module of its own:

1. ``intent``: what the question asks (a fact, a list, a summary, the document itself;
   a figure, a date, a name, a reason); ``assistant.condense`` has already told a
   follow-up from a new question;
2. ``candidates``: the sentences of the retrieved passages (for a list, of their whole
   documents) scored as evidence, anchored on one holding what must be in the answer;
3. selection: ``selection`` for a fact, a list or the document's own blocks, ``summary``
   (LexRank) for a summary or a conclusion; a single fact is gated by the
   ``answerability`` model;
4. ``composition``: the reply quoting the chosen sentences, each cited by its exact span.

The answer is an abstention when the evidence is too weak, or when the question names
something the documents never mention.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator

from langchain_core.documents import Document

from assistant.answering.answerability import AnswerabilityModel, features
from assistant.answering.candidates import ScoredSentence, SentenceScorer
from assistant.answering.composition import (
    SAID_OF_ITSELF,
    ShownValue,
    quoted,
    said_of_each,
    said_of_itself,
    undated,
)
from assistant.answering.intent import document_role, question_type, summary_length
from assistant.answering.reader import Reader
from assistant.answering.selection import (
    about_the_document,
    select,
    with_context,
    with_explanation,
    with_list_items,
)
from assistant.answering.summary import summarise
from assistant.answers import Answer
from assistant.encoder import QueryEncoder
from index.clean import MetadataSpans, SourceSpan
from index.open_index import OpenIndex


class ExtractiveAnswerer:
    """Composes answers from sentences of the retrieved passages, without an LLM."""

    def __init__(
        self,
        index: OpenIndex,
        encoder: QueryEncoder,
        abstain_below: float,
        max_sentences: int,
        answerability: AnswerabilityModel | None = None,
        reader: Reader | None = None,
    ) -> None:
        self.index = index
        self.scorer = SentenceScorer(index, encoder, reader)
        self.abstain_below = abstain_below
        self.max_sentences = max_sentences
        self.answerability = answerability

    def choose(
        self, question: str, standalone: str, passages: list[Document]
    ) -> list[ScoredSentence]:
        """The sentences that answer, by what the question wants; none to abstain."""
        kind = question_type(standalone)
        if kind in ("summary", "conclusion"):
            length = summary_length(standalone)
            return summarise(self.scorer, passages, kind == "conclusion", length)
        if kind == "document":
            return about_the_document(self.scorer, standalone, passages)
        scored = self.scorer.candidates(question, standalone, passages)
        # Whether the documents answer is judged on the evidence, best first, as the
        # answerability model was fitted; the reader may still choose another sentence.
        by_evidence = self.scorer.by_evidence(scored, standalone)
        if self.scorer.off_topic(standalone, by_evidence[0].score if by_evidence else 0.0):
            return []
        model = self.answerability
        if (
            kind == "fact"
            and model is not None
            and not model.answerable(features(self.scorer, standalone, passages, by_evidence))
        ):
            return []
        return select(
            self.scorer,
            scored,
            question,
            self.abstain_below,
            self.max_sentences,
            as_list=kind == "list",
            evidence=by_evidence,
        )

    def _shown_metadata(self, role: str, name: str) -> ShownValue | None:
        """Document ``name``'s metadata value for ``role`` with the span that shows it;
        None when it has none or the page does not show it."""
        field = SAID_OF_ITSELF[role][0]
        source = next((s for s in self.index.manifest.sources if s["name"] == name), None)
        if source is None:
            return None
        metadata = source.get("metadata", {})
        span: SourceSpan | None = getattr(MetadataSpans(**metadata.get("spans", {})), field)
        value = metadata.get(field)
        if not value or span is None:
            return None
        return ShownValue(name, role, value, span, metadata.get("title") or name)

    def clearly_unanswerable(
        self, question: str, standalone: str, passages: list[Document]
    ) -> bool:
        """True when nothing retrieved can answer: the question is off-topic, no sentence
        qualifies, or the best one scores under the evidence threshold. (Short of that,
        an abstention is a judgement an LLM answerer may make differently.)"""
        if question_type(standalone) in ("summary", "conclusion", "document"):
            return not self.choose(question, standalone, passages)
        scored = self.scorer.by_evidence(
            self.scorer.candidates(question, standalone, passages), standalone
        )
        best = scored[0].score if scored else 0.0
        return self.scorer.off_topic(standalone, best) or best < self.abstain_below

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
        role = document_role(standalone)
        kind = question_type(standalone)
        if role in SAID_OF_ITSELF and kind == "document":
            # Every document searched that shows the value; each is named when several do.
            sources = self.scorer.sources_of(passages)
            shown = [v for name in sources if (v := self._shown_metadata(role, name))]
            if len(shown) > 1:
                return said_of_each(question, standalone, shown)
            if shown:
                # who the author is, when the byline says ("... a reporter on ...")
                blocks = about_the_document(self.scorer, standalone, passages)
                block = (
                    self.index.sentences[blocks[0].position]
                    if blocks and role == "byline"
                    else None
                )
                return said_of_itself(question, standalone, shown[0], block=block)
        chosen = with_context(self.scorer, self.choose(question, standalone, passages))
        if kind in ("fact", "list"):
            chosen = with_list_items(self.scorer, with_explanation(self.scorer, chosen, question))
        if not chosen and role == "date":
            sources = self.scorer.sources_of(passages)[:1]
            positions = self.scorer.positions_of(sources)
            text = " ".join(self.index.sentences[i].text for i in positions)
            return undated(question, standalone, text)
        return quoted(self.index.sentences, question, standalone, chosen)
