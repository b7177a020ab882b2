"""The shipped answerability model and the data it is fitted on."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from assistant.answering.answerability import FEATURES, MODEL_FILE, load_model
from eval.question_sets import load_squad, squad_articles
from training.fit_answerability import Row, scores


def neutral() -> dict[str, float]:
    model = load_model()
    assert model is not None
    return dict(zip(FEATURES, model.means))


def test_shipped_model_reads_the_features_the_answerer_computes() -> None:
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert tuple(data["features"]) == FEATURES
    assert 0.0 < data["threshold"] < 1.0


def test_names_of_the_question_missing_from_the_evidence_lower_answerability() -> None:
    model = load_model()
    assert model is not None
    present = neutral() | {"question_terms_missing_from_best": 0.0}
    missing = neutral() | {"question_terms_missing_from_best": 1.0}
    assert model.probability(missing) < model.probability(present)


def test_a_model_of_other_features_is_ignored(tmp_path: Path) -> None:
    other = json.loads(MODEL_FILE.read_text(encoding="utf-8")) | {"features": ["x"]}
    path = tmp_path / "answerability.json"
    path.write_text(json.dumps(other), encoding="utf-8")
    assert load_model(path) is None


def article(title: str, context: str, answer: str) -> dict[str, object]:
    start = context.index(answer)
    qas = [{"id": title, "question": "?", "answers": [{"text": answer, "answer_start": start}]}]
    return {"title": title, "paragraphs": [{"context": context, "qas": qas}] * 2}


def test_each_squad_article_is_a_document_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "two.json"
    first = article("Tides", "The moon raises the tides.", "moon")
    second = article("Bees", "Bees make honey in hives.", "hives")
    path.write_text(json.dumps({"data": [first, second]}), encoding="utf-8")
    articles = squad_articles(path)
    assert [title for title, _, _ in articles] == ["Tides", "Bees"]
    assert load_squad(path) == articles[0]
    _, text, items = articles[1]
    assert text == "Bees make honey in hives.\n\nBees make honey in hives.\n"
    # Gold spans point into the article's own text, the second paragraph's past the first.
    assert [text[s.start : s.end] for i in items for s in i.support] == ["hives", "hives"]
    assert items[1].support[0].start > len("Bees make honey in hives.")


def test_a_question_the_model_rejects_counts_as_an_abstention() -> None:
    gated = {"best_score": 0.5}
    rows = [
        Row("squad", "Bees", answerable=True, answered=True, right=True, features=gated),
        Row("squad", "Bees", answerable=False, answered=True, right=False, features=gated),
        # A summary is not gated: it counts as the assistant answered it.
        Row("squad", "Bees", answerable=False, answered=True, right=False, features=None),
    ]
    figures = scores(rows, np.array([0.9, 0.1, 1.0]), threshold=0.5)
    assert figures["abstention_on_unanswerable"] == 0.5
    assert figures["false_abstention"] == 0.0
    assert figures["overall"] == 2 / 3
