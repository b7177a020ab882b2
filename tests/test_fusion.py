"""Reciprocal rank fusion of the dense and BM25 rankings."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.retrieval import fuse, top_positions


def test_item_ranked_by_both_searches_beats_items_ranked_by_one() -> None:
    fused = fuse([[1, 2, 3], [3, 4]], rrf_k=60)
    assert fused[0][0] == 3
    assert fused[0][1] == pytest.approx(1 / 63 + 1 / 61)


def test_scores_follow_rank_within_one_ranking() -> None:
    fused = dict(fuse([[7, 8, 9]], rrf_k=10))
    assert fused[7] > fused[8] > fused[9]
    assert fused[7] == pytest.approx(1 / 11)


def test_ties_keep_the_order_items_were_first_seen() -> None:
    assert [item for item, _ in fuse([[5], [6]], rrf_k=60)] == [5, 6]


def test_empty_rankings_fuse_to_nothing() -> None:
    assert fuse([[], []], rrf_k=60) == []


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
