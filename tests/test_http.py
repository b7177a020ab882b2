"""The HTTP API over real HTTP on loopback: /ask, streaming, OpenAI-compatible, auth, limits."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from assistant.api import Assistant
from assistant.ports import free_port

pytestmark = pytest.mark.slow
QUESTION = "How many troops did North Korea send to join the invasion?"
KEY = "test-key-123"


def start_server(assistant: Assistant, api_key: str | None) -> Iterator[str]:
    from ui.http_api import serving

    with serving(assistant, free_port(), api_key=api_key) as url:
        yield url


@pytest.fixture(scope="module")
def api(assistant: Assistant) -> Iterator[str]:
    yield from start_server(assistant, None)


@pytest.fixture(scope="module")
def locked_api(assistant: Assistant) -> Iterator[str]:
    yield from start_server(assistant, KEY)


def test_ask_returns_the_cli_json_object(api: str, article_text: str) -> None:
    response = httpx.post(f"{api}/ask", json={"question": QUESTION}, timeout=30)
    assert response.status_code == 200
    answer = response.json()
    assert {"question", "answer", "abstained", "citations"} <= set(answer)
    assert "ten thousand" in answer["answer"]
    for c in answer["citations"]:
        assert article_text[c["start"] : c["end"]] == c["text"]


def test_ask_uses_history_for_follow_ups(api: str) -> None:
    history = [
        {"role": "user", "content": "Which foreign fighters has Russia recruited?"},
        {"role": "assistant", "content": "Yemeni mercenaries and others."},
    ]
    response = httpx.post(
        f"{api}/ask", json={"question": "How many from Nepal?", "history": history}, timeout=30
    )
    assert response.status_code == 200
    assert "15,000" in response.json()["answer"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"question": ""}, 400),
        ({"question": "   "}, 400),
        ({"question": "x" * 2001}, 400),
        ({}, 422),
        ({"question": 42}, 422),
    ],
)
def test_bad_questions_get_a_clear_4xx(api: str, body: dict, status: int) -> None:  # type: ignore[type-arg]
    response = httpx.post(f"{api}/ask", json=body, timeout=30)
    assert response.status_code == status
    assert "detail" in response.json()
    assert "Traceback" not in response.text


def test_oversized_body_is_refused(api: str) -> None:
    response = httpx.post(f"{api}/ask", json={"question": "x" * 100_000}, timeout=30)
    assert response.status_code == 413


def test_stream_sends_answer_events_ending_with_the_full_answer(api: str) -> None:
    events: list[tuple[str, str]] = []
    with httpx.stream("POST", f"{api}/ask/stream", json={"question": QUESTION}, timeout=30) as r:
        assert r.status_code == 200
        event = ""
        for line in r.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:"):
                events.append((event, line.split(":", 1)[1].strip()))
    assert events[-1][0] == "done"
    answers = [json.loads(data) for name, data in events if name == "answer"]
    assert answers and "ten thousand" in answers[-1]["answer"]
    full = httpx.post(f"{api}/ask", json={"question": QUESTION}, timeout=30).json()
    assert answers[-1] == full


def test_openapi_describes_typed_schemas(api: str) -> None:
    spec = httpx.get(f"{api}/openapi.json", timeout=30).json()
    assert {"/ask", "/ask/stream", "/health", "/v1/chat/completions"} <= set(spec["paths"])
    schemas = spec["components"]["schemas"]
    assert {"AskRequest", "Answer", "Citation"} <= set(schemas)


def test_openai_client_gets_answer_sources_and_citations(api: str, article_text: str) -> None:
    from openai import OpenAI

    client = OpenAI(base_url=f"{api}/v1", api_key="unused")
    assert [m.id for m in client.models.list()] == ["article-assistant"]
    completion = client.chat.completions.create(
        model="article-assistant", messages=[{"role": "user", "content": QUESTION}]
    )
    content = completion.choices[0].message.content or ""
    assert "ten thousand" in content and "Sources:" in content
    citations = completion.model_extra["citations"]  # type: ignore[index]
    assert citations and all(article_text[c["start"] : c["end"]] == c["text"] for c in citations)


def test_openai_client_can_stream(api: str) -> None:
    from openai import OpenAI

    client = OpenAI(base_url=f"{api}/v1", api_key="unused")
    stream = client.chat.completions.create(
        model="article-assistant",
        messages=[{"role": "user", "content": QUESTION}],
        stream=True,
    )
    text = "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)
    assert "ten thousand" in text and "Sources:" in text


def test_api_key_guards_everything_but_health(locked_api: str) -> None:
    assert httpx.get(f"{locked_api}/health", timeout=30).status_code == 200
    for method, path in [("POST", "/ask"), ("GET", "/v1/models"), ("GET", "/openapi.json")]:
        response = httpx.request(method, f"{locked_api}{path}", json={"question": QUESTION})
        assert response.status_code == 401, path
    wrong = httpx.post(
        f"{locked_api}/ask",
        json={"question": QUESTION},
        headers={"Authorization": "Bearer nope"},
        timeout=30,
    )
    assert wrong.status_code == 401
    right = httpx.post(
        f"{locked_api}/ask",
        json={"question": QUESTION},
        headers={"Authorization": f"Bearer {KEY}"},
        timeout=30,
    )
    assert right.status_code == 200
