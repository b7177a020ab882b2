"""A fact: the best sentence by the reader (or the evidence), and those nearly as strong.

The evidence decides whether to answer: off-topic questions, and those whose best
sentence scores under the threshold, abstain; short of that the answerability model
judges whether the documents hold the answer (unless the reader reads a candidate as
answering beyond doubt), and with the reader on, so does the reader (no candidate read as
answering: abstain), unless the model is sure they do. A follow-up is held to lower bars
(``AnswerTuning.follow_up_abstain_reading``, ``follow_up_gate_scale``).
"""

from __future__ import annotations

from assistant.answering.answerability import features
from assistant.answering.candidates import ScoredSentence
from assistant.answering.evidence import Evidence
from assistant.answering.selection import (
    select,
    with_context,
    with_following_answer,
    with_list_items,
)
from assistant.answering.strategies.base import Strategy


class FactStrategy(Strategy):
    """One fact (a figure, a name, a yes or no), gated by the answerability model."""

    gated = True
    as_list = False

    def choose(self, evidence: Evidence) -> list[ScoredSentence]:
        if evidence.off_topic:
            return []
        model = self.context.answerability
        if self.gated and model is not None:
            answerable = model.probability(features(evidence))
            tuning = self.scorer.tuning
            scale = tuning.follow_up_gate_scale if evidence.intent.follow_up else 1.0
            if answerable < model.threshold * scale and not evidence.read_as_answered:
                return []
        else:
            answerable = 0.0
        # the reader's judgement that no candidate answers stands unless the model is sure
        sure = answerable >= self.scorer.tuning.overrule_reading
        if self.gated and evidence.read_as_unanswered and not sure:
            return []
        context = self.context
        return select(
            self.scorer,
            evidence,
            context.abstain_below,
            context.max_sentences,
            as_list=self.as_list,
        )

    def expand(self, chosen: list[ScoredSentence], evidence: Evidence) -> list[ScoredSentence]:
        """``chosen`` with the sentence before one that leans on it, the sentence after
        one that lacks what is asked when that one gives it (for a reason: gives it or
        leans on it), and the items of a list one introduces."""
        answered = with_following_answer(
            self.scorer, with_context(self.scorer, chosen), evidence.intent
        )
        return with_list_items(self.scorer, answered)

    def clearly_unanswerable(self, evidence: Evidence) -> bool:
        return evidence.off_topic or evidence.best_score < self.context.abstain_below
