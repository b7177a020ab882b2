"""Checking the support judge (``assistant.answering.support``) against hand-labelled pairs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from assistant.answering.support import SupportJudge

PAIRS = Path(__file__).resolve().parent / "datasets" / "judge_pairs.jsonl"


def judge_accuracy(judge: SupportJudge, pairs_path: Path = PAIRS) -> tuple[float, int]:
    """Share of hand-labelled (claim, evidence, supported) pairs the judge agrees with."""
    pairs = [json.loads(line) for line in pairs_path.read_text(encoding="utf-8").splitlines()]
    agree = sum(judge.supports(p["claim"], p["evidence"]) == p["supported"] for p in pairs)
    return agree / len(pairs), len(pairs)


def main() -> None:
    from assistant.api import models_dir
    from assistant.settings import Settings
    from index.embed import query_embeddings

    accuracy, count = judge_accuracy(SupportJudge(query_embeddings(models_dir(Settings()))))
    sys.stdout.write(f"judge agrees with {accuracy:.3f} of {count} hand-labelled pairs\n")


if __name__ == "__main__":
    main()
