"""The chat's HTML, without a browser: citation numbers per answer, the numbered article
view, and the documents list."""

from __future__ import annotations

import re

from assistant.answers import Answer, Citation
from assistant.documents import DocumentView
from assistant.library import DocumentInfo
from ui.chat import library_view, render

TEXT = (
    "Harbour notes\n\n"
    "The harbour master is Mairi Campbell. She took the post in 2016.\n\n"
    "The harbour has 42 moorings.\n"
)
DOCUMENTS = {"harbour.txt": DocumentView.of("harbour.txt", TEXT)}


def cite(number: int, sentence: str) -> Citation:
    start = TEXT.index(sentence)
    return Citation(
        id=number,
        source="harbour.txt",
        start=start,
        end=start + len(sentence),
        text=sentence,
        score=0.9,
    )


MASTER = "The harbour master is Mairi Campbell."
MOORINGS = "The harbour has 42 moorings."
FIRST = Answer(
    question="Who is the harbour master?",
    answer=f"{MASTER} [1]",
    abstained=False,
    citations=[cite(1, MASTER)],
)
SECOND = Answer(
    question="How many moorings?",
    answer=f"{MOORINGS} [1] {MASTER} [2]",
    abstained=False,
    citations=[cite(1, MOORINGS), cite(2, MASTER)],
)
ABSTAINED = Answer.abstention("What is the capital of France?", "What is the capital of France?")


def test_each_citation_number_links_to_its_own_answer_and_carries_its_quote() -> None:
    first, second = render.answer_html(FIRST, 1), render.answer_html(SECOND, 2)
    assert 'href="#cite-1-1"' in first
    assert 'href="#cite-2-1"' in second and 'href="#cite-2-2"' in second
    assert f'<span class="cite-quote" hidden>{MASTER}</span>' in first
    assert f'<span class="cite-quote" hidden>{MOORINGS}</span>' in second


def test_the_article_view_numbers_the_newest_answers_spans_and_keeps_older_ones_unlit() -> None:
    page = render.article_html([("q1", FIRST), ("q2", SECOND)], DOCUMENTS)
    lit = re.findall(r'<span class="cite-span on" data-cites="([^"]+)">([^<]+)</span>', page)
    assert sorted(lit) == [("1-1 2-2", MASTER), ("2-1", MOORINGS)]
    badges = re.findall(r'<span class="span-no( on)?" id="cite-(\d)-(\d)"', page)
    assert sorted(badges) == [("", "1", "1"), (" on", "2", "1"), (" on", "2", "2")]
    assert "Answer 2: 2 cited passages highlighted" in page
    assert '<option value="2" selected>2. q2</option>' in page


def test_after_an_abstention_the_article_view_highlights_nothing_and_says_why() -> None:
    page = render.article_html([("q1", FIRST), ("q2", ABSTAINED)], DOCUMENTS)
    assert "cite-span on" not in page and "span-no on" not in page
    assert "Answer 2 cites no passage" in page
    # The first answer's span is still there, for when the reader picks answer 1.
    assert 'data-cites="1-1"' in page


def test_the_article_view_shows_the_documents_the_chosen_answer_cites() -> None:
    ferry_text = "Ferry notes\n\nThe ferry leaves at seven.\n"
    sentence = "The ferry leaves at seven."
    ferry = Citation(
        id=2,
        source="ferry.txt",
        start=ferry_text.index(sentence),
        end=ferry_text.index(sentence) + len(sentence),
        text=sentence,
        score=0.8,
    )
    both = FIRST.model_copy(
        update={"answer": f"{MASTER} [1] {sentence} [2]", "citations": [cite(1, MASTER), ferry]}
    )
    documents = {**DOCUMENTS, "ferry.txt": DocumentView.of("ferry.txt", ferry_text)}
    page = render.article_html([("q1", FIRST), ("q2", both)], documents)
    shown = re.findall(
        r'<section class="article-doc" data-source="([^"]+)" data-turns="([^"]*)"'
        r"( hidden)?>",
        page,
    )
    assert shown == [("harbour.txt", "1 2", ""), ("ferry.txt", "2", "")]
    only_first = render.article_html([("q1", FIRST)], documents)
    # A document no answer cites is not shown; with no citation at all, the first one is.
    assert 'data-source="ferry.txt"' not in only_first
    assert 'data-source="harbour.txt"' in render.article_html([], documents)


def test_the_sources_panel_shows_the_newest_answers_cards_and_keeps_the_others() -> None:
    panel = render.sources_html([("q1", FIRST), ("q2", SECOND)], DOCUMENTS)
    assert panel.startswith('<div class="sources-panel" aria-busy="false">')
    assert '<section class="source-turn" data-turn="1" hidden>' in panel
    assert '<section class="source-turn" data-turn="2">' in panel
    assert 'id="src-1-1"' in panel and 'id="src-2-2"' in panel
    writing = render.sources_html([("q1", FIRST)], DOCUMENTS, writing=True)
    assert writing.startswith('<div class="sources-panel" aria-busy="true">')


def info(**fields: object) -> DocumentInfo:
    base: dict[str, object] = {
        "id": "x",
        "name": "page.html",
        "origin": "page.html",
        "kind": "file",
        "size": 7254,
        "chunks": 21,
        "added_at": "2026-11-30T08:43:00+00:00",
    }
    return DocumentInfo.model_validate({**base, **fields})


def test_a_document_card_shows_title_author_date_kind_size_added_and_origin() -> None:
    card = library_view.documents_html(
        [info(title="Harbour news", author="Mairi Campbell", date="2026-11-02")]
    )
    for shown in [
        "Harbour news",
        "Mairi Campbell · 2026-11-02",
        "File · 7,254 characters · 21 chunks · added 2026-11-30 08:43 UTC",
        "From: page.html",
    ]:
        assert shown in card


def test_a_card_names_the_original_file_never_the_folder_it_was_uploaded_through() -> None:
    card = library_view.documents_html([info(origin="/tmp/gradio/" + "a" * 64 + "/page.html")])
    assert "From: page.html" in card and "/tmp/gradio" not in card


def test_the_chat_says_which_documents_it_answers_from_by_their_titles() -> None:
    one = info(name="/srv/docs/article.txt", title="Foreign troops")
    two = info(name="bridge.html", title="Bridge closed").model_copy(update={"id": "b"})
    three = info(name="notes", kind="text").model_copy(update={"id": "c"})
    line, placeholder = library_view.answering_from([one], [])
    assert (line, placeholder) == (
        "Answering from “Foreign troops”.",
        "Ask a question about “Foreign troops”…",
    )
    line, _ = library_view.answering_from([one, two, three], [])
    assert line == "Answering from all 3 documents: “Foreign troops”, “Bridge closed” and 1 more."
    line, placeholder = library_view.answering_from([one, two, three], ["b", "c"])
    assert line == "Answering from “Bridge closed” and “notes”."
    assert placeholder == "Ask a question about these 2 documents…"


def test_pasted_text_is_titled_by_its_name_and_a_link_by_its_address() -> None:
    pasted = library_view.documents_html([info(name="orchard", origin="pasted", kind="text")])
    assert '<div class="doc-title">orchard</div>' in pasted and "From: pasted text" in pasted
    link = library_view.documents_html(
        [info(name="https://example.org/a", origin="https://example.org/a", kind="url")]
    )
    assert '<a href="https://example.org/a"' in link and "Web page" in link


def test_an_outcome_is_one_escaped_line() -> None:
    line = library_view.outcome_html("x.exe: unsupported type <.exe>", refused=True)
    assert line == (
        '<p class="outcome refused" role="status">x.exe: unsupported type &lt;.exe&gt;</p>'
    )
    assert library_view.outcome_html("") == ""


def test_document_text_in_an_answer_shows_as_text_never_as_markdown_image_or_math() -> None:
    sentence = r"The pier camera ![x](http://e.test/p.png) saw $$\color{white}{\text{it}}$$ **go**."
    citation = Citation(id=1, source="p.txt", start=0, end=len(sentence), text=sentence, score=1)
    answer = Answer(
        question="What did the camera see?",
        answer=f"{sentence} [1]",
        abstained=False,
        citations=[citation],
    )
    shown = render.answer_html(answer, 1)
    for markup in ["![", "](", "$$", "**", "\\color"]:
        assert markup not in shown, markup
    assert 'href="#cite-1-1"' in shown
    unescaped = re.sub(r"<[^>]+>", "", shown.split('<span class="cite-quote"')[0])
    import html as html_module

    assert html_module.unescape(unescaped).startswith(sentence)
