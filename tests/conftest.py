"""Shared fixtures: a real index of the bundled article in a temporary data dir."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

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
    """Run ``assistant ARGS`` in a fresh process against ``data_dir``."""
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        timeout=timeout,
    )


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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
    from ui.app import start

    port = free_port()
    app = start(assistant, "127.0.0.1", port, block=False)  # type: ignore[arg-type]
    yield f"http://127.0.0.1:{port}/"
    app.close()


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A real ``chroma run`` server on a free loopback port."""
    import time

    import httpx

    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    chroma = Path(sys.executable).parent / "chroma"
    process = subprocess.Popen(
        [str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "RUST_LOG": "warn"},
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).is_success:
                break
        except httpx.HTTPError:
            pass
        assert process.poll() is None, "chroma run exited"
        assert time.monotonic() < deadline, "chroma run did not start"
        time.sleep(0.2)
    yield "127.0.0.1", port
    process.terminate()
    process.wait(timeout=15)


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
