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
