"""Fit the answerability model: ``python -m eval.answerability [--write]``.

Development data only: the bundled article's dev set and the SQuAD 2.0 Normans article
(``../shared/squad``). Every single-fact question is asked with the model switched off;
its evidence features and whether the article holds its answer are the training rows.
A logistic regression is fitted on them (scikit-learn); the threshold maximises the mean
of the two sets' overall score (SQuAD 2.0 style: an answerable question counts when the
ungated answer holds its gold answer, an unanswerable one when abstained) while keeping
95% of the answers that would be right. It prints that figure in-sample and, for
Normans, two-fold by paragraph halves (fitted without the half it is scored on);
``--write`` saves the model beside ``assistant/answering/answerability.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.answering.answerability import FEATURES, MODEL_FILE, VERSION
from assistant.answering.answerability import features as evidence_features
from assistant.answering.intent import question_type
from assistant.answering.selection import select
from assistant.api import Assistant
from assistant.condense import condense
from assistant.conversation import normalise_history
from assistant.settings import PROJECT_ROOT, Settings
from eval.datasets import Item, load_items, load_squad
from eval.metrics import squad_normalise

NORMANS = PROJECT_ROOT.parent / "shared" / "squad" / "normans-dev-v2.0.json"
THRESHOLDS = np.round(np.arange(0.05, 0.96, 0.01), 2)
KEEP_CORRECT = 0.95


@dataclass
class Row:
    """One question: its features, whether it is answerable, and how it would score."""

    dataset: str
    half: int
    features: list[float]
    answerable: bool
    correct_if_answered: bool


def _holds_gold(text: str, item: Item) -> bool:
    plain = f" {squad_normalise(text)} "
    return bool(item.key_facts) and all(
        any(f" {squad_normalise(alt)} " in plain for alt in fact) for fact in item.key_facts
    )


def _off_topic(assistant: Assistant, question: str, standalone: str) -> bool:
    scorer = assistant.answerer.scorer
    scored = scorer.candidates(question, standalone, assistant.as_retriever().invoke(standalone))
    return scorer.off_topic(standalone, scored[0].score if scored else 0.0)


def gather(assistant: Assistant, items: list[Item], dataset: str) -> list[Row]:
    """The training rows of ``items``: single-fact questions not ruled off-topic."""
    answerer, retriever = assistant.answerer, assistant.as_retriever()
    rows = []
    for number, item in enumerate(items):
        standalone = condense(item.question, normalise_history(item.history))
        if question_type(standalone) != "fact":
            continue
        passages = retriever.invoke(standalone)
        scored = answerer.scorer.candidates(item.question, standalone, passages)
        if answerer.scorer.off_topic(standalone, scored[0].score if scored else 0.0):
            continue
        chosen = select(
            answerer.scorer, scored, item.question, answerer.abstain_below, answerer.max_sentences
        )
        text = " ".join(answerer.index.sentences[c.position].text for c in chosen)
        features = evidence_features(answerer.scorer, standalone, passages, scored)
        rows.append(
            Row(
                dataset,
                number * 2 // len(items),
                [features[name] for name in FEATURES],
                item.answerable,
                item.answerable and bool(chosen) and _holds_gold(text, item),
            )
        )
    return rows


def fit(rows: list[Row]) -> dict[str, Any]:
    """A standardised logistic regression over ``rows``."""
    from sklearn.linear_model import LogisticRegression

    x = np.array([r.features for r in rows])
    y = np.array([r.answerable for r in rows])
    means, scales = x.mean(axis=0), x.std(axis=0)
    scales[scales == 0] = 1.0
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000)
    model.fit((x - means) / scales, y)
    return {
        "means": means.tolist(),
        "scales": scales.tolist(),
        "coefficients": model.coef_[0].tolist(),
        "intercept": float(model.intercept_[0]),
    }


def probabilities(model: dict[str, Any], rows: list[Row]) -> np.ndarray:
    x = np.array([r.features for r in rows])
    means, scales = np.array(model["means"]), np.array(model["scales"])
    z = ((x - means) / scales) @ np.array(model["coefficients"]) + float(model["intercept"])
    return 1.0 / (1.0 + np.exp(-z))


def overall(
    rows: list[Row],
    p: np.ndarray,
    threshold: float,
    fixed: dict[str, tuple[int, int]],
    dataset: str,
) -> float:
    """SQuAD-style overall on one dataset: gated rows scored at ``threshold``, plus the
    items the model never sees (``fixed``: correct and total)."""
    correct, total = fixed[dataset]
    for row, prob in zip(rows, p):
        if row.dataset != dataset:
            continue
        total += 1
        answered = prob >= threshold
        correct += row.correct_if_answered if answered else not row.answerable
    return correct / total


def best_threshold(rows: list[Row], p: np.ndarray, fixed: dict[str, tuple[int, int]]) -> float:
    """The threshold with the best mean overall among those that keep at least
    ``KEEP_CORRECT`` of the answers that would be right: abstaining wrongly on a question
    the article answers costs a reader more than a wrong abstention rate suggests."""
    datasets = sorted({r.dataset for r in rows})
    right = p[[r.correct_if_answered for r in rows]]
    allowed = [t for t in THRESHOLDS if (right >= t).mean() >= KEEP_CORRECT] or [THRESHOLDS[0]]
    scores = [np.mean([overall(rows, p, t, fixed, d) for d in datasets]) for t in allowed]
    return float(allowed[int(np.argmax(scores))])


def main() -> None:
    parser = argparse.ArgumentParser(description="Fit the answerability model on dev data.")
    parser.add_argument("--write", action="store_true", help="save answerability.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        title, text, normans_items = load_squad(NORMANS)
        normans_doc = Path(work) / f"{title}.txt"
        normans_doc.write_text(text, encoding="utf-8")
        sets = {
            "dev": (Settings(data_dir=Path(work) / "dev"), load_items(split="dev")),
            "normans": (
                Settings(data_dir=Path(work) / "normans", sources=[normans_doc]),
                normans_items,
            ),
        }
        rows: list[Row] = []
        fixed: dict[str, tuple[int, int]] = {}
        for name, (settings, items) in sets.items():
            assistant = Assistant(settings)
            assistant.answerer.answerability = None  # measure the evidence ungated
            gathered = gather(assistant, items, name)
            rows += gathered
            gated = len(gathered)
            # Items the model never sees (summaries, off-topic, ...) are scored as answered.
            ungated_correct = 0
            for item in items:
                standalone = condense(item.question, normalise_history(item.history))
                kind = question_type(standalone)
                if kind == "fact" and not _off_topic(assistant, item.question, standalone):
                    continue
                answer = assistant.ask(item.question, history=item.history)
                ungated_correct += (
                    _holds_gold(answer.answer, item) if item.answerable else answer.abstained
                )
            fixed[name] = (ungated_correct, len(items) - gated)
    model = fit(rows)
    p = probabilities(model, rows)
    threshold = best_threshold(rows, p, fixed)
    figures = {d: round(overall(rows, p, threshold, fixed, d), 4) for d in sets}
    out = sys.stdout
    out.write(f"rows: {len(rows)} ({sum(r.answerable for r in rows)} answerable)\n")
    out.write(f"threshold {threshold}; in-sample overall: {figures}\n")
    out.write(
        f"ungated overall: { {d: round(overall(rows, p, 0.0, fixed, d), 4) for d in sets} }\n"
    )
    # Normans two-fold by paragraph halves: fit without the half that is scored.
    folds = []
    for half in (0, 1):
        train = [r for r in rows if not (r.dataset == "normans" and r.half == half)]
        held = [r for r in rows if r.dataset == "normans" and r.half == half]
        fold_model = fit(train)
        t = best_threshold(train, probabilities(fold_model, train), fixed)
        folds.append(
            overall(held, probabilities(fold_model, held), t, {"normans": (0, 0)}, "normans")
        )
    out.write(
        f"Normans gated questions, two-fold out-of-sample overall: {np.round(folds, 4).tolist()}\n"
    )
    for name, c in zip(FEATURES, model["coefficients"]):
        out.write(f"  {name:<36}{c:+.3f}\n")
    if args.write:
        MODEL_FILE.write_text(
            json.dumps(
                {
                    "version": VERSION,
                    "features": list(FEATURES),
                    **model,
                    "threshold": threshold,
                    "fitted_on": "eval/datasets/dev.jsonl + SQuAD 2.0 Normans (dev data only)",
                    "fitted_at": time.strftime("%Y-%m-%d"),
                    "in_sample_overall": figures,
                    "normans_two_fold_overall": np.round(folds, 4).tolist(),
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
        out.write(f"wrote {MODEL_FILE}\n")


if __name__ == "__main__":
    main()
