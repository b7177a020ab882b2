"""Kept text maps back to the exact characters of its file, for text and HTML alike."""

from __future__ import annotations

from assistant.documents import DocumentView
from index.clean import clean, clean_source

TEXT = "Title of the page\n\nFirst paragraph here.\nStill the first.\n\nSecond paragraph."
HTML = (
    "<html><head><title>A page</title></head><body><nav>Home | About</nav>"
    "<p>Caf&eacute; owners <b>met</b> on Monday.</p><p>They agreed.</p></body></html>"
)


def test_text_offsets_map_back_by_one_shift_per_block() -> None:
    cleaned = clean(TEXT)
    second = cleaned.blocks[2]
    at = cleaned.text.index("Second")
    assert cleaned.to_original(at) == TEXT.index("Second")
    assert second.to_original(0, 6) == (TEXT.index("Second"), TEXT.index("Second") + 6)


def test_a_block_spanning_lines_is_kept_verbatim() -> None:
    block = clean(TEXT).blocks[1]
    assert block.text == "First paragraph here.\nStill the first."
    start, end = block.to_original(0, len(block.text))
    assert TEXT[start:end] == block.text


def test_html_characters_map_to_their_markup_and_entities() -> None:
    cleaned = clean_source("page.html", HTML)
    block = next(b for b in cleaned.blocks if b.text.startswith("Café"))
    assert block.text == "Café owners met on Monday."
    start, end = block.to_original(0, len(block.text))
    assert HTML[start:end] == "Caf&eacute; owners <b>met</b> on Monday."
    # The entity is one character of text standing for six of the file.
    assert block.to_original(3, 4) == (HTML.index("&eacute;"), HTML.index("&eacute;") + 8)


def test_a_file_span_maps_to_the_block_text_it_covers() -> None:
    block = next(b for b in clean_source("page.html", HTML).blocks if b.text.startswith("Café"))
    start = HTML.index("<b>met</b>")
    assert block.to_local(start, start + len("<b>met</b>")) == (12, 15)


def test_navigation_is_not_article_text() -> None:
    assert "Home" not in clean_source("page.html", HTML).text


def test_document_view_finds_the_paragraph_of_a_citation() -> None:
    view = DocumentView.of("page.txt", TEXT)
    paragraph = view.paragraph_at(TEXT.index("Still"))
    assert paragraph.text.startswith("First paragraph")
    start = TEXT.index("Still")
    local = paragraph.local_span(start, start + 5)
    assert paragraph.text[local[0] : local[1]] == "Still"
    assert view.length == len(TEXT)
