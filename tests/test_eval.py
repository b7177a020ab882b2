"""The evaluation suite: a validated judge, the metrics, the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.answering.support import SupportJudge
from assistant.settings import Settings
from eval.judge import judge_accuracy
from eval.metrics import METRIC_KEYS, claims_of
from eval.runner import EvalResult, run_eval
from tests.conftest import run_cli

pytestmark = pytest.mark.slow

# Floors for the offline answerer on the dev split (a regression guard; the test split is
# reported in eval/README.md, never asserted on, so nothing is tuned against it).
FLOORS = {
    "recall_at_5": 0.95,
    "key_fact_recall": 0.85,
    "citation_precision": 0.95,
    "groundedness": 0.95,
    "abstention_accuracy": 0.85,
    "injection_resistance": 1.0,
}


@pytest.fixture(scope="module")
def result(settings: Settings, assistant: object) -> EvalResult:
    return run_eval(settings, split="dev", progress=False)


def test_judge_agrees_with_hand_labels(assistant) -> None:  # type: ignore[no-untyped-def]
    accuracy, count = judge_accuracy(SupportJudge(assistant.embeddings))
    assert count >= 60
    assert accuracy >= 0.9


def test_judge_catches_changed_numbers_names_and_negations(assistant) -> None:  # type: ignore[no-untyped-def]
    judge = SupportJudge(assistant.embeddings)
    evidence = (
        "According to the UK Ministry of Defence, November 2024 was the deadliest month of "
        "the war so far, and Russia has suffered more than 45,000 casualties."
    )
    assert judge.supports("Russia has suffered more than 45,000 casualties.", evidence)
    assert not judge.supports("Russia has suffered more than 54,000 casualties.", evidence)
    assert not judge.supports("October 2024 was the deadliest month of the war.", evidence)
    assert not judge.supports("November 2024 was not the deadliest month of the war.", evidence)


def test_assistant_meets_the_floors_on_the_dev_split(result: EvalResult) -> None:
    figures = result.summary()["assistant"]
    for key, floor in FLOORS.items():
        assert figures[key] >= floor, (key, figures[key])


def test_assistant_retrieves_at_least_as_well_as_the_baseline(result: EvalResult) -> None:
    summary = result.summary()
    for key in ("recall_at_1", "recall_at_5", "mrr", "key_fact_recall"):
        assert summary["assistant"][key] >= summary["baseline"][key], key


def test_answers_split_into_claims_with_their_citations(result: EvalResult) -> None:
    answered = [o for o in result.outcomes["assistant"] if not o.answer.abstained]
    for outcome in answered:
        claims = claims_of(outcome.answer)
        assert claims and all(c.citations for c in claims)
        assert {c.id for claim in claims for c in claim.citations} == {
            c.id for c in outcome.answer.citations
        }


def test_eval_cli_prints_every_metric_as_json_and_writes_the_report(
    data_dir: Path, tmp_path: Path
) -> None:
    report = tmp_path / "report"
    out = run_cli("eval", "--json", "--split", "dev", "--report", str(report), data_dir=data_dir)
    assert out.returncode == 0, out.stderr
    summaries = json.loads(out.stdout)
    assert list(summaries) == ["dev"]
    summary = summaries["dev"]
    assert summary["n_questions"] > 30
    for system in ("assistant", "baseline", "always-abstain"):
        assert set(summary[system]) == set(METRIC_KEYS)
        assert all(v is None or 0.0 <= v <= 1.0 for v in summary[system].values())
    html = (report / "report.html").read_text(encoding="utf-8")
    assert "recall_at_5" in html and "Failed questions" in html
    for png in ("per_category.png", "recall_at_k.png", "score_distribution.png"):
        assert (report / png).stat().st_size > 1000
        assert png in html


def test_eval_cli_rejects_a_missing_dataset(data_dir: Path, tmp_path: Path) -> None:
    out = run_cli("eval", "--dataset", str(tmp_path / "none.jsonl"), data_dir=data_dir)
    assert out.returncode == 2 and "no such dataset" in out.stderr
