"""The words a question and a document are matched by: acronyms that spell stop words
("US", "UN", "WHO", "IT") are words, the pronoun or the headline word they spell is not;
a decimal is also its whole part, as a question rounds it."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.bm25 import ChunkTerms, build_bm25, load_bm25
from index.text import content_words, specific_terms


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("What did the US special envoy report?", "us"),
        ("How many UN peacekeepers were sent?", "un"),
        ("WHO warned of a second wave.", "who"),
    ],
)
def test_an_acronym_spelling_a_stop_word_is_a_content_word_and_a_term(text: str, word: str) -> None:
    assert word in content_words(text)
    assert word in specific_terms(text)


@pytest.mark.parametrize(
    "text",
    ["Tell us who said it.", "WHO IS BEHIND THE UN PLAN", "Who is it for?"],
)
def test_the_stop_word_itself_or_a_headline_in_capitals_is_not(text: str) -> None:
    assert not {"us", "who", "it", "is", "the"} & set(content_words(text))


def test_a_decimal_is_also_its_whole_part() -> None:
    assert content_words("the 21.1 km") == ["21.1", "21", "km"]
    assert content_words("45,000 steps") == ["45000", "step"]


@pytest.mark.parametrize(
    ("question", "passages"),
    [
        (
            "What did the US envoy say?",
            [
                "They told us the weapons were old and the envoy had left.",
                "The US envoy warned that weapons could be sent to the rebels.",
            ],
        ),
        (
            "Do I have to run 21 km before the race?",
            [
                "Your longest run, 18 km, comes in week 10.",
                "You do not need to run the full 21.1 km before race day.",
            ],
        ),
    ],
)
def test_the_question_finds_the_passage_naming_its_acronym_or_rounded_figure(
    question: str, passages: list[str], tmp_path: Path
) -> None:
    terms = ChunkTerms()
    for text in passages:
        terms.add(content_words(text))
    build_bm25(terms, tmp_path / "bm25")
    ranked = load_bm25(tmp_path / "bm25").search(content_words(question), 2)
    assert ranked[0][0] == 1 and ranked[0][1] > ranked[1][1]
