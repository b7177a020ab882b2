"""Shared fixtures: a real index of the bundled article in a temporary data dir."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.ports import free_port
from assistant.settings import BUNDLED_ARTICLE, PROJECT_ROOT, Settings

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def article_text() -> str:
    return BUNDLED_ARTICLE.read_bytes().decode("utf-8")


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("data")


@pytest.fixture(scope="session")
def settings(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir)


@pytest.fixture(scope="session")
def assistant(settings: Settings) -> Iterator[object]:
    from assistant.api import Assistant

    yield Assistant(settings)


def run_cli(
    *args: str, data_dir: Path, stdin: str | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run the installed ``assistant ARGS`` in a fresh process against ``data_dir``."""
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [str(Path(sys.executable).parent / "assistant"), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        timeout=timeout,
    )


CHROMIUM_ARGS = [
    # Keep Chromium off the network: only loopback resolves.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
    "--disable-features=AutofillServerCommunication",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:  # type: ignore[type-arg]
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def app_url(assistant: object) -> Iterator[str]:
    """The real Gradio app on a free loopback port."""
    from ui.chat.app import start

    port = free_port()
    app = start(assistant, "127.0.0.1", port, block=False)  # type: ignore[arg-type]
    yield f"http://127.0.0.1:{port}/"
    app.close()


@pytest.fixture(scope="session")
def site() -> Iterator[str]:
    """A loopback web site (``tests/local_site.py``) to add pages from."""
    from tests.local_site import serving_site

    with serving_site() as url:
        yield url


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A real ``chroma run`` server on a free loopback port."""
    from benchmarks.services import chroma_server

    with chroma_server(tmp_path_factory.mktemp("chroma-server")) as address:
        yield address


@pytest.fixture(scope="session")
def article_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled article outside the project (read only), for assistants
    whose library gets documents added and removed."""
    article = tmp_path_factory.mktemp("article") / "article.txt"
    article.write_bytes(BUNDLED_ARTICLE.read_bytes())
    return article


@pytest.fixture(params=["embedded", "server"])
def store_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings of a fresh index of a copy of the article, in each store mode."""
    article = tmp_path / "article.txt"
    article.write_bytes(BUNDLED_ARTICLE.read_bytes())
    settings = Settings(data_dir=tmp_path / "data", sources=[article])
    if request.param == "server":
        host, port = request.getfixturevalue("chroma_server")
        settings = settings.model_copy(update={"chroma_host": host, "chroma_port": port})
    return settings
