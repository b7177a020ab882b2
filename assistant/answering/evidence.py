"""Evidence: the candidate sentences of one answer, scored once, read by every step after.

Made from the question's ``Intent`` and the retrieved passages; the scores are computed
on first use (a summary or a question about the document needs none), then shared by the
strategy that answers, the abstention rules and the generative answerer's checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from langchain_core.documents import Document

from assistant.answering.candidates import ScoredSentence, SentenceScorer
from assistant.answering.intent import Intent


@dataclass(frozen=True)
class Evidence:
    """The candidates for ``intent`` from ``passages``: ``ranked`` in the order that
    chooses (the reader's), ``by_evidence`` in the order that decides whether to answer
    (the evidence score's); both anchored on a sentence holding what must be in the
    answer, and empty when none does."""

    intent: Intent
    passages: list[Document]
    scorer: SentenceScorer

    @classmethod
    def given(
        cls,
        intent: Intent,
        scorer: SentenceScorer,
        ranked: list[ScoredSentence],
        passages: list[Document] | None = None,
    ) -> Evidence:
        """Evidence whose candidates are scored already (``ranked``, in the order that
        chooses)."""
        evidence = cls(intent, passages or [], scorer)
        evidence.__dict__["ranked"] = ranked  # what ``ranked`` would have computed
        return evidence

    @cached_property
    def ranked(self) -> list[ScoredSentence]:
        return self.scorer.candidates(self.intent, self.passages)

    @cached_property
    def by_evidence(self) -> list[ScoredSentence]:
        return self.scorer.by_evidence(self.ranked, self.intent)

    @property
    def best_score(self) -> float:
        """The evidence score of the sentence that decides (0 without one)."""
        return self.by_evidence[0].score if self.by_evidence else 0.0

    @cached_property
    def best_reading(self) -> float | None:
        """The reader's best reading of a candidate; None when it read none."""
        return max((s.reading for s in self.ranked if s.reading is not None), default=None)

    @property
    def read_as_unanswered(self) -> bool:
        """True when the reader read the candidates and judges that none answers (its
        best reading under the tuning's ``abstain_reading``, a follow-up's under
        ``follow_up_abstain_reading``)."""
        tuning = self.scorer.tuning
        floor = (
            tuning.follow_up_abstain_reading if self.intent.follow_up else tuning.abstain_reading
        )
        return self.best_reading is not None and self.best_reading < floor

    @property
    def read_as_answered(self) -> bool:
        """True when the reader reads a candidate as answering beyond doubt (at least the
        tuning's ``overrule_gate_reading``)."""
        best = self.best_reading
        return best is not None and best >= self.scorer.tuning.overrule_gate_reading

    @cached_property
    def off_topic(self) -> bool:
        """True when the question is about something the documents never mention (the
        count of items a list asks for, "Name two groups", is no such thing)."""
        return self.scorer.off_topic(self.intent.without_item_count, self.best_score)

    def scores(self) -> dict[tuple[str, int], float]:
        """Each candidate's evidence score by its (document, start)."""
        sentences = self.scorer.index.sentences
        return {
            (sentences[s.position].source, sentences[s.position].start): s.score
            for s in self.ranked
        }
