"""One strategy per kind of answer (``Intent.kind``); see ``strategies.base``."""

from __future__ import annotations

from assistant.answering.intent import Kind
from assistant.answering.strategies.base import Context, Strategy
from assistant.answering.strategies.document import DocumentStrategy
from assistant.answering.strategies.fact import FactStrategy
from assistant.answering.strategies.lists import ListStrategy
from assistant.answering.strategies.reason import ReasonStrategy
from assistant.answering.strategies.summary import SummaryStrategy

STRATEGIES: dict[Kind, type[Strategy]] = {
    Kind.FACT: FactStrategy,
    Kind.LIST: ListStrategy,
    Kind.REASON: ReasonStrategy,
    Kind.SUMMARY: SummaryStrategy,
    Kind.CONCLUSION: SummaryStrategy,
    Kind.DOCUMENT: DocumentStrategy,
}

__all__ = ["STRATEGIES", "Context", "Strategy"]
