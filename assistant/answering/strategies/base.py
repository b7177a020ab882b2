"""A strategy answers one kind of question: it owns its selection, expansion and reply.

Every strategy reads the question's ``Evidence`` (its ``Intent`` and the scored
candidates) and the answerer's ``Context`` (the index, the scorer, the limits a user set,
the answerability model). ``assistant.answering.strategies.STRATEGIES`` picks one by
``intent.kind``; a new kind of answer is a new strategy module.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.answering.candidates import ScoredSentence, SentenceScorer
from assistant.answering.composition import quoted
from assistant.answering.evidence import Evidence
from assistant.answering.selection import with_context
from assistant.answers import Answer

if TYPE_CHECKING:
    from assistant.answering.answerability import AnswerabilityModel
    from index.open_index import OpenIndex


@dataclass(frozen=True)
class Context:
    """What the strategies answer with: the index and its scorer, the evidence threshold
    and answer length a user set, and the answerability model (None: the threshold alone
    decides)."""

    index: OpenIndex
    scorer: SentenceScorer
    abstain_below: float
    max_sentences: int
    answerability: AnswerabilityModel | None = None


class Strategy(ABC):
    """Chooses the sentences that answer, brings what they need, and quotes them."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.scorer = context.scorer

    @abstractmethod
    def choose(self, evidence: Evidence) -> list[ScoredSentence]:
        """The sentences that answer; none to abstain."""

    def expand(self, chosen: list[ScoredSentence], evidence: Evidence) -> list[ScoredSentence]:
        """``chosen`` with what each sentence needs to be read: the sentence before one
        that leans on it."""
        return with_context(self.scorer, chosen)

    def answer(self, evidence: Evidence) -> Answer:
        chosen = self.expand(self.choose(evidence), evidence)
        return quoted(self.context.index.sentences, evidence.intent, chosen)

    def clearly_unanswerable(self, evidence: Evidence) -> bool:
        """True when nothing retrieved can answer (short of that, an abstention is a
        judgement an LLM answerer may make differently)."""
        return not self.choose(evidence)
