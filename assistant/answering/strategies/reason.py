"""A reason ("Why ...?"): a fact whose chosen claim brings the sentence giving its reason."""

from __future__ import annotations

from assistant.answering.strategies.fact import FactStrategy


class ReasonStrategy(FactStrategy):
    """As a fact, ``FactStrategy.expand`` included: a chosen claim that gives no reason
    brings the next sentence of its paragraph when that one gives it or leans on the
    claim (``selection.with_following_answer``)."""
