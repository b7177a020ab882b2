"""The chunks' BM25 index: built from terms gathered as ids, it scores as bm25s does."""

from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np

from index.bm25 import ChunkTerms, build_bm25, load_bm25
from index.text import content_words

CHUNKS = [
    "Russia recruited fighters from Nepal and India with promises of pay.",
    "The Houthis supplied Yemeni men, who were told they would work in factories.",
    "North Korean troops fought in Kursk; Russia paid Pyongyang in oil and weapons.",
    "",
    "Families in Nepal say the recruits were sent to the front within weeks.",
]


def test_index_from_gathered_ids_scores_as_bm25s_from_token_lists(tmp_path: Path) -> None:
    terms = ChunkTerms()
    for text in CHUNKS:
        terms.add(content_words(text))
    build_bm25(terms, tmp_path / "bm25")
    saved = load_bm25(tmp_path / "bm25")

    reference = bm25s.BM25(method="lucene")
    reference.index([content_words(text) or ["\0"] for text in CHUNKS], show_progress=False)
    for question in ("Which fighters came from Nepal?", "oil weapons Pyongyang", "Houthis"):
        words = content_words(question)
        np.testing.assert_allclose(saved.get_scores(words), reference.get_scores(words))
        assert saved.get_scores(words).max() > 0


def test_gathered_terms_keep_each_chunk_in_order_with_an_empty_one_marked() -> None:
    terms = ChunkTerms()
    for chunk in (["nepal", "india"], [], ["nepal"]):
        terms.add(chunk)
    by_id = {i: term for term, i in terms.vocab.items()}
    assert [[by_id[i] for i in ids] for ids in terms] == [["nepal", "india"], ["\0"], ["nepal"]]
    assert len(terms) == 3


def test_index_of_no_chunks_still_loads(tmp_path: Path) -> None:
    build_bm25(ChunkTerms(), tmp_path / "bm25")
    assert load_bm25(tmp_path / "bm25").get_scores(["nepal"]).shape == (1,)
