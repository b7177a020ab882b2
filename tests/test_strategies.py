"""One strategy per kind of answer, chosen by the question's intent (fast: an in-memory
index with a word-hash stand-in for MiniLM), and the question read once per answer."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.answering.candidates import ScoredSentence
from assistant.answering.intent import Intent, Kind
from assistant.answering.strategies import STRATEGIES, Context
from assistant.answering.strategies.lists import ListStrategy
from assistant.answering.strategies.reason import ReasonStrategy
from tests.sentence_table import evidence_of, scorer_of, tiny_index

PLANT = {
    "plant.txt": [
        [
            "The boss said the plant was no longer viable.",
            "Its ovens cost twice as much to run as the new ones.",
        ],
        ["The plant opened in 1912.", "The town grew around it."],
    ]
}


def test_every_kind_of_answer_has_a_strategy() -> None:
    assert set(STRATEGIES) == set(Kind)


def _expanded(strategy: type[Any], question: str) -> list[int]:
    index = tiny_index(PLANT)
    scorer = scorer_of(index)
    strategy_ = strategy(Context(index, scorer, 0.3, 3))  # type: ignore[arg-type]
    chosen = [ScoredSentence(0, 0.6)]
    return [s.position for s in strategy_.expand(chosen, evidence_of(scorer, question, chosen))]


def test_a_why_answer_brings_the_sentence_that_explains_its_claim() -> None:
    assert Intent.read("Why is the plant closing?").kind is Kind.REASON
    assert _expanded(ReasonStrategy, "Why is the plant closing?") == [0, 1]
    assert _expanded(STRATEGIES[Kind.FACT], "Is the plant closing?") == [0]


def test_a_list_brings_explanations_only_when_it_asks_for_reasons() -> None:
    assert _expanded(ListStrategy, "What are the reasons the plant is closing?") == [0, 1]
    assert _expanded(ListStrategy, "Which plants are closing?") == [0]


@pytest.mark.slow
def test_the_question_is_read_once_per_answer(
    assistant: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[str] = []
    read = Intent.read.__func__  # type: ignore[attr-defined]

    def counted(cls: type[Intent], question: str, standalone: str | None = None) -> Intent:
        reads.append(question)
        return read(cls, question, standalone)  # type: ignore[no-any-return]

    monkeypatch.setattr(Intent, "read", classmethod(counted))
    answer = assistant.ask("How many troops did North Korea send?")
    assert not answer.abstained
    assert reads == ["How many troops did North Korea send?"]


def test_a_fact_abstains_when_the_reader_reads_no_candidate_as_answering() -> None:
    index = tiny_index(PLANT)
    scorer = scorer_of(index)
    fact = STRATEGIES[Kind.FACT](Context(index, scorer, 0.3, 3))  # type: ignore[arg-type]
    question = "When did the plant open?"
    floor = scorer.tuning.abstain_reading
    read_as_answering = [ScoredSentence(2, 0.6, floor + 0.3), ScoredSentence(0, 0.5, 0.1)]
    read_as_not = [ScoredSentence(2, 0.6, floor - 0.05), ScoredSentence(0, 0.5, 0.1)]
    unread = [ScoredSentence(2, 0.6), ScoredSentence(0, 0.5)]
    assert [s.position for s in fact.choose(evidence_of(scorer, question, read_as_answering))] == [
        2
    ]
    assert fact.choose(evidence_of(scorer, question, read_as_not)) == []
    # Without the reader the evidence alone decides, as before.
    assert [s.position for s in fact.choose(evidence_of(scorer, question, unread))] == [2]


class SureModel:
    """An answerability model (a stand-in, named as one) that gives every question the
    same probability that the documents answer it."""

    threshold = 0.24

    def __init__(self, probability: float) -> None:
        self._probability = probability

    def probability(self, features: dict[str, float]) -> float:
        return self._probability


def test_the_readers_abstention_stands_unless_the_answerability_model_is_sure() -> None:
    index = tiny_index(PLANT)
    scorer = scorer_of(index)
    question = "When did the plant open?"
    read_as_not = [ScoredSentence(2, 0.6, 0.05), ScoredSentence(0, 0.5, 0.1)]
    overrule = scorer.tuning.overrule_reading

    def chosen(probability: float) -> list[int]:
        context = Context(index, scorer, 0.3, 3, SureModel(probability))  # type: ignore[arg-type]
        fact = STRATEGIES[Kind.FACT](context)
        return [s.position for s in fact.choose(evidence_of(scorer, question, read_as_not))]

    assert chosen(overrule - 0.05) == []
    assert chosen(overrule) == [2]
    assert chosen(0.1) == []  # under the model's own threshold: no answer either way


def test_the_models_doubt_stands_unless_the_reader_reads_an_answer_beyond_doubt() -> None:
    index = tiny_index(PLANT)
    scorer = scorer_of(index)
    question = "When did the plant open?"
    context = Context(index, scorer, 0.3, 3, SureModel(0.1))  # type: ignore[arg-type]
    fact = STRATEGIES[Kind.FACT](context)
    sure = scorer.tuning.overrule_gate_reading

    def chosen(reading: float) -> list[int]:
        read = [ScoredSentence(2, 0.6, reading), ScoredSentence(0, 0.5, 0.1)]
        return [s.position for s in fact.choose(evidence_of(scorer, question, read))]

    assert chosen(sure - 0.05) == []
    assert chosen(sure) == [2]


STEPS = {
    "join.md": [
        ["How to join"],
        ["1. Fill in the form.", "2. Book a swim test.", "3. Pay the fee."],
        ["The pool opens at 7."],
    ]
}


def test_a_list_answered_by_one_item_quotes_its_whole_list_and_a_fact_does_not() -> None:
    index = tiny_index(STEPS)
    scorer = scorer_of(index)
    chosen = [ScoredSentence(2, 0.6)]  # "2. Book a swim test."
    for strategy, question, expected in (
        (ListStrategy, "What are the steps to join?", [1, 2, 3]),
        (STRATEGIES[Kind.FACT], "Is there a swim test?", [2]),
    ):
        answer = strategy(Context(index, scorer, 0.3, 3))  # type: ignore[arg-type]
        expanded = answer.expand(chosen, evidence_of(scorer, question, chosen))
        assert [s.position for s in expanded] == expected
