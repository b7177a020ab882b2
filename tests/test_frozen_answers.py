"""A change to the answer path's structure leaves every tuned-on answer as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.settings import Settings
from tests.frozen_answers import FROZEN, answers

pytestmark = pytest.mark.slow


def test_answers_on_dev_dev2_and_devdocs_match_the_frozen_copy(tmp_path: Path) -> None:
    frozen = json.loads(FROZEN.read_text(encoding="utf-8"))
    now = answers(Settings(data_dir=tmp_path / "unused"), tmp_path)
    changed = sorted(key for key in frozen if now.get(key) != frozen[key])
    assert set(now) == set(frozen)
    assert not changed, f"{len(changed)} answers changed, first {changed[:5]}"
