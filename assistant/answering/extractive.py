"""The offline answerer: quotes the sentences of the documents that answer the question.

An answer is four steps, each a module of its own:

1. ``intent``: what the question asks, read once (a fact, a list, a reason, a summary,
   the document itself; a figure, a date, a name); ``assistant.condense`` has already
   told a follow-up from a new question;
2. ``evidence``: the sentences of the retrieved passages (for a list, of their whole
   documents) scored once by ``candidates``, anchored on one holding what must be in
   the answer;
3. the strategy for the kind of answer (``strategies``): it chooses the sentences, a
   single fact gated by the ``answerability`` model, and brings what they need;
4. ``composition``: the reply quoting the chosen sentences, each cited by its exact span.

The answer is an abstention when the evidence is too weak, or when the question names
something the documents never mention.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterator

from langchain_core.documents import Document

from assistant.answering.answerability import AnswerabilityModel
from assistant.answering.candidates import SentenceScorer
from assistant.answering.evidence import Evidence
from assistant.answering.intent import Intent
from assistant.answering.reader import Reader
from assistant.answering.strategies import STRATEGIES, Context, Strategy
from assistant.answers import Answer
from assistant.encoder import QueryEncoder
from assistant.tuning import AnswerTuning
from index.open_index import OpenIndex


class ExtractiveAnswerer:
    """Composes answers from sentences of the retrieved passages, without an LLM."""

    def __init__(
        self,
        index: OpenIndex,
        encoder: QueryEncoder,
        *,
        abstain_below: float,
        max_sentences: int,
        answerability: AnswerabilityModel | None = None,
        reader: Reader | None = None,
        tuning: AnswerTuning = AnswerTuning(),
    ) -> None:
        self.index = index
        self.scorer = SentenceScorer(index, encoder, reader, tuning)
        self.context = Context(index, self.scorer, abstain_below, max_sentences, answerability)

    @property
    def abstain_below(self) -> float:
        return self.context.abstain_below

    def evidence(self, intent: Intent, passages: list[Document]) -> Evidence:
        """The evidence for ``intent`` from ``passages``, scored on first use."""
        return Evidence(intent, passages, self.scorer)

    def strategy(self, intent: Intent) -> Strategy:
        return STRATEGIES[intent.kind](self.context)

    def quote(self, evidence: Evidence) -> Answer:
        """The answer the evidence gives, by the strategy for its kind of question."""
        return self.strategy(evidence.intent).answer(evidence)

    def clearly_unanswerable(self, evidence: Evidence) -> bool:
        """True when nothing retrieved can answer: the question is off-topic, no sentence
        qualifies, or the best one scores under the evidence threshold."""
        return self.strategy(evidence.intent).clearly_unanswerable(evidence)

    def with_limits(self, abstain_below: float, max_sentences: int) -> ExtractiveAnswerer:
        """This answerer with another threshold and answer length, sharing its tables."""
        changed = copy.copy(self)
        changed.context = dataclasses.replace(
            self.context, abstain_below=abstain_below, max_sentences=max_sentences
        )
        return changed

    def stream(self, intent: Intent, passages: list[Document]) -> Iterator[Answer]:
        """The answer one cited sentence at a time (it is composed at once)."""
        yield from self.answer(intent, passages).partials()

    def answer(self, intent: Intent, passages: list[Document]) -> Answer:
        """Answer the question ``intent`` reads from ``passages``."""
        return self.quote(self.evidence(intent, passages))
