"""The shipped answerability model."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.answering.answerability import FEATURES, MODEL_FILE, load_model


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
