"""The cleaner drops page chrome and maps cleaned text back to the original exactly."""

from __future__ import annotations

import random

import pytest

from index.clean import clean, is_boilerplate

CHROME = [
    "lollypopad.online",
    "Physical Address",
    "304 North Cardinal St.",
    "Stay updated",
    "directly to your inbox",
    "Events of the Eurasian Center",
    "Follow us on social networks",
    "Source link",
    "Leave a Reply",
    "Your email address will not be published",
]
CONTENT = [
    "Foreign troops help Putin avoid pitfalls of another Russian mobilization",
    "Foreign troops are helping Putin avoid the pitfalls of another Russian mobilization",
    "Katherine Spencer is a program assistant at the Atlantic Council’s Eurasia Center.",
    "Image: Russian President Vladimir Putin holds a meeting",
    "more than 45,000 casualties",
    "a meat grinder",
]


@pytest.mark.parametrize("chrome", CHROME)
def test_page_chrome_is_removed(article_text: str, chrome: str) -> None:
    assert chrome in article_text
    assert chrome not in clean(article_text).text


@pytest.mark.parametrize("content", CONTENT)
def test_title_body_author_and_caption_are_kept(article_text: str, content: str) -> None:
    assert content in clean(article_text).text


def test_repeated_title_is_kept_once(article_text: str) -> None:
    title = "Foreign troops help Putin avoid pitfalls of another Russian mobilization"
    assert clean(article_text).text.count(title) == 1


def test_every_cleaned_character_maps_to_the_same_original_character(article_text: str) -> None:
    cleaned = clean(article_text)
    for block in cleaned.blocks:
        for offset in range(block.clean_start, block.clean_start + len(block.text)):
            assert article_text[cleaned.to_original(offset)] == cleaned.text[offset]


def test_block_spans_are_exact_slices_of_the_original(article_text: str) -> None:
    cleaned = clean(article_text)
    rng = random.Random(7)
    for block in cleaned.blocks:
        a = rng.randrange(len(block.text))
        b = rng.randrange(a, len(block.text)) + 1
        start = cleaned.to_original(block.clean_start + a)
        assert article_text[start : start + (b - a)] == block.text[a:b]


def test_offset_outside_the_text_is_rejected(article_text: str) -> None:
    cleaned = clean(article_text)
    with pytest.raises(ValueError):
        cleaned.to_original(len(cleaned.text) + 1)


def test_boilerplate_rules_leave_ordinary_paragraphs_alone() -> None:
    assert is_boilerplate("Stay updated")
    assert not is_boilerplate("Such claims are not new. The Kremlin reportedly used fighters.")


def test_text_without_chrome_is_unchanged() -> None:
    text = "First paragraph here.\n\nSecond paragraph, with more words."
    assert clean(text).text == text


def test_title_byline_dateline_and_captions_become_document_metadata() -> None:
    from index.clean import document_metadata

    page = (
        "A Storm Over the Channel - news.example\n\nPublished March 3, 2025\n\n"
        "The ferry was delayed by six hours. Passengers waited in the port.\n\n"
        "Photo: the harbour at dawn.\n\nJane Doe is a reporter at the Example News desk."
    )
    assert document_metadata(clean(page)) == {
        "title": "A Storm Over the Channel",
        "byline": "Jane Doe is a reporter at the Example News desk.",
        "author": "Jane Doe",
        "date": "Published March 3, 2025",
        "captions": ["Photo: the harbour at dawn."],
        "left_out": [],
        "spans": {
            "title": {"start": 0, "end": 24},
            "author": {"start": 163, "end": 171},
            "date": {"start": 41, "end": 64},
        },
    }


@pytest.mark.parametrize("line", ["*Last updated: 14 October 2026*", "_Published 14 October 2026_"])
def test_a_dateline_in_markdown_emphasis_is_the_documents_date(line: str) -> None:
    from index.clean import document_metadata

    guide = (
        f"# Sharing a Bike\n\n{line}\n\nThis guide explains how members book the club's bikes.\n"
    )
    metadata = document_metadata(clean(guide))
    assert metadata["date"] == line.strip("*_")
    span = metadata["spans"]["date"]
    assert guide[span["start"] : span["end"]] == line.strip("*_")
    assert metadata["left_out"] == []


def test_a_credits_block_gives_the_documents_author_and_date() -> None:
    from index.clean import document_metadata

    guide = (
        "# Sharing a Bike\n\nPublished by the Cycle Club\nWritten by Ana Ruiz, Secretary\n"
        "Last updated: 14 October 2026\n\nThis guide explains how members book the club's bikes."
        "\n\nLast updated: 2 May 2020 is when the old rules ended.\n"
    )
    metadata = document_metadata(clean(guide))
    assert metadata["author"] == "Ana Ruiz"
    assert metadata["date"] == "Last updated: 14 October 2026"
    for key in ("author", "date"):
        span = metadata["spans"][key]
        assert guide[span["start"] : span["end"]] == metadata[key]


def test_a_date_line_below_the_first_paragraph_is_not_the_documents_date() -> None:
    from index.clean import document_metadata

    notes = (
        "# Notes\n\nThe club met twice this month to plan the rides.\n\n"
        "Ride leaders: Ana and Tom\nUpdated 3 May 2021\n"
    )
    assert "date" not in document_metadata(clean(notes))


GENERIC_PAGE = """Harbour Reopens After Storm | Coast Daily

Subscribe to our newsletter for the week's top stories.

Share on Facebook

The harbour reopened on Tuesday after three days of closure. Ferries resumed at noon.

Revenue: $4.5 billion in 2023.

Port Authority, 12 Quay Road, Dover CT16 1JA

The authority said repairs would cost about 2 million pounds.

Related articles

© 2025 Coast Daily. All rights reserved."""


def test_chrome_of_another_site_is_removed_by_general_rules() -> None:
    text = clean(GENERIC_PAGE).text
    for chrome in ["newsletter", "Share on Facebook", "12 Quay Road", "Related articles", "©"]:
        assert chrome not in text, chrome
    for content in [
        "Harbour Reopens After Storm",
        "The harbour reopened on Tuesday",
        "Revenue: $4.5 billion in 2023.",
        "repairs would cost about 2 million pounds",
    ]:
        assert content in text, content


def test_prose_between_two_boilerplate_blocks_is_chrome() -> None:
    from index.clean import chrome_blocks

    blocks = [
        "Title",
        "The storm closed the harbour for three days.",
        "Copyright 2024 Coast News. All rights reserved.",
        "Our mission is to inform the coast.",
        "Follow us on social networks.",
    ]
    assert chrome_blocks(blocks) == [True, False, True, True, True]


@pytest.mark.parametrize(
    "paragraph",
    [
        "The library's monthly newsletter, which goes to about 2,400 households, announced "
        "the reopening in January and asked readers to suggest names for the new reading "
        "room; more than three hundred suggestions arrived within a fortnight, most of "
        "them honouring the librarian who retired last spring.",
        "The mural's fate became a copyright question when the artist's estate objected to "
        "reproductions on tote bags; after months of talks the town agreed that the estate "
        "would receive a share of sales and a large photograph of the work would hang "
        "beside the new children's area.",
    ],
)
def test_an_article_paragraph_that_mentions_copyright_or_a_newsletter_is_kept(
    paragraph: str,
) -> None:
    page = f"Library Reopens\n\n{paragraph}\n\nSubscribe to our newsletter"
    text = clean(page).text
    assert paragraph in text
    assert "Subscribe" not in text


@pytest.mark.parametrize(
    ("byline", "author", "date"),
    [
        ("By Maria Lindqvist, March 4, 2026", "Maria Lindqvist", "March 4, 2026"),
        (
            "*Written by Tom Wieck, mechanic — Updated 12 January 2026*",
            "Tom Wieck",
            "12 January 2026",
        ),
        ("Ann Lee is a fellow at the Example Institute.", "Ann Lee", None),
    ],
)
def test_a_bylines_name_and_date_become_author_and_date(
    byline: str, author: str, date: str | None
) -> None:
    from index.clean import document_metadata

    page = f"A Title\n\n{byline}\n\nThe ferry was delayed by six hours. It rained all day."
    found = document_metadata(clean(page))
    assert found["author"] == author
    assert found.get("date") == date
