"""Cleaning keeps the article: every paragraph of an article's body survives, a phrase
that chrome also uses never removes one, and what is left out is reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from index.clean import clean_source

PAGES = Path(__file__).parent / "fixtures" / "pages"
NEWS = Path(__file__).parent / "fixtures" / "news"
LAST_PARAGRAPH = "The council expects the bridge to reopen on Monday, May 18, weather permitting."


def _squashed(text: str) -> str:
    return " ".join(text.split())


def _article_paragraphs(page: Path) -> list[str]:
    """The paragraphs of the page's article: its largest ``<article>`` (a blog's related
    posts are ``<article>`` cards too)."""
    tree = lxml_html.fromstring(page.read_text(encoding="utf-8"))
    article = max(tree.xpath("//article"), key=lambda a: len(a.text_content()))
    paragraphs = article.xpath(".//p")
    return [t for p in paragraphs if len((t := _squashed(p.text_content())).split()) >= 4]


@pytest.mark.parametrize(
    "saved", [PAGES / "github.blog.spiceland.html", NEWS / "riverside-bridge.html"], ids=str
)
def test_every_paragraph_inside_article_is_indexed(saved: Path) -> None:
    paragraphs = _article_paragraphs(saved)
    assert len(paragraphs) >= 5
    kept = _squashed(clean_source(saved.name, saved.read_text(encoding="utf-8")).text)
    for paragraph in paragraphs:
        assert paragraph in kept, paragraph


@pytest.mark.parametrize("name", ["riverside-bridge.html", "riverside-bridge.md"])
def test_a_last_paragraph_using_a_chrome_phrase_is_kept_and_the_chrome_goes(name: str) -> None:
    cleaned = clean_source(name, (NEWS / name).read_text(encoding="utf-8"))
    assert LAST_PARAGRAPH in cleaned.text
    assert "Residents can sign up for text-message updates" in cleaned.text
    for chrome in ["newsletter", "All rights reserved", "Sport"]:
        assert chrome not in cleaned.text, chrome
    assert cleaned.blocks[0].role == "title"
    assert cleaned.text.count("Riverside footbridge closed for repairs") == 1


def test_what_is_left_out_is_listed_with_its_span_and_reason() -> None:
    source = (NEWS / "riverside-bridge.md").read_text(encoding="utf-8")
    left_out = clean_source("riverside-bridge.md", source).left_out
    assert [x.text for x in left_out] == [
        "The Millbrook Courier",
        "Home | News | Sport",
        "Sign up for our newsletter.",
        "Share this article",
        "© 2026 The Millbrook Courier. All rights reserved.",
    ]
    assert all(x.reason == "page chrome" and source[x.start : x.end] == x.text for x in left_out)


def test_markdown_headings_inside_the_article_are_kept_as_headings() -> None:
    source = (NEWS / "riverside-bridge.md").read_text(encoding="utf-8")
    cleaned = clean_source("riverside-bridge.md", source)
    headings = [b.text for b in cleaned.blocks if b.role == "heading"]
    assert headings == ["## Getting across meanwhile"]


def test_a_web_pages_title_is_its_visible_heading_without_the_site_name() -> None:
    source = (NEWS / "riverside-bridge.html").read_text(encoding="utf-8")
    title = clean_source("riverside-bridge.html", source).blocks[0]
    assert title.text == "Riverside footbridge closed for repairs"
    start, end = title.to_original(0, len(title.text))
    assert source.rfind("<title>", 0, start) < 0 or source.index("<h1>") < start


@pytest.mark.slow
def test_an_added_page_answers_from_its_last_paragraph_and_says_what_it_left_out(
    tmp_path: Path, article_copy: Path
) -> None:
    from assistant.api import Assistant
    from assistant.library import left_out_line
    from assistant.settings import Settings

    library = Assistant(Settings(data_dir=tmp_path / "data", sources=[article_copy]))
    page = (NEWS / "riverside-bridge.html").read_bytes()
    added = library.add_document(content=page, name="riverside-bridge.html")
    text = library.document_text(added.id)
    assert added.left_out and all(text[x.start : x.end] for x in added.left_out)
    line = left_out_line(added)
    assert line is not None and "left out as page chrome" in line and "Newsletter" in line
    answer = library.ask("When does the bridge reopen?", documents=[added.id])
    assert not answer.abstained
    assert any("May 18" in c.text for c in answer.citations), answer.answer
