"""The scale bench prints its cases as JSON for other tools (a tiny case; figures unasserted)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from assistant.settings import PROJECT_ROOT

pytestmark = pytest.mark.slow
KEYS = {"chunks", "mode", "ingest_s", "open_s", "p50_ms", "p95_ms", "query_rss_mb"}


def test_scale_json_prints_one_object_per_case() -> None:
    command = [sys.executable, "-m", "benchmarks.scale", "--json", "--sizes", "100", "--modes"]
    done = subprocess.run(
        [*command, "embedded"], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=600
    )
    assert done.returncode == 0, done.stderr
    case = json.loads(done.stdout.strip().splitlines()[-1])
    assert KEYS | {"build_rss_mb", "index_mb"} <= set(case)
    assert case["mode"] == "embedded" and case["chunks"] >= 100
