"""Documents over real HTTP on loopback: add (JSON, multipart, URL), list, read, scope, remove."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.ports import free_port
from assistant.settings import Settings
from tests.local_site import make_pdf

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, article_copy: Path) -> Iterator[str]:
    from assistant.api import Assistant
    from ui.http_api import serving

    settings = Settings(
        data_dir=tmp_path_factory.mktemp("http-docs"),
        sources=[article_copy],
        allow_private_urls=True,
    )
    with serving(Assistant(settings), free_port()) as url:
        yield url


def test_pasted_text_is_added_read_back_and_asked_about(api: str) -> None:
    text = "The village hall was rebuilt in 1998. The work cost 120,000 pounds."
    added = httpx.post(f"{api}/documents", json={"text": text, "name": "hall"}, timeout=120)
    assert added.status_code == 201, added.text
    document = added.json()
    assert document["name"] == "hall" and document["kind"] == "text" and document["id"]
    assert httpx.get(f"{api}/documents/{document['id']}").json() == document
    assert document["id"] in {d["id"] for d in httpx.get(f"{api}/documents").json()}
    stored = httpx.get(f"{api}/documents/{document['id']}/text").json()["text"]
    assert stored == text
    answer = httpx.post(
        f"{api}/ask",
        json={"question": "How much did the work cost?", "documents": [document["id"]]},
        timeout=30,
    ).json()
    assert answer["citations"], answer
    for citation in answer["citations"]:
        assert citation["document_id"] == document["id"]
        assert stored[citation["start"] : citation["end"]] == citation["text"]


def test_the_same_document_added_again_answers_200_and_changes_nothing(api: str) -> None:
    body = {"text": "The ferry leaves at seven from pier two.", "name": "ferry"}
    first = httpx.post(f"{api}/documents", json=body, timeout=120)
    assert first.status_code == 201, first.text
    assert first.json()["already_present"] is False
    listed = httpx.get(f"{api}/documents").json()
    again = httpx.post(f"{api}/documents", json=body, timeout=120)
    assert again.status_code == 200, again.text
    assert again.json() == {**first.json(), "already_present": True}
    assert httpx.get(f"{api}/documents").json() == listed


def test_the_configured_article_keeps_the_time_it_was_first_indexed(api: str) -> None:
    def article_added() -> str:
        listed = httpx.get(f"{api}/documents").json()
        return next(d["added_at"] for d in listed if d["name"].endswith("article.txt"))

    before = article_added()
    assert before  # the build's time: it was never added by hand
    body = {"text": "The bakery opens at six.", "name": "bakery"}
    assert httpx.post(f"{api}/documents", json=body, timeout=120).status_code == 201
    assert article_added() == before


def test_a_multipart_pdf_upload_is_cited_by_page(api: str, tmp_path: Path) -> None:
    pdf = make_pdf(
        tmp_path / "minutes.pdf",
        [["Minutes of the May meeting."], ["The treasurer, Ines Duarte, reported a surplus."]],
    )
    added = httpx.post(
        f"{api}/documents",
        files={"file": ("minutes.pdf", pdf.read_bytes(), "application/pdf")},
        timeout=120,
    )
    assert added.status_code == 201, added.text
    document = added.json()
    assert document["kind"] == "pdf" and document["pages"] == 2
    answer = httpx.post(
        f"{api}/v1/chat/completions",
        json={
            "model": "article-assistant",
            "messages": [{"role": "user", "content": "Who is the treasurer?"}],
            "documents": [document["id"]],
        },
        timeout=30,
    ).json()
    assert answer["citations"] and answer["citations"][0]["page"] == 2


def test_a_url_is_added_from_a_local_site(api: str, site: str) -> None:
    added = httpx.post(f"{api}/documents", json={"url": f"{site}/lighthouse.html"}, timeout=120)
    assert added.status_code == 201, added.text
    assert added.json()["title"] == "The Skerry Point lighthouse"


@pytest.mark.parametrize(
    ("request_kwargs", "status", "reason"),
    [
        ({"json": {"url": "http://127.0.0.1:1/missing"}}, 400, "cannot fetch"),
        ({"json": {"text": "   ", "name": "blank"}}, 400, "empty"),
        ({"json": {"name": "nothing"}}, 400, "give"),
        (
            {"files": {"file": ("deck.pptx", b"PK\x03\x04", "application/octet-stream")}},
            400,
            ".pptx",
        ),
        ({"files": {"file": ("x.txt", b"\x00\x01\x02", "text/plain")}}, 400, "binary"),
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 422, ""),
    ],
)
def test_bad_documents_get_a_4xx_with_a_message_and_change_nothing(
    api: str,
    request_kwargs: dict,
    status: int,
    reason: str,  # type: ignore[type-arg]
) -> None:
    before = httpx.get(f"{api}/documents").json()
    refused = httpx.post(f"{api}/documents", timeout=60, **request_kwargs)
    assert refused.status_code == status, refused.text
    assert reason in refused.json()["detail"]
    assert httpx.get(f"{api}/documents").json() == before


def test_unknown_documents_are_404_and_removal_works(api: str) -> None:
    assert httpx.get(f"{api}/documents/nope").status_code == 404
    assert httpx.get(f"{api}/documents/nope/text").status_code == 404
    asked = httpx.post(f"{api}/ask", json={"question": "Who?", "documents": ["nope"]})
    assert asked.status_code == 404 and "nope" in asked.json()["detail"]
    added = httpx.post(
        f"{api}/documents", json={"text": "Gulls nest on the roof.", "name": "gulls"}, timeout=120
    ).json()
    removed = httpx.delete(f"{api}/documents/{added['id']}", timeout=120)
    assert removed.status_code == 200 and removed.json()["id"] == added["id"]
    assert httpx.delete(f"{api}/documents/{added['id']}").status_code == 404
