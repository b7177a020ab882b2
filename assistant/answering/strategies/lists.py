"""A list ("Which countries ...?", "Name three ..."): sentences from the whole documents
retrieved from, while each adds names or numbers, and every one the reader reads as
answering (a sentence introducing a list first), with the items of a list one
introduces, and the other items of a list one is an item of when the list's introduction
is in the question's words. Not gated by the answerability model (it was fitted on
single facts)."""

from __future__ import annotations

from assistant.answering.candidates import ScoredSentence
from assistant.answering.evidence import Evidence
from assistant.answering.intent import AnswerType
from assistant.answering.selection import (
    with_context,
    with_following_answer,
    with_list_items,
    with_whole_lists,
)
from assistant.answering.strategies.fact import FactStrategy


class ListStrategy(FactStrategy):
    # Nor by the reader's judgement that no candidate answers: tried, it abstained on no
    # more near misses ("Which airlines will fly from ...?" reads as answered) and lost
    # lists read low (tuned-on sets 457 against 458 of 662, devdocs3-4 128 against 129).
    gated = False
    as_list = True

    def expand(self, chosen: list[ScoredSentence], evidence: Evidence) -> list[ScoredSentence]:
        """``chosen`` with the sentence before one that leans on it, for a list of
        reasons each reason's explanation, the items of a list one introduces, and the
        other items of a list one belongs to (``selection.with_whole_lists``)."""
        chosen = with_context(self.scorer, chosen)
        if evidence.intent.answer_type is AnswerType.REASON:
            chosen = with_following_answer(self.scorer, chosen, evidence.intent)
        listed = with_list_items(self.scorer, chosen)
        return with_whole_lists(self.scorer, listed, evidence.intent.standalone)
