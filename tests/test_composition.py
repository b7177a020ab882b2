"""Composition: the reply quotes each chosen sentence once, cited by its exact span."""

from __future__ import annotations

from assistant.answering.candidates import ScoredSentence
from assistant.answering.composition import (
    ShownValue,
    quoted,
    said_of_each,
    said_of_itself,
    undated,
)
from assistant.answering.intent import Intent
from index.chunk import Sentence
from index.clean import SourceSpan

SOURCE = "Ships came in May. A storm hit. Ships came in May."


def sentence(start: int, end: int, ordinal: int) -> Sentence:
    return Sentence("a.txt", start, end, SOURCE[start:end], ordinal)


SENTENCES = [sentence(0, 18, 0), sentence(19, 31, 1), sentence(32, 50, 2)]


def test_each_quoted_sentence_is_cited_by_its_exact_span_numbered_in_order() -> None:
    answer = quoted(SENTENCES, Intent.read("q"), [ScoredSentence(0, 0.7), ScoredSentence(1, 1.4)])
    assert not answer.abstained
    assert [c.id for c in answer.citations] == [1, 2]
    assert all(SOURCE[c.start : c.end] == c.text for c in answer.citations)
    assert answer.answer == "Ships came in May. [1] A storm hit. [2]"
    assert answer.citations[1].score == 1.0  # scores are clipped to [0, 1]


def test_a_passage_the_page_repeats_is_quoted_once() -> None:
    answer = quoted(SENTENCES, Intent.read("q"), [ScoredSentence(0, 0.7), ScoredSentence(2, 0.7)])
    assert [c.start for c in answer.citations] == [0]


def test_nothing_chosen_is_an_abstention() -> None:
    answer = quoted(SENTENCES, Intent.read("Who?"), [])
    assert answer.abstained and answer.citations == []


def test_an_undated_document_says_so_and_names_the_dates_it_mentions() -> None:
    answer = undated(Intent.read("When?"), "Work began on March 3, 2021 and ended in 2023.", 6)
    assert answer.abstained
    assert answer.answer == (
        "It gives no date of publication. The dates it mentions: March 3, 2021, 2023."
    )
    assert (
        undated(Intent.read("When?"), "No dates here.", 6).answer
        == "It gives no date of publication."
    )


BYLINE_SOURCE = "Harbour notes\n\nBy Ann Lee, a reporter on the city desk, March 4, 2026\n"


def test_who_wrote_it_names_the_author_cited_where_the_page_shows_the_name() -> None:
    start = BYLINE_SOURCE.index("Ann Lee")
    span = SourceSpan(start=start, end=start + len("Ann Lee"))
    shown = ShownValue("a.txt", "byline", "Ann Lee", span, "Harbour notes")
    answer = said_of_itself(Intent.read("Who wrote it?"), [shown])
    assert answer.answer == "It was written by Ann Lee. [1]"
    (citation,) = answer.citations
    assert BYLINE_SOURCE[citation.start : citation.end] == citation.text == "Ann Lee"


def test_the_byline_is_quoted_too_when_it_says_more_than_the_name_and_date() -> None:
    start = BYLINE_SOURCE.index("By")
    end = BYLINE_SOURCE.index("\n", start)
    block = Sentence("a.txt", start, end, BYLINE_SOURCE[start:end], 1, "byline")
    name = SourceSpan(start=start + 3, end=start + 10)
    shown = ShownValue("a.txt", "byline", "Ann Lee", name, "Harbour notes")
    answer = said_of_itself(Intent.read("Who?"), [shown], block=block)
    assert [c.text for c in answer.citations] == ["Ann Lee", block.text]
    bare = Sentence("a.txt", 0, 24, "By Ann Lee, March 4, 2026", 1, "byline")
    plain = said_of_itself(Intent.read("Who?"), [shown], block=bare)
    assert [c.text for c in plain.citations] == ["Ann Lee"]


def test_a_markdown_byline_is_quoted_without_its_emphasis_cited_to_those_words() -> None:
    source = "# Harbour notes\n\n*By Ann Lee, a reporter on the city desk*\n"
    start, end = source.index("*By"), source.index("*\n") + 1
    block = Sentence("a.md", start, end, source[start:end], 1, "byline")
    name = SourceSpan(start=start + 4, end=start + 11)
    shown = ShownValue("a.md", "byline", "Ann Lee", name, "Harbour notes")
    answer = said_of_itself(Intent.read("Who?"), [shown], block=block)
    quoted_byline = answer.citations[1]
    assert quoted_byline.text == "By Ann Lee, a reporter on the city desk"
    assert source[quoted_byline.start : quoted_byline.end] == quoted_byline.text
    assert answer.answer.endswith("By Ann Lee, a reporter on the city desk [2]")


def test_who_wrote_it_and_when_says_both_each_cited_where_the_page_shows_it() -> None:
    source = "Allotments\n\nWritten by Colin Varga\nLast updated: 14 October 2026\n"
    name, dated = source.index("Colin Varga"), source.index("Last updated")
    shown = [
        ShownValue("g.md", "byline", "Colin Varga", SourceSpan(start=name, end=name + 11), "A"),
        ShownValue(
            "g.md",
            "date",
            "Last updated: 14 October 2026",
            SourceSpan(start=dated, end=dated + 29),
            "A",
        ),
    ]
    answer = said_of_itself(Intent.read("Who wrote it and when was it last updated?"), shown)
    assert answer.answer == ("It was written by Colin Varga. [1] It is dated 14 October 2026. [2]")
    assert [source[c.start : c.end] for c in answer.citations] == [
        "Colin Varga",
        "Last updated: 14 October 2026",
    ]


def test_who_wrote_it_over_several_documents_names_each_author_cited_to_its_byline() -> None:
    other = "Bridge closed\n\nBy Dana Whitfield, May 4, 2026\n"
    ann = BYLINE_SOURCE.index("Ann Lee")
    dana = other.index("Dana Whitfield")
    shown = [
        ShownValue("a.txt", "byline", "Ann Lee", SourceSpan(start=ann, end=ann + 7), "Harbour"),
        ShownValue(
            "b.txt", "byline", "Dana Whitfield", SourceSpan(start=dana, end=dana + 14), "Bridge"
        ),
    ]
    answer = said_of_each(Intent.read("Who wrote this?"), shown)
    assert answer.answer == (
        "“Harbour” was written by Ann Lee. [1] “Bridge” was written by Dana Whitfield. [2]"
    )
    assert [(c.source, c.text) for c in answer.citations] == [
        ("a.txt", "Ann Lee"),
        ("b.txt", "Dana Whitfield"),
    ]
