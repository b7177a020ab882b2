"""The figures table of ``eval/README.md``: every question set, the assistant beside the
naive baseline and always-abstain, measured in one run.

    python -m eval.figures          # print the table
    python -m eval.figures --write  # and put it in eval/README.md (``make figures``)

Sets: dev and dev2 (the bundled article, tuned on), devdocs (tuned on), the held-out test
set (only ever reported) and, where the checkout has it, SQuAD 2.0's Normans article
(``../shared/squad/``, never trained or tuned on).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from assistant.settings import Settings
from eval.document_sets import DOCUMENT_SETS, run_set
from eval.question_sets import NORMANS
from eval.runner import run_eval

README = Path(__file__).resolve().parent / "README.md"
SYSTEMS = ("assistant", "baseline", "always-abstain")
START, END = "<!-- figures: start -->", "<!-- figures: end -->"
# Columns: (heading, the metric's name in the bundled article's sets, in the document sets)
COLUMNS = (
    ("key-fact recall", "key_fact_recall", "key_fact_recall"),
    ("all right", "overall", "all_right"),
    ("false abstention", "false_abstention_rate", "false_abstention"),
    ("abstention when unanswerable", "abstention_accuracy", "abstention_on_unanswerable"),
    ("list coverage", None, "list_coverage"),
    ("follow-ups resolved", None, "follow_ups_resolved"),
)
Row = tuple[str, int, dict[str, dict[str, float | None]]]


def measure(settings: Settings, progress: bool = True) -> list[Row]:
    """(set, number of items, figures by system) for every set, in one run."""
    rows: list[Row] = []
    bundled = run_eval(settings, None, None, progress)
    for split in bundled.splits:
        summary = bundled.summary(split)
        rows.append((split, summary["n_questions"], _by_column(summary, 1)))
    for name, folder in DOCUMENT_SETS.items():
        for part, systems in run_set(settings, folder).items():
            n = int(systems["assistant"]["n"] or 0)
            rows.append((f"{name} {part}", n, _by_column(systems, 2)))
    if NORMANS.is_file():
        summary = run_eval(settings, NORMANS, None, progress).summary()
        rows.append(("Normans (SQuAD 2.0)", summary["n_questions"], _by_column(summary, 1)))
    return rows


def _by_column(
    systems: dict[str, dict[str, float | None]], which: int
) -> dict[str, dict[str, float | None]]:
    """Each system's figures by column heading; ``which`` picks the metric's name (1: the
    bundled article's sets and SQuAD, 2: the document sets)."""
    found: dict[str, dict[str, float | None]] = {}
    for system in SYSTEMS:
        found[system] = {}
        for column in COLUMNS:
            metric = column[which]
            found[system][column[0]] = systems[system].get(metric) if metric else None
    return found


def table(rows: list[Row]) -> str:
    """The Markdown table: one row a set, each cell assistant / baseline / always-abstain."""

    def cell(figures: dict[str, dict[str, float | None]], heading: str) -> str:
        values = [figures[s][heading] for s in SYSTEMS]
        if all(v is None for v in values):
            return ""
        shown = ["–" if v is None else f"{v:.3f}" for v in values]
        return f"**{shown[0]}** / {shown[1]} / {shown[2]}"

    headings = [c[0] for c in COLUMNS]
    lines = [
        "| set | n | " + " | ".join(headings) + " |",
        "| --- | --- | " + " | ".join("---" for _ in headings) + " |",
    ]
    for name, n, figures in rows:
        lines.append(f"| {name} | {n} | " + " | ".join(cell(figures, h) for h in headings) + " |")
    return "\n".join(lines)


def write(text: str, readme: Path = README) -> None:
    """Put ``text`` between the figures markers of ``readme``."""
    current = readme.read_text(encoding="utf-8")
    pattern = re.compile(rf"{re.escape(START)}.*?{re.escape(END)}", re.S)
    if not pattern.search(current):
        raise SystemExit(f"{readme}: no {START} ... {END} markers")
    readme.write_text(pattern.sub(f"{START}\n{text}\n{END}", current), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write it into eval/README.md")
    args = parser.parse_args(argv)
    text = table(measure(Settings()))
    sys.stdout.write(text + "\n")
    if args.write:
        write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
