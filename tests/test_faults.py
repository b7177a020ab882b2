"""Faults: a build killed half-way, a damaged store. The previous index keeps answering;
a damaged one is refused with the fix named, never used for answers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.settings import BUNDLED_ARTICLE, PROJECT_ROOT
from index.manifest import read_manifest
from tests.conftest import run_cli

pytestmark = pytest.mark.slow
QUESTION = "Who supplied Russia with Yemeni mercenaries?"


@pytest.fixture()
def built(tmp_path: Path) -> Path:
    article = tmp_path / "article.txt"
    article.write_bytes(BUNDLED_ARTICLE.read_bytes())
    data_dir = tmp_path / "data"
    result = run_cli("index", "build", str(article), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return data_dir


def builds(data_dir: Path) -> set[str]:
    return {p.name for p in (data_dir / "index" / "builds").iterdir()}


def test_build_killed_mid_write_leaves_the_previous_index_answering(built: Path) -> None:
    before = read_manifest(built)
    assert before is not None
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ui.cli",
            "index",
            "build",
            "--rebuild",
            before.sources[0].path,
        ],
        env={**os.environ, "ASSISTANT_DATA_DIR": str(built)},
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while len(builds(built)) < 2:  # the new build folder is being written
        assert process.poll() is None, "the build finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()

    assert read_manifest(built).build_id == before.build_id  # type: ignore[union-attr]
    asked = run_cli("ask", "--json", QUESTION, data_dir=built)
    assert asked.returncode == 0, asked.stderr
    assert "Houthis" in json.loads(asked.stdout)["answer"]

    again = run_cli("index", "build", "--rebuild", before.sources[0].path, data_dir=built)
    assert again.returncode == 0, again.stderr
    after = read_manifest(built)
    # The half-written build is gone; the one replaced stays for questions under way.
    assert after is not None and builds(built) == {after.build_id, before.build_id}


def test_damaged_store_is_refused_with_the_fix_named(built: Path) -> None:
    manifest = read_manifest(built)
    assert manifest is not None
    database = built / "index" / "builds" / manifest.build_id / "chroma" / "chroma.sqlite3"
    with database.open("r+b") as f:
        f.truncate(1000)
    asked = run_cli("ask", "--json", QUESTION, data_dir=built)
    assert asked.returncode == 2
    assert "assistant index build --rebuild" in asked.stderr
    assert asked.stderr.count("\n") == 1 and asked.stdout == ""

    rebuilt = run_cli("index", "build", "--rebuild", manifest.sources[0].path, data_dir=built)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert run_cli("ask", QUESTION, data_dir=built).returncode == 0


def test_unreadable_manifest_is_refused_with_the_fix_named(built: Path) -> None:
    (built / "index" / "current.json").write_text("{not json")
    asked = run_cli("ask", QUESTION, data_dir=built)
    assert asked.returncode == 2 and "--rebuild" in asked.stderr
