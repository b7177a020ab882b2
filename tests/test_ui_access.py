"""The chat's access policy over real HTTP: the API key as a login for the page and its
API routes, the upload limit, the Host allow-list and cross-site writes (ui/access.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.ports import free_port
from assistant.settings import Settings

pytestmark = pytest.mark.slow

KEY = "chat-key-for-tests"
QUESTION = {"data": ["Who supplied Russia with Yemeni mercenaries?"]}


@pytest.fixture(scope="module")
def locked_chat(tmp_path_factory: pytest.TempPathFactory, article_copy: Path) -> Iterator[str]:
    from assistant.api import Assistant
    from ui.chat.app import start

    settings = Settings(
        data_dir=tmp_path_factory.mktemp("chat-access"), sources=[article_copy], api_key=KEY
    )
    port = free_port()
    app = start(Assistant(settings), "127.0.0.1", port, block=False)
    yield f"http://127.0.0.1:{port}"
    app.close()


def test_without_the_key_the_chat_api_and_uploads_are_refused(locked_chat: str) -> None:
    assert httpx.post(f"{locked_chat}/gradio_api/call/ask", json=QUESTION).status_code == 401
    upload = httpx.post(
        f"{locked_chat}/gradio_api/upload", files={"files": ("notes.txt", b"The pier.")}
    )
    assert upload.status_code == 401
    wrong = httpx.Client()
    assert wrong.post(f"{locked_chat}/login", data={"username": "a", "password": "no"}).is_error
    assert wrong.post(f"{locked_chat}/gradio_api/call/ask", json=QUESTION).status_code == 401


def test_signing_in_with_the_key_opens_the_chat_api(locked_chat: str) -> None:
    client = httpx.Client(timeout=60)
    login = client.post(f"{locked_chat}/login", data={"username": "me", "password": KEY})
    assert login.status_code == 200, login.text
    assert client.post(f"{locked_chat}/gradio_api/call/ask", json=QUESTION).status_code == 200


def test_an_upload_over_the_documents_limit_is_refused(locked_chat: str) -> None:
    from ui.access import MAX_UPLOAD_BYTES

    client = httpx.Client(timeout=120)
    client.post(f"{locked_chat}/login", data={"username": "me", "password": KEY})
    big = b"x" * (MAX_UPLOAD_BYTES + 1)
    response = client.post(f"{locked_chat}/gradio_api/upload", files={"files": ("big.txt", big)})
    assert response.status_code == 413


def test_cross_site_writes_and_unknown_hosts_are_refused(locked_chat: str) -> None:
    client = httpx.Client(timeout=60)
    client.post(f"{locked_chat}/login", data={"username": "me", "password": KEY})
    cross = client.post(
        f"{locked_chat}/gradio_api/call/ask",
        json=QUESTION,
        headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
    )
    assert cross.status_code == 403
    rebound = client.get(f"{locked_chat}/config", headers={"Host": "rebound.example"})
    assert rebound.status_code == 400


def test_the_chat_refuses_to_listen_beyond_loopback_without_a_key(assistant: object) -> None:
    from ui.chat.app import ChatRefusedError, start

    with pytest.raises(ChatRefusedError, match="ASSISTANT_API_KEY"):
        start(assistant, "0.0.0.0", free_port(), block=False)  # type: ignore[arg-type]
