"""Queries embedded through ONNX match the sentence-transformers vectors of the index."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from assistant.settings import PROJECT_ROOT, Settings
from index.embed import DIMENSION, load_embeddings, query_embeddings

pytestmark = pytest.mark.slow

TEXTS = [
    "How many troops did North Korea send?",
    "According to the UK Ministry of Defence, November 2024 was the deadliest month of the war.",
    "“They keep you in a cold cell,” according to one Kyrgyz prisoner.",
    "x",
    "word " * 400,  # past the 256-token limit: both truncate the same way
]


def test_onnx_and_sentence_transformers_give_the_same_vectors(settings: Settings) -> None:
    reference = np.array(load_embeddings().embed_documents(TEXTS))
    fast = query_embeddings(settings.data_dir / "models")
    batch = np.array(fast.embed_documents(TEXTS))
    single = np.array([fast.embed_query(t) for t in TEXTS])
    assert reference.shape == batch.shape == (len(TEXTS), DIMENSION)
    for ours in (batch, single):
        cosines = (reference * ours).sum(axis=1)
        assert cosines.min() > 0.9999
        assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_answering_from_a_built_index_never_imports_torch(
    settings: Settings, assistant: object
) -> None:
    code = (
        "import sys; from assistant.api import Assistant; from assistant.settings import Settings;"
        f"a = Assistant(Settings(data_dir={str(settings.data_dir)!r}));"
        "print(a.ask('Who supplied Russia with Yemeni mercenaries?').abstained,"
        " 'torch' in sys.modules, 'sentence_transformers' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT, check=True
    )
    assert out.stdout.split() == ["False", "False", "False"]
