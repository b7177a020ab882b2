"""The figures table of eval/README.md: one row a set, each cell the assistant beside the
baseline and always-abstain, written between its markers."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.figures import END, START, table, write

FIGURES = {
    "assistant": {"key-fact recall": 0.8, "all right": 0.75, "follow-ups resolved": None},
    "baseline": {"key-fact recall": 0.5, "all right": 0.5, "follow-ups resolved": None},
    "always-abstain": {"key-fact recall": 0.0, "all right": 0.1, "follow-ups resolved": None},
}


def _figures() -> dict[str, dict[str, float | None]]:
    from eval.figures import COLUMNS

    return {system: {c[0]: values.get(c[0]) for c in COLUMNS} for system, values in FIGURES.items()}


def test_each_cell_shows_the_assistant_the_baseline_and_always_abstain() -> None:
    text = table([("dev", 68, _figures())])
    row = text.splitlines()[2]
    assert row.startswith("| dev | 68 | **0.800** / 0.500 / 0.000 | **0.750** / 0.500 / 0.100 |")
    assert row.endswith("|  |")  # nothing measured for follow-ups: an empty cell


def test_the_table_replaces_what_stood_between_the_markers(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# Figures\n\n{START}\nold\n{END}\n\nAfter.\n", encoding="utf-8")
    write("| new |", readme)
    assert readme.read_text(encoding="utf-8") == f"# Figures\n\n{START}\n| new |\n{END}\n\nAfter.\n"


def test_a_readme_without_markers_is_refused(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Figures\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        write("| new |", readme)


def test_the_evaluation_readme_is_a_reference_not_a_log() -> None:
    import re

    from eval.figures import README

    text = README.read_text(encoding="utf-8")
    assert START in text and END in text
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text)  # no dated entries
    assert not re.search(r"\b[0-9a-f]{7,40}\b", text)  # no commit hashes
