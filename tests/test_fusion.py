"""Reciprocal rank fusion of the dense and BM25 rankings."""

from __future__ import annotations

import pytest

from assistant.retrieval import fuse


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
