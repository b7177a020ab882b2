"""What a question wants decides the answer: a summary, a conclusion, a list, the byline."""

from __future__ import annotations

import pytest

from assistant.api import Assistant

pytestmark = pytest.mark.slow


def roles_and_paragraphs(assistant: Assistant, answer_starts: list[int]) -> list[tuple[str, int]]:
    by_start = {s.start: s for s in assistant.index.sentences}
    return [(by_start[a].role, by_start[a].paragraph) for a in answer_starts]


@pytest.mark.parametrize(
    ("question", "most_sentences", "most_chars"),
    [("What's the gist?", 2, 320), ("Can you summarise this for me?", 3, 450)],
)
def test_a_summary_is_as_short_as_asked_main_point_first_then_in_order(
    assistant: Assistant, question: str, most_sentences: int, most_chars: int
) -> None:
    answer = assistant.ask(question)
    assert not answer.abstained and 1 <= len(answer.citations) <= most_sentences
    assert len(" ".join(c.text for c in answer.citations)) <= most_chars
    texts = [c.text for c in answer.citations]
    assert len(set(texts)) == len(texts)
    starts = [c.start for c in answer.citations]
    assert starts[1:] == sorted(starts[1:])
    assert {role for role, _ in roles_and_paragraphs(assistant, starts)} == {"body"}


def test_a_detailed_summary_is_longer_and_spans_paragraphs(assistant: Assistant) -> None:
    short = assistant.ask("Summarize the article.")
    detailed = assistant.ask("Summarize the article in detail.")
    assert len(detailed.citations) > len(short.citations)
    placed = roles_and_paragraphs(assistant, [c.start for c in detailed.citations])
    assert len({paragraph for _, paragraph in placed}) >= 2


def test_an_undated_document_says_so_and_names_the_dates_it_carries(
    assistant: Assistant,
) -> None:
    answer = assistant.ask("When was this article published?")
    assert answer.abstained
    assert "no date of publication" in answer.answer and "December 5, 2024" in answer.answer


def test_conclusion_comes_from_the_closing_quarter_not_the_closing_notice(
    assistant: Assistant,
) -> None:
    answer = assistant.ask("What conclusion does the piece reach?")
    paragraphs = sorted({s.paragraph for s in assistant.index.sentences if s.role == "body"})
    placed = roles_and_paragraphs(assistant, [c.start for c in answer.citations])
    assert placed and all(p >= paragraphs[-round(len(paragraphs) / 4)] for _, p in placed)
    # the page's closing notice about its publisher is not the piece's conclusion
    assert all(p != paragraphs[-1] for _, p in placed)


def test_who_wrote_it_cites_the_authors_name_then_the_byline_saying_who_they_are(
    assistant: Assistant, article_text: str
) -> None:
    answer = assistant.ask("Who wrote this?")
    name, byline = answer.citations
    assert answer.answer.startswith("It was written by Katherine Spencer. [1]")
    assert article_text[name.start : name.end] == name.text == "Katherine Spencer"
    assert roles_and_paragraphs(assistant, [byline.start])[0][0] == "byline"
    assert byline.start <= name.start < name.end <= byline.end


def test_content_questions_never_quote_title_byline_or_caption(assistant: Assistant) -> None:
    for question in [
        "How many troops did North Korea send?",
        "Foreign troops and Putin's mobilization?",
        "Where is the Kremlin?",
    ]:
        answer = assistant.ask(question)
        placed = roles_and_paragraphs(assistant, [c.start for c in answer.citations])
        assert all(role == "body" for role, _ in placed), question


def test_list_answer_gathers_sentences_that_each_add_names(assistant: Assistant) -> None:
    answer = assistant.ask("Name some of the countries mentioned as sources of recruits.")
    assert len(answer.citations) >= 2
