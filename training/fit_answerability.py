"""Fit the answerability model: ``python -m training.fit_answerability [--write] [--rows FILE]``.

Training data (development data only, never the held-out test set):

- ``dev``: the bundled article's dev set;
- ``devdocs``: the single questions of ``eval/datasets/devdocs/`` (its documents in one
  library beside the bundled article, each question asked of its own document);
- ``squad``: the SQuAD 2.0 articles of ``../shared/qa/`` that hold unanswerable questions
  (near misses written against the same paragraphs as the answerable ones), each
  indexed as a document of its own, ``PER_ARTICLE`` questions sampled from each.

The SQuAD 2.0 Normans article (``../shared/squad``) is never trained on: it is scored
only, as an external check.

Every question is asked with the model switched off. A single-fact question not ruled
off-topic becomes a gated row (its evidence features, whether its document holds the
answer, whether the ungated answer would be right); every other question is answered as
the assistant answers it and counts in the scores as it is. A logistic regression is
fitted on the gated rows (scikit-learn); the threshold maximises the mean of the
training sets' overall score (SQuAD 2.0 style: a right answer, or an abstention on an
unanswerable question) while keeping 95% of the answers that would be right.

It prints, for the shipped model ("before") and the new one, each set's abstention on
unanswerable questions, false abstention and overall score, held out by document: devdocs
and dev scored by a model fitted without them, the SQuAD articles in ``FOLDS`` folds by
article, Normans by the model fitted on everything. ``--write`` saves the new model
beside ``assistant/answering/answerability.py``; ``--rows`` keeps the gathered rows in a
file and reads them from it on the next run (gathering takes minutes, fitting seconds).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.answering.answerability import FEATURES, MODEL_FILE, VERSION
from assistant.answering.answerability import features as evidence_features
from assistant.answering.intent import Intent, Kind
from assistant.answering.selection import select
from assistant.api import Assistant, models_dir
from assistant.condense import condense
from assistant.conversation import normalise_history
from assistant.settings import PROJECT_ROOT, Settings
from eval.document_sets import DOCUMENT_SETS, library, load_set
from eval.metrics import squad_normalise
from eval.question_sets import (
    NORMANS,
    article_settings,
    load_items,
    load_squad,
    squad_articles,
)
from index.embed import query_embeddings

SQUAD_FILES = [
    PROJECT_ROOT.parent / "shared" / "qa" / name
    for name in ("squad2-dev-part.json", "squad2-train-first10.json")
]
# Questions sampled from each SQuAD article (its 250-800 would take most of an hour to
# ask and outweigh the other sets), with a seed of their own so a run is reproducible.
PER_ARTICLE = 80
SEED = 20
FOLDS = 4
TRAINED_ON = ("dev", "devdocs", "squad")
THRESHOLDS = np.round(np.arange(0.05, 0.96, 0.01), 2)
KEEP_CORRECT = 0.95


@dataclass(frozen=True)
class Case:
    """A question to ask, with what a right answer holds."""

    question: str
    answerable: bool
    key_facts: list[list[str]]
    history: list[dict[str, Any]]


@dataclass
class Row:
    """One question asked without the model: ``features`` (None when the model would not
    gate it) and whether the answer given then is an answer at all and right."""

    dataset: str
    group: str
    answerable: bool
    answered: bool
    right: bool
    features: dict[str, float] | None


def _holds_gold(text: str, key_facts: list[list[str]]) -> bool:
    plain = f" {squad_normalise(text)} "
    return bool(key_facts) and all(
        any(f" {squad_normalise(alt)} " in plain for alt in fact) for fact in key_facts
    )


def gather(
    assistant: Assistant, cases: list[Case], dataset: str, group: str, document: str | None = None
) -> list[Row]:
    """The rows of ``cases`` asked of ``document`` (an id; None: the whole library)."""
    answerer, retriever = assistant.answerer, assistant.as_retriever()
    sources = [assistant.get_document(document).name] if document else None
    rows = []
    for case in cases:
        standalone = condense(case.question, normalise_history(case.history))
        intent = Intent.read(case.question, standalone)
        if intent.kind in (Kind.FACT, Kind.REASON):
            passages = retriever.invoke(standalone, sources=sources)
            evidence = answerer.evidence(intent, passages)
            if not evidence.off_topic:
                context = answerer.context
                chosen = select(
                    answerer.scorer, evidence, context.abstain_below, context.max_sentences
                )
                text = " ".join(answerer.index.sentences[c.position].text for c in chosen)
                right = case.answerable and bool(chosen) and _holds_gold(text, case.key_facts)
                features = evidence_features(evidence)
                rows.append(Row(dataset, group, case.answerable, bool(chosen), right, features))
                continue
        answer = assistant.ask(
            case.question, history=case.history, documents=[document] if document else None
        )
        right = _holds_gold(answer.answer, case.key_facts) if case.answerable else answer.abstained
        rows.append(Row(dataset, group, case.answerable, not answer.abstained, right, None))
    return rows


def _ungated(assistant: Assistant) -> Assistant:
    """``assistant``, its answers no longer gated by the answerability model."""
    answerer = assistant.answerer
    answerer.context = dataclasses.replace(answerer.context, answerability=None)
    return assistant


def gather_all(settings: Settings, work: Path) -> list[Row]:
    """The rows of every set (see the module docstring), each asked ungated."""
    exported = work / "models"
    query_embeddings(exported)

    def sharing_encoder(settings: Settings) -> Settings:
        """``settings``, its data dir reading the query encoder exported once (a minute
        each time otherwise)."""
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        models_dir(settings).symlink_to(exported, target_is_directory=True)
        return settings

    def ungated(settings: Settings) -> Assistant:
        return _ungated(Assistant(sharing_encoder(settings)))

    rows: list[Row] = []
    dev = [Case(i.question, i.answerable, i.key_facts, i.history) for i in load_items(split="dev")]
    dev_settings = settings.model_copy(update={"data_dir": work / "dev"})
    rows += gather(ungated(dev_settings), dev, "dev", "dev")
    questions, _ = load_set(DOCUMENT_SETS["devdocs"])
    labels = [q.document for q in questions]
    sharing_encoder(settings.model_copy(update={"data_dir": work / "devdocs" / "data"}))
    assistant, ids = library(settings, DOCUMENT_SETS["devdocs"], labels, work / "devdocs")
    _ungated(assistant)
    for label in dict.fromkeys(labels):
        cases = [
            Case(q.question, q.answerable, q.key_facts, [])
            for q in questions
            if q.document == label
        ]
        rows += gather(assistant, cases, "devdocs", label, ids[label])
    articles = [("normans", *load_squad(NORMANS))] + [
        ("squad", *article) for path in SQUAD_FILES for article in squad_articles(path)
    ]
    for dataset, title, text, items in articles:
        if dataset == "squad":
            if all(i.answerable for i in items):
                continue  # an article without near misses teaches nothing new
            items = random.Random(f"{SEED}:{title}").sample(items, min(PER_ARTICLE, len(items)))
        folder = work / f"article-{len(rows)}"
        folder.mkdir()
        assistant = ungated(article_settings(settings, title, text, folder))
        cases = [Case(i.question, i.answerable, i.key_facts, []) for i in items]
        rows += gather(assistant, cases, dataset, title)
        sys.stdout.write(f"  {dataset} {title}: {len(items)} questions\n")
    return rows


def fit(rows: list[Row]) -> dict[str, Any]:
    """A standardised logistic regression over the gated ``rows``."""
    from sklearn.linear_model import LogisticRegression

    gated = [r for r in rows if r.features is not None]
    x = np.array([[r.features[name] for name in FEATURES] for r in gated if r.features])
    y = np.array([r.answerable for r in gated])
    means, scales = x.mean(axis=0), x.std(axis=0)
    scales[scales == 0] = 1.0
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000)
    model.fit((x - means) / scales, y)
    return {
        "features": list(FEATURES),
        "means": means.tolist(),
        "scales": scales.tolist(),
        "coefficients": model.coef_[0].tolist(),
        "intercept": float(model.intercept_[0]),
    }


def probabilities(model: dict[str, Any], rows: list[Row]) -> np.ndarray:
    """The model's probability that each row is answerable; 1 for rows it does not gate."""
    names = model["features"]
    means, scales = np.array(model["means"]), np.array(model["scales"])
    weights = np.array(model["coefficients"]) / scales
    out = np.ones(len(rows))
    for k, row in enumerate(rows):
        if row.features is not None:
            x = np.array([row.features[n] for n in names])
            out[k] = 1.0 / (1.0 + np.exp(-((x - means) @ weights + model["intercept"])))
    return out


def scores(rows: list[Row], p: np.ndarray, threshold: float) -> dict[str, float]:
    """Abstention on unanswerable questions, false abstention and the overall score of
    ``rows`` when the model (probabilities ``p``) gates them at ``threshold``."""
    answered = np.array([r.answered for r in rows]) & (p >= threshold)
    answerable = np.array([r.answerable for r in rows])
    right = np.where(answered, [r.right for r in rows], ~answerable)
    return {
        "n": float(len(rows)),
        "abstention_on_unanswerable": float((~answered[~answerable]).mean()),
        "false_abstention": float((~answered[answerable]).mean()),
        "overall": float(right.mean()),
    }


def best_threshold(rows: list[Row], p: np.ndarray) -> float:
    """The threshold with the best mean overall over the sets among those that keep at
    least ``KEEP_CORRECT`` of the answers that would be right: abstaining wrongly on a
    question the document answers costs a reader more than a wrong abstention rate
    suggests."""
    keep = np.array([r.features is not None and r.right for r in rows])
    allowed = [t for t in THRESHOLDS if (p[keep] >= t).mean() >= KEEP_CORRECT] or [THRESHOLDS[0]]
    datasets = sorted({r.dataset for r in rows})
    by_set = {d: [k for k, r in enumerate(rows) if r.dataset == d] for d in datasets}

    def mean_overall(t: float) -> float:
        return float(
            np.mean(
                [scores([rows[k] for k in by_set[d]], p[by_set[d]], t)["overall"] for d in datasets]
            )
        )

    return float(max(allowed, key=mean_overall))


def fitted(rows: list[Row]) -> dict[str, Any]:
    """The model fitted on ``rows`` of the training sets, with its threshold."""
    train = [r for r in rows if r.dataset in TRAINED_ON]
    model = fit(train)
    return model | {"threshold": best_threshold(train, probabilities(model, train))}


def held_out(rows: list[Row]) -> dict[str, dict[str, float]]:
    """Each set scored by a model fitted without its documents (see the docstring)."""
    squad = sorted({r.group for r in rows if r.dataset == "squad"})
    folds = {
        "dev": [{"dev"}],
        "devdocs": [{r.group for r in rows if r.dataset == "devdocs"}],
        "squad": [set(squad[k::FOLDS]) for k in range(FOLDS)],
    }
    out = {}
    for dataset, groups in folds.items():
        scored: list[Row] = []
        p: list[np.ndarray] = []
        for left_out in groups:
            model = fitted([r for r in rows if r.group not in left_out])
            held = [r for r in rows if r.group in left_out and r.dataset == dataset]
            scored += held
            p.append(probabilities(model, held) >= model["threshold"])
        out[dataset] = scores(scored, np.concatenate(p).astype(float), 0.5)
    normans = [r for r in rows if r.dataset == "normans"]
    model = fitted(rows)
    out["normans"] = scores(normans, probabilities(model, normans), model["threshold"])
    return out


def _read_rows(path: Path | None) -> list[Row] | None:
    if path is None or not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if data["version"] != VERSION or data["features"] != list(FEATURES):
        return None
    return [Row(**r) for r in data["rows"]]


def main() -> None:
    parser = argparse.ArgumentParser(description="Fit the answerability model on dev data.")
    parser.add_argument("--write", action="store_true", help="save answerability.json")
    parser.add_argument("--rows", type=Path, help="keep the gathered rows in this file")
    args = parser.parse_args()
    out = sys.stdout
    started = time.perf_counter()
    rows = _read_rows(args.rows)
    if rows is None:
        with tempfile.TemporaryDirectory() as work:
            rows = gather_all(Settings(), Path(work))
        if args.rows:
            payload = {
                "version": VERSION,
                "features": list(FEATURES),
                "rows": [asdict(r) for r in rows],
            }
            args.rows.write_text(json.dumps(payload), encoding="utf-8")
    gated = [r for r in rows if r.features is not None]
    out.write(
        f"rows: {len(rows)}, {len(gated)} gated ({sum(r.answerable for r in gated)} answerable);"
        f" gathered in {time.perf_counter() - started:.0f} s\n"
    )
    shipped = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    before = {
        d: scores(
            [r for r in rows if r.dataset == d],
            probabilities(shipped, [r for r in rows if r.dataset == d]),
            shipped["threshold"],
        )
        for d in ("dev", "devdocs", "squad", "normans")
    }
    after = held_out(rows)
    out.write(f"{'set':<9}{'figure':<28}{'before':>8}{'held out':>10}\n")
    for d in before:
        for figure in ("n", "abstention_on_unanswerable", "false_abstention", "overall"):
            out.write(f"{d:<9}{figure:<28}{before[d][figure]:>8.3f}{after[d][figure]:>10.3f}\n")
    model = fitted(rows)
    out.write(f"threshold {model['threshold']}\n")
    for name, c in zip(FEATURES, model["coefficients"]):
        out.write(f"  {name:<36}{c:+.3f}\n")
    out.write(f"done in {time.perf_counter() - started:.0f} s\n")
    if args.write:
        MODEL_FILE.write_text(
            json.dumps(
                {
                    "version": VERSION,
                    **model,
                    "fitted_on": "eval/datasets/dev.jsonl, eval/datasets/devdocs questions, "
                    f"{PER_ARTICLE} questions of each SQuAD 2.0 article of ../shared/qa with "
                    "unanswerable ones (dev data only; Normans not trained on)",
                    "fitted_at": time.strftime("%Y-%m-%d"),
                    "held_out": {d: round(after[d]["overall"], 4) for d in after},
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
        out.write(f"wrote {MODEL_FILE}\n")


if __name__ == "__main__":
    main()
