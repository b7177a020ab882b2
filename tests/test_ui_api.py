"""The Gradio app serves the chat and an ``ask`` endpoint with the ``ask --json`` object."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from assistant.api import Assistant

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def app_url(assistant: Assistant) -> Iterator[str]:
    from ui.app import build_app

    app = build_app(assistant)
    port = free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{port}/"
    app.close()


def test_ask_endpoint_returns_the_cli_json_object(app_url: str, article_text: str) -> None:
    from gradio_client import Client

    result = Client(app_url, verbose=False).predict(
        "How many troops did North Korea send?", api_name="/ask"
    )
    assert {"question", "answer", "abstained", "citations"} <= set(result)
    assert result["citations"]
    for c in result["citations"]:
        assert article_text[c["start"] : c["end"]] == c["text"]


def test_chat_endpoint_shows_answer_and_numbered_sources(app_url: str) -> None:
    from gradio_client import Client

    reply = Client(app_url, verbose=False).predict(
        "Who supplied Russia with Yemeni mercenaries?", api_name="/chat"
    )
    assert "Houthis" in reply and "[1]" in reply and "**Sources**" in reply


def test_ask_endpoint_rejects_an_empty_question(app_url: str) -> None:
    from gradio_client import Client

    with pytest.raises(Exception, match="question is empty"):
        Client(app_url, verbose=False).predict("   ", api_name="/ask")
