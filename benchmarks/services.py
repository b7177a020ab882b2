"""Real services on loopback for tests and benches: a process started and waited for."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx

from assistant.ports import free_port

VENV_BIN = Path(sys.executable).parent


@contextmanager
def running(
    command: Sequence[str],
    ready_url: str,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``command`` until the block ends, entering once ``ready_url`` answers 2xx.

    Raises RuntimeError when the process exits or does not answer within ``timeout``.
    """
    process = subprocess.Popen(
        list(command),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(ready_url, timeout=1).is_success:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None:
                raise RuntimeError(f"{command[0]} exited with {process.returncode} at start")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{command[0]} did not answer at {ready_url} in {timeout} s")
            time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def chroma_server(path: Path) -> Iterator[tuple[str, int]]:
    """A real ``chroma run`` server on a free loopback port, its data in ``path``."""
    port = free_port()
    command = [str(VENV_BIN / "chroma"), "run", "--path", str(path)]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    url = f"http://127.0.0.1:{port}/api/v2/heartbeat"
    with running(command, url, env={"RUST_LOG": "warn"}):
        yield "127.0.0.1", port
