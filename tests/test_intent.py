"""What a question asks for, read from its words alone."""

from __future__ import annotations

import pytest

from assistant.answering.intent import (
    asked_name_of,
    document_role,
    names,
    question_type,
    required_figure,
    states_figure,
)


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("How many troops did North Korea send?", "any"),
        ("What is the exact number of casualties?", "exact"),
        ("How much are recruits paid?", "money"),
        ("Who supplied the mercenaries?", None),
    ],
)
def test_quantity_questions_name_the_figure_they_need(question: str, figure: str | None) -> None:
    assert required_figure(question) == figure


@pytest.mark.parametrize(
    ("text", "kind", "states"),
    [
        ("Around 10,000 troops were sent.", "exact", True),
        ("Thousands of troops were sent.", "exact", False),
        ("Thousands of troops were sent.", "any", True),
        ("Recruits are paid $2,000 a month.", "money", True),
        ("Recruits are paid well.", "money", False),
    ],
)
def test_sentences_state_a_figure_of_the_kind_asked(text: str, kind: str, states: bool) -> None:
    assert states_figure(text, kind) is states


def test_name_questions_give_the_thing_named() -> None:
    assert asked_name_of("What is the name of the company?") == "company"
    assert asked_name_of("Who recruited them?") is None


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Can you summarise this?", "summary"),
        ("What's this piece about?", "summary"),
        ("tl;dr", "summary"),
        ("What conclusion does the writer draw?", "conclusion"),
        ("Who wrote this?", "document"),
        ("What does the author think about sanctions?", "fact"),
        ("Which ports did the ships visit?", "list"),
        ("Name three people it mentions.", "list"),
        ("Which country won?", "fact"),
        ("What is this?", "fact"),
        ("How many ships sank?", "fact"),
    ],
)
def test_question_type_says_what_kind_of_answer_is_wanted(question: str, kind: str) -> None:
    assert question_type(question) == kind


def test_a_thing_is_named_only_when_not_an_unnamed_one() -> None:
    assert names("The Houthi-linked company recruited them.", "company")
    assert not names("A company recruited them.", "company")


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("Who wrote the article?", "byline"),
        ("Who's the author?", "byline"),
        ("What is the title of the article?", "title"),
        ("What's the headline?", "title"),
        ("What is the report called?", "title"),
        ("What is the plant called?", None),
        ("When did she publish it?", "date"),
        ("When did this guide publish it?", "date"),
        ("When did the company publish its results?", None),
        ("What does the photo show?", "caption"),
        ("How many troops did North Korea send?", None),
    ],
)
def test_questions_about_the_document_name_the_block_that_answers(
    question: str, role: str | None
) -> None:
    assert document_role(question) == role
