"""The HTTP API's access policy over real loopback HTTP: media types, cross-site writes,
the Host allow-list and X-Forwarded-For (ui/access.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.ports import free_port
from assistant.settings import Settings

pytestmark = pytest.mark.slow

NOTE = {"text": "The ferry to Tobermory leaves at seven from pier two.", "name": "ferry notes"}


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, article_copy: Path) -> Iterator[str]:
    from assistant.api import Assistant
    from ui.http_api import serving

    settings = Settings(
        data_dir=tmp_path_factory.mktemp("http-access"),
        sources=[article_copy],
        cors_origins=["https://trusted.example"],
        rate_limit="25/minute",
        rate_limit_changes="100/minute",
    )
    with serving(Assistant(settings), free_port()) as url:
        yield url


def _names(api: str) -> list[str]:
    return [d["name"] for d in httpx.get(f"{api}/documents", timeout=30).json()]


def test_a_text_plain_body_is_refused_415_and_changes_nothing(api: str) -> None:
    import json

    response = httpx.post(
        f"{api}/documents",
        content=json.dumps(NOTE),
        headers={"Content-Type": "text/plain"},
        timeout=30,
    )
    assert response.status_code == 415, response.text
    assert "application/json" in response.json()["detail"]
    assert "ferry notes" not in _names(api)


def test_a_write_from_another_site_is_refused_403(api: str) -> None:
    for headers in (
        {"Origin": "https://evil.example"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": "null"},
    ):
        response = httpx.post(f"{api}/documents", json=NOTE, headers=headers, timeout=30)
        assert response.status_code == 403, (headers, response.text)
        assert "Traceback" not in response.text
    deleted = httpx.delete(
        f"{api}/documents/whatever", headers={"Origin": "https://evil.example"}, timeout=30
    )
    assert deleted.status_code == 403
    assert "ferry notes" not in _names(api)


def test_a_write_from_the_servers_own_origin_or_a_configured_one_goes_through(api: str) -> None:
    own = httpx.post(
        f"{api}/ask",
        json={"question": "Who supplied Russia with Yemeni mercenaries?"},
        headers={"Origin": api, "Sec-Fetch-Site": "same-origin"},
        timeout=60,
    )
    assert own.status_code == 200, own.text
    configured = httpx.post(
        f"{api}/ask",
        json={"question": "Who supplied Russia with Yemeni mercenaries?"},
        headers={"Origin": "https://trusted.example", "Sec-Fetch-Site": "cross-site"},
        timeout=60,
    )
    assert configured.status_code == 200, configured.text
    assert configured.headers["access-control-allow-origin"] == "https://trusted.example"


def test_cors_is_not_granted_to_other_origins(api: str) -> None:
    response = httpx.get(f"{api}/documents", headers={"Origin": "https://evil.example"}, timeout=30)
    assert "access-control-allow-origin" not in response.headers


def test_an_unknown_host_header_is_refused(api: str) -> None:
    response = httpx.get(f"{api}/documents", headers={"Host": "rebound.example"}, timeout=30)
    assert response.status_code == 400
    assert httpx.get(f"{api}/health", headers={"Host": "localhost"}, timeout=30).status_code == 200


def test_x_forwarded_for_does_not_escape_the_rate_limit(api: str) -> None:
    statuses = [
        httpx.get(
            f"{api}/documents", headers={"X-Forwarded-For": f"10.0.0.{i}"}, timeout=30
        ).status_code
        for i in range(30)
    ]
    assert 429 in statuses, statuses
