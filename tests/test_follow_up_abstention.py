"""A follow-up abstains under lower bars than a question standing alone: its words lean
on the conversation, so its answer reads lower."""

from __future__ import annotations

from types import SimpleNamespace

from assistant.answering.candidates import ScoredSentence
from assistant.answering.evidence import Evidence
from assistant.answering.intent import Intent
from assistant.tuning import AnswerTuning

TUNING = AnswerTuning()


def read_at(intent: Intent, reading: float) -> Evidence:
    scorer = SimpleNamespace(tuning=TUNING)  # only what read_as_unanswered reads
    return Evidence.given(intent, scorer, [ScoredSentence(0, 0.5, reading)])  # type: ignore[arg-type]


def test_a_follow_up_is_read_as_unanswered_only_under_its_own_lower_reading() -> None:
    between = (TUNING.follow_up_abstain_reading + TUNING.abstain_reading) / 2
    alone = Intent.read("Who was the builder of the science block?")
    follow_up = Intent.read(
        "Who was the builder?", "Who was the builder? (When did the science block open?)"
    )
    assert follow_up.follow_up and not alone.follow_up
    assert read_at(alone, between).read_as_unanswered
    assert not read_at(follow_up, between).read_as_unanswered
    assert read_at(follow_up, TUNING.follow_up_abstain_reading / 2).read_as_unanswered
