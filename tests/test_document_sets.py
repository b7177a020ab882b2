"""The figures of the question sets on documents of their own (eval/document_sets.py)."""

from __future__ import annotations

from assistant.answers import Answer, Citation
from eval.document_sets import Asked, HeldoutTurn, figures


def answered(text: str, cited: str, standalone: str = "") -> Answer:
    citation = Citation(id=1, source="d", start=0, end=len(cited), text=cited, score=1.0)
    return Answer(
        question="q",
        answer=text,
        abstained=False,
        citations=[citation],
        standalone_question=standalone,
    )


def turn(question: str, facts: list[list[str]], followup: bool = False) -> HeldoutTurn:
    return HeldoutTurn(question=question, answerable=True, key_facts=facts, followup=followup)


def test_an_answer_citing_a_sentence_without_the_fact_is_not_grounded() -> None:
    wrong = Asked(
        turn(
            "When?",
            [["1912"]],
        ),
        answered("It opened in 1912. [1]", "It closed."),
        [],
    )
    right = Asked(turn("When?", [["1912"]]), answered("In 1912. [1]", "It opened in 1912."), [])
    assert wrong.key_fact_recall == right.key_fact_recall == 1.0
    assert (wrong.grounded, right.grounded) == (0.0, 1.0)


def test_a_follow_up_counts_as_resolved_only_when_rewritten_and_right() -> None:
    def follow_up(standalone: str, said: str) -> Asked:
        asked = turn("And when?", [["1912"]], followup=True)
        asked.category = "conversation"
        return Asked(asked, answered(said, said, standalone), [], first=False)

    as_asked = follow_up("And when?", "In 1912.")
    rewritten_wrong = follow_up("And when did the mill open?", "In 1950.")
    resolved = follow_up("And when did the mill open?", "In 1912.")
    found = figures([as_asked, rewritten_wrong, resolved])
    assert found["follow_ups_rewritten"] == round(2 / 3, 3)
    assert found["follow_ups_resolved"] == round(1 / 3, 3)


def test_a_new_topic_counts_only_when_searched_exactly_as_asked() -> None:
    def new_topic(standalone: str) -> Asked:
        asked = turn("Who built the mill?", [["Ann Lee"]])
        asked.category = "conversation"
        return Asked(asked, answered("Ann Lee. [1]", "Ann Lee", standalone), [], first=False)

    found = figures([new_topic("Who built the mill?"), new_topic("Who built the mill? (x)")])
    assert found["new_topic_as_asked"] == 0.5
