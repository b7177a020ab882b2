"""A reason ("Why ...?"): a fact whose chosen claim brings the sentence giving its reason."""

from __future__ import annotations

from assistant.answering.candidates import ScoredSentence
from assistant.answering.evidence import Evidence
from assistant.answering.selection import with_context, with_explanation, with_list_items
from assistant.answering.strategies.fact import FactStrategy


class ReasonStrategy(FactStrategy):
    """As a fact; a chosen claim that gives no reason brings the next sentence of its
    paragraph when that one gives it or leans on the claim."""

    def expand(self, chosen: list[ScoredSentence], evidence: Evidence) -> list[ScoredSentence]:
        explained = with_explanation(
            self.scorer, with_context(self.scorer, chosen), evidence.intent
        )
        return with_list_items(self.scorer, explained)
