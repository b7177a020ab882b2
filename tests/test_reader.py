"""The shipped reader: its float16 weights load (sentence-transformers and our ONNX export
agree) and it ranks the sentence that answers first."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.answering.reader import READER_DIR, load_reader

pytestmark = pytest.mark.slow

QUESTION = "How much does a ticket for the Tobermory ferry cost?"
SENTENCES = [
    "The ferry to Tobermory is the oldest on the island.",
    "The ferry to Tobermory leaves at seven o'clock every morning from pier two.",
    "Tickets for the Tobermory ferry cost twelve pounds.",
    "The Tobermory ferry was repainted last spring.",
]


def test_the_weights_ship_in_float16_with_a_model_card() -> None:
    from safetensors import safe_open

    with safe_open(str(READER_DIR / "model.safetensors"), "np") as weights:
        dtypes = {weights.get_tensor(k).dtype for k in weights.keys()}  # noqa: SIM118
    assert dtypes == {np.dtype("float16")}
    card = (READER_DIR / "README.md").read_text(encoding="utf-8")
    assert "cc-by-sa-4.0" in card and "python -m training.train_reader" in card


def test_the_reader_ranks_the_answering_sentence_first(tmp_path: Path) -> None:
    reader = load_reader(tmp_path)
    assert reader is not None
    cost = reader.scores(QUESTION, SENTENCES)
    assert int(np.argmax(cost)) == 2, cost
    painted = reader.scores("Who repainted the Tobermory ferry last spring?", SENTENCES)
    assert int(np.argmax(painted)) == 3, painted


def test_the_onnx_reader_scores_as_sentence_transformers_does(tmp_path: Path) -> None:
    from sentence_transformers import CrossEncoder

    reader = load_reader(tmp_path)
    assert reader is not None
    expected = CrossEncoder(str(READER_DIR), device="cpu").predict(
        [(QUESTION, s) for s in SENTENCES]
    )
    assert np.allclose(reader.scores(QUESTION, SENTENCES), expected, atol=0.02)


def test_without_shipped_weights_there_is_no_reader(tmp_path: Path) -> None:
    assert load_reader(tmp_path / "models", folder=tmp_path / "nothing") is None
