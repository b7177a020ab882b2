"""What a question asks for, read once from its words into an ``Intent``."""

from __future__ import annotations

import pytest

from assistant.answering.intent import (
    AnswerType,
    Figure,
    Form,
    Intent,
    Kind,
    SummaryLength,
    document_roles,
    names,
    states_figure,
)


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("How many troops did North Korea send?", Figure.ANY),
        ("What is the exact number of casualties?", Figure.EXACT),
        ("How much are recruits paid?", Figure.MONEY),
        ("Who supplied the mercenaries?", None),
    ],
)
def test_quantity_questions_name_the_figure_they_need(question: str, figure: Figure | None) -> None:
    assert Intent.read(question).figure is figure


@pytest.mark.parametrize(
    ("text", "figure", "states"),
    [
        ("Around 10,000 troops were sent.", Figure.EXACT, True),
        ("Thousands of troops were sent.", Figure.EXACT, False),
        ("Thousands of troops were sent.", Figure.ANY, True),
        ("Recruits are paid $2,000 a month.", Figure.MONEY, True),
        ("Recruits are paid well.", Figure.MONEY, False),
    ],
)
def test_sentences_state_a_figure_of_the_kind_asked(
    text: str, figure: Figure, states: bool
) -> None:
    assert states_figure(text, figure) is states


@pytest.mark.parametrize(
    ("question", "form"),
    [
        ("What email address do I send photos to?", Form.EMAIL),
        ("What time do the workshops start?", Form.CLOCK_TIME),
        ("What time of year are the plots inspected?", None),
        ("How many millimetres of rain fell?", Form.LENGTH),
        ("How many square metres is a full plot?", Form.AREA),
        ("How many people came?", None),
    ],
)
def test_some_questions_fix_the_form_of_the_value_they_want(
    question: str, form: Form | None
) -> None:
    assert Intent.read(question).form is form


@pytest.mark.parametrize(
    ("question", "text", "gives"),
    [
        ("How many millimetres of rain fell?", "Only 41 mm of rain fell.", True),
        ("How many millimetres of rain fell?", "Rain was 41 per cent of the average.", False),
        ("What time do the workshops start?", "They start at 10.30am.", True),
        ("What time do the workshops start?", "They are on Saturday mornings.", False),
        ("Who runs the workshops?", "They are on Saturday mornings.", True),
    ],
)
def test_a_sentence_gives_the_form_of_value_asked_for(
    question: str, text: str, gives: bool
) -> None:
    intent = Intent.read(question)
    assert intent.gives_form(text) is gives
    assert intent.holds_what_is_fixed(text) is gives


def test_name_questions_give_the_thing_named() -> None:
    assert Intent.read("What is the name of the company?").named_thing == "company"
    assert Intent.read("Who recruited them?").named_thing is None


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Can you summarise this?", Kind.SUMMARY),
        ("What's this piece about?", Kind.SUMMARY),
        ("tl;dr", Kind.SUMMARY),
        ("What conclusion does the writer draw?", Kind.CONCLUSION),
        ("Who wrote this?", Kind.DOCUMENT),
        ("Who wrote the novel?", Kind.FACT),
        ("What does the author think about sanctions?", Kind.FACT),
        ("Which ports did the ships visit?", Kind.LIST),
        ("Name three people it mentions.", Kind.LIST),
        ("Which country won?", Kind.FACT),
        ("What is this?", Kind.FACT),
        ("How many ships sank?", Kind.FACT),
        ("Why was the bridge closed?", Kind.REASON),
        ("What are the reasons for the closure?", Kind.LIST),
    ],
)
def test_the_kind_says_what_answer_is_wanted(question: str, kind: Kind) -> None:
    assert Intent.read(question).kind is kind


def test_a_follow_up_keeps_the_users_words_for_what_it_asks() -> None:
    intent = Intent.read("Why?", "Why? (How many troops were sent?)")
    assert intent.follow_up
    assert intent.kind is Kind.REASON
    assert intent.answer_type is AnswerType.REASON
    assert intent.figure is Figure.ANY  # a bare "Why?": the figure of the question searched


def test_a_follow_up_with_words_of_its_own_asks_for_no_figure_of_the_earlier_question() -> None:
    intent = Intent.read(
        "Who has offered to help?", "Who has offered to help? (How much would the planting cost?)"
    )
    assert intent.figure is None
    assert Intent.read("How much?", "How much? (What did the planting cost?)").figure is not None


def test_a_follow_up_with_words_of_its_own_asks_what_they_ask() -> None:
    # searched with a question about the document, it is not one
    asked = Intent.read("What kit does she say you need?", "What kit? (When did she publish it?)")
    assert asked.kind is Kind.FACT and asked.roles == ()
    # with no words of its own, it asks what the earlier question asked
    bare = Intent.read("And when?", "And when? (When did she publish it?)")
    assert bare.kind is Kind.DOCUMENT and bare.roles == ("date",)


def test_the_reader_reads_a_follow_up_in_its_own_words_where_it_has_any() -> None:
    searched = "How long before I can run again? (What should I do after the race?)"
    assert Intent.read("How long before I can run again?", searched).own_words == (
        "How long before I can run again?"
    )
    assert Intent.read("Why?", "Why? (How many troops were sent?)").own_words == (
        "Why? (How many troops were sent?)"
    )
    assert Intent.read("Who leads it?", "Who leads the Trust?").own_words == "Who leads the Trust?"


@pytest.mark.parametrize(
    ("question", "length"),
    [
        ("What is this about?", SummaryLength.BRIEF),
        ("Summarize the article.", SummaryLength.SHORT),
        ("Summarize it in detail.", SummaryLength.DETAILED),
    ],
)
def test_a_summary_question_says_how_long_it_wants_it(question: str, length: SummaryLength) -> None:
    assert Intent.read(question).summary_length is length


@pytest.mark.parametrize(
    ("question", "count"),
    [
        ("Summarize the bridge article in one sentence.", 1),
        ("Give me a three-sentence summary.", 3),
        ("Sum it up in 4 lines.", 4),
        ("Summarize the article.", None),
        ("Which sentence mentions Nepal?", None),
    ],
)
def test_a_summary_question_may_say_how_many_sentences(question: str, count: int | None) -> None:
    assert Intent.read(question).summary_sentences == count


@pytest.mark.parametrize(
    ("question", "text", "holds"),
    [
        ("When did the war start?", "It started in 2022.", True),
        ("When did the 2022 war start?", "It started in 2022.", False),
        ("Who runs the plant?", "Martin Hale runs it.", True),
        ("Why did it close?", "It closed because of floods.", True),
        ("Why did it close?", "It closed.", False),
        ("What happened?", "Martin Hale left.", False),
    ],
)
def test_a_sentence_holds_the_type_of_thing_asked_for(
    question: str, text: str, holds: bool
) -> None:
    assert Intent.read(question).holds_answer_type(text) is holds


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
    assert document_roles(question)[:1] == ((role,) if role else ())
    assert Intent.read(question).role == role
