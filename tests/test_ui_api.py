"""The Gradio app serves the chat and an ``ask`` endpoint with the ``ask --json`` object."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_ask_endpoint_returns_the_cli_json_object(app_url: str, article_text: str) -> None:
    from gradio_client import Client

    result = Client(app_url, verbose=False).predict(
        "How many troops did North Korea send?", api_name="/ask"
    )
    assert {"question", "answer", "abstained", "citations"} <= set(result)
    assert result["citations"]
    for c in result["citations"]:
        assert article_text[c["start"] : c["end"]] == c["text"]


def test_only_the_ask_endpoint_is_public(app_url: str) -> None:
    from gradio_client import Client

    endpoints = Client(app_url, verbose=False).view_api(print_info=False, return_format="dict")
    assert set(endpoints["named_endpoints"]) == {"/ask"}


def test_ask_endpoint_rejects_an_empty_question(app_url: str) -> None:
    from gradio_client import Client

    with pytest.raises(Exception, match="question is empty"):
        Client(app_url, verbose=False).predict("   ", api_name="/ask")
