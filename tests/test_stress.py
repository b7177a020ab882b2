"""Adds, removes, reads and questions side by side over real HTTP, in a bounded number of
rounds: no request may fail with a 5xx or a dropped connection, and afterwards the
library is consistent (every listed document's text served, every citation exact,
nothing left on disk that no document uses)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.library import documents_dir
from assistant.ports import free_port
from assistant.settings import Settings

pytestmark = pytest.mark.slow

CHANGERS = 6
ROUNDS = 4  # each changer adds then removes a document this many times
READERS = 4
TEXT_READS = 5  # reads of a changing document's text per listing
QUESTIONS = ["How many troops did North Korea send?", "When did the ferry leave?"]


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory, article_copy: Path) -> Settings:
    return Settings(
        data_dir=tmp_path_factory.mktemp("stress"),
        sources=[article_copy],
        rate_limit="100000/minute",
        rate_limit_changes="100000/minute",
    )


@pytest.fixture(scope="module")
def api(settings: Settings) -> Iterator[str]:
    from assistant.api import Assistant
    from ui.http_api import serving

    with serving(Assistant(settings), free_port()) as url:
        yield url


class Outcomes:
    """Every status seen, by kind of request, and every failure to get one."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: list[tuple[str, int, str]] = []
        self.failures: list[str] = []

    def call(self, kind: str, send: Callable[[], httpx.Response]) -> httpx.Response | None:
        try:
            response = send()
        except httpx.HTTPError as exc:
            with self.lock:
                self.failures.append(f"{kind}: {type(exc).__name__} {exc}")
            return None
        with self.lock:
            self.statuses.append((kind, response.status_code, response.text[:200]))
        return response


def change(api: str, worker: int, outcomes: Outcomes) -> None:
    with httpx.Client(base_url=api, timeout=300) as client:
        for round_ in range(ROUNDS):
            text = f"The ferry left pier {worker} at {round_ + 6} o'clock. It was worker {worker}."
            added = outcomes.call(
                "add", lambda: client.post("/documents", json={"text": text, "name": "ferry"})
            )
            if added is not None and added.status_code == 201:
                document_id = added.json()["id"]
                outcomes.call("remove", lambda: client.delete(f"/documents/{document_id}"))


def read_and_ask(api: str, busy: Callable[[], bool], outcomes: Outcomes) -> None:
    with httpx.Client(base_url=api, timeout=300) as client:
        while busy():
            for question in QUESTIONS:
                outcomes.call("ask", lambda: client.post("/ask", json={"question": question}))
            listed = outcomes.call("list", lambda: client.get("/documents"))
            for document in listed.json() if listed is not None else []:
                if document["name"] == "ferry":  # the one being replaced and removed
                    for _ in range(TEXT_READS):
                        outcomes.call(
                            "text", lambda: client.get(f"/documents/{document['id']}/text")
                        )


def test_adds_removes_and_questions_side_by_side_never_fail_and_leave_it_consistent(
    api: str, settings: Settings
) -> None:
    outcomes = Outcomes()
    changers = [
        threading.Thread(target=change, args=(api, worker, outcomes)) for worker in range(CHANGERS)
    ]
    readers = [
        threading.Thread(
            target=read_and_ask,
            args=(api, lambda: any(c.is_alive() for c in changers), outcomes),
        )
        for _ in range(READERS)
    ]
    for thread in changers + readers:
        thread.start()
    for thread in changers + readers:
        thread.join()

    assert not outcomes.failures
    allowed = {"add": {201, 429}, "remove": {200, 404}, "ask": {200}, "list": {200}}
    allowed["text"] = {200, 404}  # a document removed between the list and the read
    unexpected = [s for s in outcomes.statuses if s[1] not in allowed[s[0]]]
    assert not unexpected, unexpected
    assert sum(1 for kind, status, _ in outcomes.statuses if (kind, status) == ("add", 201)) > 0
    check_consistent(api, settings)


def check_consistent(api: str, settings: Settings) -> None:
    documents: list[dict[str, Any]] = httpx.get(f"{api}/documents").json()
    assert [d["name"] for d in documents].count("ferry") <= 1
    for document in documents:
        text = httpx.get(f"{api}/documents/{document['id']}/text").json()["text"]
        assert len(text) == document["size"]
        question = QUESTIONS[0] if document["name"] != "ferry" else QUESTIONS[1]
        answer = httpx.post(
            f"{api}/ask", json={"question": question, "documents": [document["id"]]}, timeout=60
        ).json()
        assert answer["citations"], answer
        for citation in answer["citations"]:
            assert citation["document_id"] == document["id"]
            assert text[citation["start"] : citation["end"]] == citation["text"]
    stored = {p for p in documents_dir(settings.data_dir).iterdir() if p.name != ".incoming"}
    assert len(stored) == len(documents) - 1  # the bundled article's copy lives elsewhere
    assert not list((documents_dir(settings.data_dir) / ".incoming").iterdir())
