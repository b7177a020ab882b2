"""The shipped reader: its float16 weights load (sentence-transformers and our ONNX export
agree) and it ranks the sentence that answers first."""

from __future__ import annotations

import os
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


def test_a_sentence_reads_as_answering_only_when_it_answers(tmp_path: Path) -> None:
    # Calibrated (trained with each sentence against "none of these"): the sentences of a
    # topic that do not answer read under one half, not near 1 as their topic does.
    reader = load_reader(tmp_path)
    assert reader is not None
    cost = reader.scores(QUESTION, SENTENCES)
    assert cost[2] > 0.5
    assert all(cost[i] < 0.5 for i in (0, 1, 3)), cost


def test_a_sentence_is_read_with_the_context_it_is_given(tmp_path: Path) -> None:
    reader = load_reader(tmp_path)
    assert reader is not None and not reader.reads_previous and not reader.reads_heading
    alone = reader.scores(QUESTION, ["They cost twelve pounds."])
    assert reader.scores(QUESTION, ["They cost twelve pounds."], [""]) == alone
    before = ["Tickets for the Tobermory ferry are sold on board."]
    assert reader.scores(QUESTION, ["They cost twelve pounds."], before) != alone


def test_the_int8_onnx_reader_reads_as_sentence_transformers_does(tmp_path: Path) -> None:
    from sentence_transformers import CrossEncoder

    reader = load_reader(tmp_path)
    assert reader is not None
    expected = CrossEncoder(str(READER_DIR), device="cpu").predict(
        [(QUESTION, s) for s in SENTENCES]
    )
    read = reader.scores(QUESTION, SENTENCES)
    # int8 matrices move a reading by 0.013 on average (0.09 at most over the bundled
    # article's sentences); the order of the sentences stays.
    assert np.allclose(read, expected, atol=0.1), (read, expected)
    assert list(np.argsort(read)) == list(np.argsort(expected))


def test_without_shipped_weights_there_is_no_reader(tmp_path: Path) -> None:
    assert load_reader(tmp_path / "models", folder=tmp_path / "nothing") is None


def test_other_weights_of_the_same_size_are_exported_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.answering import reader as module

    exports: list[Path] = []

    def export(path: Path, folder: Path) -> Path:
        exports.append(folder)
        path.write_bytes(b"graph")
        return path

    monkeypatch.setattr(module, "export_onnx", export)
    weights = tmp_path / "weights" / "model.safetensors"
    weights.parent.mkdir()
    graph = tmp_path / module.ONNX_FILE
    superseded = tmp_path / "reader.onnx"  # the float32 graph of earlier versions
    superseded.write_bytes(b"old graph")

    def stale_check() -> None:
        status = weights.stat()
        module._export_if_stale(graph, weights, f"{status.st_size} {status.st_mtime_ns}")

    for written, content in enumerate([b"first weights", b"first weights", b"other weights"]):
        weights.write_bytes(content)  # the second: a fresh checkout, the same bytes
        os.utime(weights, ns=(written * 10**9, written * 10**9))  # a new time each
        stale_check()
        if written == 1:
            assert len(exports) == 1
    assert len(exports) == 2
    assert not superseded.exists()
