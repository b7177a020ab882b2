"""The chunks' BM25 index: built from terms gathered as ids, it scores as bm25s does, and
its top k are those of every chunk's score."""

from __future__ import annotations

import random
from pathlib import Path

import bm25s
import numpy as np
import pytest

from index.bm25 import LONG_POSTINGS, Bm25Search, ChunkTerms, build_bm25, load_bm25, top_positions
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
        np.testing.assert_allclose(saved.scores(words), reference.get_scores(words))
        assert saved.scores(words).max() > 0


def test_gathered_terms_keep_each_chunk_in_order_with_an_empty_one_marked() -> None:
    terms = ChunkTerms()
    for chunk in (["nepal", "india"], [], ["nepal"]):
        terms.add(chunk)
    by_id = {i: term for term, i in terms.vocab.items()}
    assert [[by_id[i] for i in ids] for ids in terms] == [["nepal", "india"], ["\0"], ["nepal"]]
    assert len(terms) == 3


def test_index_of_no_chunks_still_loads(tmp_path: Path) -> None:
    build_bm25(ChunkTerms(), tmp_path / "bm25")
    assert load_bm25(tmp_path / "bm25").scores(["nepal"]).shape == (1,)


def _expected_top(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    return [(p, float(scores[p])) for p in top_positions(scores, k) if scores[p] > 0]


@pytest.fixture(scope="module")
def common_word_index(tmp_path_factory: pytest.TempPathFactory) -> Bm25Search:
    """Chunks that all share one word, as generated reports share "near", and a few
    words each found in about a quarter of them."""
    rng = random.Random(3)
    terms = ChunkTerms()
    for _ in range(3 * LONG_POSTINGS):
        words = ["near", *rng.sample([f"w{i}" for i in range(12)], 3)]
        words += [f"rare{rng.randrange(400)}" for _ in range(rng.randrange(3))]
        terms.add(words)
    folder = tmp_path_factory.mktemp("bm25") / "bm25"
    build_bm25(terms, folder)
    return load_bm25(folder)


@pytest.mark.parametrize(
    "words",
    [["near", "w1", "w2"], ["near", "w3", "rare7"], ["near", "near", "w4"], ["near"], ["zzz"]],
)
@pytest.mark.parametrize("k", [1, 10, 100])
def test_search_finds_the_top_k_of_every_chunks_score(
    common_word_index: Bm25Search, words: list[str], k: int
) -> None:
    hits = common_word_index.search(words, k)
    expected = _expected_top(common_word_index.scores(words), k)
    assert [p for p, _ in hits] == [p for p, _ in expected]
    np.testing.assert_allclose([s for _, s in hits], [s for _, s in expected], rtol=1e-5)


def test_a_word_in_every_chunk_is_added_only_where_it_can_still_matter(
    common_word_index: Bm25Search,
) -> None:
    term_ids = common_word_index.term_ids(["near", "w1", "w2"])
    weighty, light = common_word_index._split(term_ids)
    assert light == common_word_index.term_ids(["near"])
    assert sorted(weighty) == sorted(common_word_index.term_ids(["w1", "w2"]))


def test_search_leaves_out_excluded_chunks(common_word_index: Bm25Search) -> None:
    words = ["near", "w5", "rare9"]
    excluded = np.zeros(len(common_word_index), dtype=bool)
    excluded[: len(excluded) // 2] = True
    scores = np.where(excluded, 0.0, common_word_index.scores(words)).astype(np.float32)
    hits = common_word_index.search(words, 10, excluded)
    assert [p for p, _ in hits] == [p for p, _ in _expected_top(scores, 10)]
    assert all(not excluded[p] for p, _ in hits)


def test_one_chunks_score_is_its_share_of_every_chunks_scores(
    common_word_index: Bm25Search,
) -> None:
    words = ["near", "w6", "rare11", "unknown"]
    scores = common_word_index.scores(words)
    for position in (0, 17, len(scores) - 1):
        assert common_word_index.score(words, position) == pytest.approx(scores[position], rel=1e-5)


@pytest.mark.parametrize("size", [5, 64, 1_000, 200_000])
@pytest.mark.parametrize("k", [1, 10, 50])
def test_top_positions_are_the_highest_scores_best_first(size: int, k: int) -> None:
    rng = np.random.default_rng(size + k)
    scores = rng.random(size).astype(np.float32)
    scores[rng.random(size) < 0.5] = 0.0  # BM25: most chunks share no word with a question
    expected = sorted(range(size), key=lambda i: (-scores[i], i))[:k]
    assert top_positions(scores, k) == expected


def test_top_positions_of_equal_scores_keep_position_order() -> None:
    scores = np.zeros(10_000, dtype=np.float32)
    scores[[7, 9_000, 3]] = 2.0
    assert top_positions(scores, 3) == [3, 7, 9_000]
    assert top_positions(scores, 0) == []
