"""Questions about "this" document when several are searched name each document."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

NEWS = Path(__file__).parent / "fixtures" / "news"


def test_who_wrote_this_over_two_articles_names_both_authors_each_cited_to_its_byline(
    tmp_path: Path, article_copy: Path
) -> None:
    from assistant.api import Assistant
    from assistant.settings import Settings

    library = Assistant(Settings(data_dir=tmp_path / "data", sources=[article_copy]))
    article = library.list_documents()[0]
    page = library.add_document(
        content=(NEWS / "riverside-bridge.html").read_bytes(), name="riverside-bridge.html"
    )
    answer = library.ask("Who wrote this?", documents=[article.id, page.id])
    assert "Katherine Spencer" in answer.answer and "Dana Whitfield" in answer.answer
    assert "“Riverside footbridge closed for repairs” was written by Dana Whitfield" in (
        answer.answer
    )
    by_document = {c.document_id: c for c in answer.citations}
    assert set(by_document) == {article.id, page.id}
    for document_id, citation in by_document.items():
        text = library.document_text(document_id)
        assert text[citation.start : citation.end] == citation.text
    alone = library.ask("Who wrote this?", documents=[page.id])
    assert alone.answer.startswith("It was written by Dana Whitfield.")


POOL_GUIDE = """# Riverside Leisure Centre: swimming pool guide

*Last updated: 2 November 2026*

The main pool reopened in September after a six-month refurbishment that replaced the
filtration system and retiled the floor.

Children under eight must be accompanied in the water by an adult.
"""


def test_a_question_naming_one_document_is_answered_from_it_and_says_what_it_does_not_show(
    tmp_path: Path, article_copy: Path
) -> None:
    from assistant.api import Assistant
    from assistant.settings import Settings

    library = Assistant(Settings(data_dir=tmp_path / "data", sources=[article_copy]))
    guide = library.add_document(content=POOL_GUIDE.encode(), name="pool.md")
    both = library.ask("Who wrote the pool guide and when was it last updated?")
    # the article's author is not the guide's: the guide names none, and its date is given
    assert "Katherine Spencer" not in both.answer
    assert both.answer.startswith("It does not say who wrote it. It is dated 2 November 2026.")
    (citation,) = both.citations
    assert citation.document_id == guide.id
    text = library.document_text(guide.id)
    assert text[citation.start : citation.end] == citation.text == "Last updated: 2 November 2026"
    author = library.ask("Who compiled the pool guide?")
    assert author.answer == (
        "“Riverside Leisure Centre: swimming pool guide” does not say who wrote it."
    )
    # a question naming no document still takes the author from the page that shows one
    assert library.ask("Who wrote the article?").answer.startswith(
        "It was written by Katherine Spencer."
    )
    # a document no page is: the article's author is not its author
    assert library.ask("Who wrote this history of the bakery?").abstained
