"""The reader: our own small cross-encoder, scoring how well a sentence answers a question.

It reads the question and the sentence together (the first layers of MiniLM, trained by
``training/train_reader.py`` on SQuAD, see ``assistant/models/reader/README.md``), where
the bi-encoder's cosine compares two vectors made apart, so it tells the sentence that
answers from one that repeats the question's words. The weights ship in float16 with the
package; the first use exports them once to an ONNX graph beside the index (as the query
encoder is), most of its matrices quantized to int8, and questions are scored with
onnxruntime, without importing torch.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

READER_DIR = Path(__file__).resolve().parent.parent / "models" / "reader"
# The name says the format: a graph of an older format beside the index is not reused
# (and is removed when this one is written).
ONNX_FILE = "reader-int8.onnx"
SUPERSEDED_FILES = ("reader.onnx", "reader.source")
BATCH_SIZE = 64
CACHE_SIZE = 4096


def reader_text(sentence: str, context: str) -> str:
    """What a reader trained with context reads of ``sentence``: the sentence, then its
    context (the one before it in its paragraph, or the heading it stands under; after
    it, so truncation cuts the context first)."""
    return f"{sentence} [SEP] {context}" if context else sentence


def table_cells(line: str) -> list[str] | None:
    """The cells of a Markdown table row ("| Half plot | £46 |"), None for any other line
    and for the row under the header ("|---|---|")."""
    line = line.strip()
    if len(line) < 3 or not (line.startswith("|") and line.endswith("|")):
        return None
    cells = [cell.strip() for cell in line[1:-1].split("|")]
    return None if all(set(cell) <= set("-: ") for cell in cells) else cells


def table_row_text(row: str, header: str) -> str:
    """A table row as the reader reads it, each cell after its column's header: "Plot
    size: Half plot; Area: 125 square metres" (the reader was trained on prose)."""
    cells, names = table_cells(row), table_cells(header)
    if not cells or not names or len(cells) != len(names) or row.strip() == header.strip():
        return row
    return "; ".join(f"{name}: {cell}" if name else cell for name, cell in zip(names, cells))


def as_read(texts: Sequence[str], position: int) -> str:
    """The sentence at ``position`` of one document's ``texts`` as the reader reads it: a
    row of a Markdown table as its cells after their headers (the table's first line)."""
    text = texts[position]
    if table_cells(text) is None:
        return text
    first = position
    while first > 0 and texts[first - 1].lstrip().startswith("|"):
        first -= 1
    return table_row_text(text, texts[first])


class Reader:
    """(question, sentence) -> the probability that the sentence answers the question."""

    def __init__(self, onnx_path: Path, folder: Path = READER_DIR, threads: int | None = None):
        import onnxruntime
        from tokenizers import Tokenizer

        config = json.loads((folder / "tokenizer_config.json").read_text())
        max_length = int(config["model_max_length"])  # as trained
        model_config = json.loads((folder / "config.json").read_text())
        # Whether it was trained to read each sentence with the one before it.
        self.reads_previous = bool(model_config.get("reads_previous_sentence", False))
        # Or with the Markdown heading it stands under.
        self.reads_heading = bool(model_config.get("reads_heading", False))
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=max_length)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or min(os.cpu_count() or 1, 4)
        options.log_severity_level = 3
        self._session: Any = onnxruntime.InferenceSession(
            str(onnx_path), options, providers=["CPUExecutionProvider"]
        )
        self._cache: OrderedDict[tuple[str, str], float] = OrderedDict()
        self._lock = threading.Lock()  # the HTTP API answers from several threads

    def _logits(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(pairs)
        feeds = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        return np.asarray(self._session.run(None, feeds)[0]).reshape(-1)

    def scores(
        self, question: str, sentences: Sequence[str], context: Sequence[str] | None = None
    ) -> np.ndarray:
        """Each sentence's probability of answering ``question`` (remembered per pair),
        read with its ``context`` ("" for none: the sentence before it, or its heading, as
        the reader was trained to read)."""
        if context is not None:
            sentences = [reader_text(s, c) for s, c in zip(sentences, context, strict=True)]
        found: dict[int, float] = {}
        with self._lock:
            for i, sentence in enumerate(sentences):
                known = self._cache.get((question, sentence))
                if known is not None:
                    found[i] = known
        missing = [i for i in range(len(sentences)) if i not in found]
        for begin in range(0, len(missing), BATCH_SIZE):
            batch = missing[begin : begin + BATCH_SIZE]
            logits = self._logits([(question, sentences[i]) for i in batch])
            found.update(zip(batch, (1.0 / (1.0 + np.exp(-logits))).tolist()))
        with self._lock:
            for i in missing:
                self._cache[(question, sentences[i])] = found[i]
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return np.array([found[i] for i in range(len(sentences))], dtype=np.float32)


def export_onnx(target: Path, folder: Path = READER_DIR) -> Path:
    """Write the shipped reader (float16 safetensors) as an ONNX graph at ``target``, the
    matrix weights of all but its first layer in int8 (one scale per output channel)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from transformers import AutoModelForSequenceClassification
    from transformers.utils import logging as transformers_logging

    from index.embed import trace_onnx

    transformers_logging.disable_progress_bar()
    transformers_logging.set_verbosity_error()
    model = AutoModelForSequenceClassification.from_pretrained(str(folder), dtype=torch.float32)
    model.eval()

    class Logits(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(
            self,
            input_ids: torch.Tensor,
            attention_mask: torch.Tensor,
            token_type_ids: torch.Tensor,
        ) -> torch.Tensor:
            return self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).logits

    traced = trace_onnx(Logits(), target.with_suffix(".float32"), "logits")
    # Dynamic int8 reads a question's 24 candidates about 1.4 times faster on 2 cores, in
    # a graph a third of the size (77 -> 25 MB). The first layer stays float32: readings
    # then move 0.013 on average instead of 0.017, and 5 of the 297 frozen answers changed
    # instead of 12 (the whole graph in int8 is 2 times faster).
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    first_layer = [
        node.name
        for node in onnx.load(str(traced)).graph.node
        if node.op_type == "MatMul" and "/layer.0/" in node.name
    ]
    partial = target.with_suffix(".partial")
    with _quiet_root_logger():  # it logs a hint about a pre-processing step to the root logger
        quantize_dynamic(
            str(traced),
            str(partial),
            per_channel=True,
            weight_type=QuantType.QInt8,
            nodes_to_exclude=first_layer,
        )
    traced.unlink()
    os.replace(partial, target)
    return target


@contextmanager
def _quiet_root_logger() -> Iterator[None]:
    """Root-logger warnings silenced for a while, without ``logging.warning`` configuring a
    handler on the way (it does when the root logger has none)."""
    root = logging.getLogger()
    placeholder = logging.NullHandler()
    root.addHandler(placeholder)
    disabled = root.manager.disable
    logging.disable(max(disabled, logging.WARNING))
    try:
        yield
    finally:
        logging.disable(disabled)
        root.removeHandler(placeholder)


# One reader a process for each set of weights: every assistant of the process shares it.
_loaded: dict[tuple[Path, str], Reader] = {}
_loading = threading.Lock()


def load_reader(models_dir: Path, folder: Path = READER_DIR) -> Reader | None:
    """The reader, exporting its ONNX graph into ``models_dir`` on first use; None when
    the weights are not installed (answers then use the evidence score alone)."""
    weights = folder / "model.safetensors"
    if not weights.is_file():
        return None
    status = weights.stat()
    key = (folder, f"{status.st_size} {status.st_mtime_ns}")
    with _loading:
        reader = _loaded.get(key)
        if reader is None:
            path = models_dir / ONNX_FILE
            _export_if_stale(path, weights, key[1])
            reader = _loaded[key] = Reader(path, folder)
    return reader


def _export_if_stale(path: Path, weights: Path, size_and_time: str) -> None:
    """Export again when other weights ship. The stamp beside the graph holds the weights'
    size, time and digest: size and time spare hashing 35 MB on every cold start, and the
    digest decides when they differ (a fresh checkout, new weights of the same size)."""
    stamp = path.with_suffix(".source")
    recorded = stamp.read_text() if path.exists() and stamp.exists() else ""
    if recorded.startswith(size_and_time + " "):
        return
    import hashlib

    digest = hashlib.blake2b(weights.read_bytes(), digest_size=16).hexdigest()
    if not recorded.endswith(" " + digest):
        export_onnx(path, weights.parent)
    stamp.write_text(f"{size_and_time} {digest}")
    for name in SUPERSEDED_FILES:
        (path.parent / name).unlink(missing_ok=True)
