"""The BM25 index of the chunks: built with each build, memory-mapped when opened, and
searched for a question's best chunks.

Building it at open cost about 1 ms a chunk (every open re-tokenised the corpus); saved
beside the build by bm25s and loaded memory-mapped, it opens in milliseconds.
"""

from __future__ import annotations

import logging
import threading
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

FOLDER = "bm25"
EMPTY = "\0"  # a chunk with no content words still needs one token


def _bm25s() -> Any:
    import bm25s

    # bm25s sets its own logger to DEBUG, which would put its progress notes on the
    # stderr of anyone who logs warnings; let the application's configuration decide.
    logging.getLogger("bm25s").setLevel(logging.NOTSET)
    return bm25s


class ChunkTerms:
    """Every chunk's BM25 terms, in chunk order, gathered as a build goes.

    Kept as ids into one vocabulary in a flat array: a list of strings a chunk would hold
    a million chunks' terms in gigabytes, these take about 4 bytes a term. bm25s indexes
    them as they are, as its pre-tokenised input (``Tokenized``).
    """

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self._ids = array("i")
        self._ends = array("q")

    def add(self, terms: list[str]) -> None:
        """The next chunk's terms."""
        vocab = self.vocab
        self._ids.extend(vocab.setdefault(term, len(vocab)) for term in terms or [EMPTY])
        self._ends.append(len(self._ids))

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, position: int) -> array[int]:
        start = self._ends[position - 1] if position > 0 else 0
        return self._ids[start : self._ends[position]]

    def __iter__(self) -> Iterator[array[int]]:
        return (self[position] for position in range(len(self)))


def build_bm25(terms: ChunkTerms, folder: Path) -> None:
    """Index the chunks' ``terms`` and save the index in ``folder``."""
    if not len(terms):  # an index of no chunks still needs one document
        terms = ChunkTerms()
        terms.add([])
    bm25s = _bm25s()
    bm25 = bm25s.BM25(method="lucene")  # Lucene's variant; sparse, fast to query
    tokenized = bm25s.tokenization.Tokenized(ids=terms, vocab=terms.vocab)
    bm25.index(tokenized, show_progress=False)
    bm25.save(str(folder))


def load_bm25(folder: Path) -> Bm25Search:
    """The saved index, memory-mapped."""
    return Bm25Search(_bm25s().BM25.load(str(folder), mmap=True))


# Every SAMPLE_STRIDE-th score is looked at first to find a floor for the top k.
SAMPLE_STRIDE = 64
# Terms with fewer postings are always scored in full: bounding them would not pay.
LONG_POSTINGS = 4096
# The terms left to the candidates may together add at most this share of the top
# term's highest contribution.
LOW_SHARE = 0.25


class Bm25Search:
    """The chunks' BM25 index (bm25s, Lucene's variant), searched for the top k.

    Scoring every chunk takes a pass over each query term's postings. At a million
    chunks a word found in nearly every chunk is a million additions for a contribution
    near zero (so is its inverse document frequency). So the query's terms are split, as
    in MaxScore (Turtle and Flood, 1995): the weighty ones are added up over all their
    postings; the others, whose highest contributions sum to ``low_bound``, are added
    only for the chunks whose partial score is within ``low_bound`` of the k-th best, the
    only ones that can still reach the top k. The top k and their scores are exact.
    """

    def __init__(self, bm25: Any) -> None:
        self.bm25 = bm25
        # Plain arrays over bm25s's memory maps: slicing a np.memmap makes memmap objects.
        self._data = np.asarray(bm25.scores["data"])
        self._indices = np.asarray(bm25.scores["indices"])
        self._indptr = np.asarray(bm25.scores["indptr"])
        self._highest: dict[int, float] = {}  # a long postings list's largest score
        self._buffers = threading.local()

    def __len__(self) -> int:
        return int(self.bm25.scores["num_docs"])

    def term_ids(self, words: list[str]) -> list[int]:
        """The ids of the query's words that are in the index (repeats kept)."""
        return list(self.bm25.get_tokens_ids(words)) if words else []

    def scores(self, words: list[str]) -> np.ndarray:
        """Every chunk's BM25 score for the query ``words``."""
        return self._add(np.zeros(len(self), dtype=np.float32), self.term_ids(words))

    def score(self, words: list[str], position: int) -> float:
        """One chunk's score for the query ``words``."""
        at = np.array([position], dtype=self._indices.dtype)
        return float(sum(self._scores_at(term, at)[0] for term in self.term_ids(words)))

    def search(
        self, words: list[str], k: int, excluded: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """The ``k`` best chunks with a score above zero and their scores, best first
        (equal scores in chunk order); chunks where ``excluded`` is True never count."""
        term_ids = self.term_ids(words)
        if not term_ids or k <= 0:
            return []
        weighty, light = self._split(term_ids)
        scores = self._add(self._zeroed_buffer(), weighty)
        if excluded is not None:
            scores[excluded] = 0.0
        candidates = None
        if light:
            low_bound = sum(self._highest[t] for t in light)
            best = top_positions(scores, k)
            floor = float(scores[best[-1]]) - low_bound if best else 0.0
            if floor > 0:
                candidates = np.flatnonzero(scores >= floor)
            if candidates is None or len(candidates) * 8 > self._postings(light):
                self._add(scores, light)  # too many to look up one by one
                if excluded is not None:
                    scores[excluded] = 0.0
                candidates = None
        if candidates is None:
            ranked = top_positions(scores, k)
            return [(p, float(scores[p])) for p in ranked if scores[p] > 0]
        exact = scores[candidates].astype(np.float64)
        at = candidates.astype(self._indices.dtype)
        for term in light:
            exact += self._scores_at(term, at)
        ranked = top_positions(exact, k)
        return [(int(candidates[i]), float(exact[i])) for i in ranked if exact[i] > 0]

    def _scores_at(self, term: int, positions: np.ndarray) -> np.ndarray:
        """The term's score in each chunk of ``positions`` (sorted), 0 where it is absent;
        its postings are sorted by chunk, so each is found by binary search. The positions
        come in the postings' own integer type: another one would convert the whole list."""
        start, end = int(self._indptr[term]), int(self._indptr[term + 1])
        postings = self._indices[start:end]
        at = np.searchsorted(postings, positions)
        found = at < len(postings)
        found[found] = postings[at[found]] == positions[found]
        values = np.zeros(len(positions), dtype=np.float64)
        values[found] = self._data[start + at[found]]
        return values

    def _zeroed_buffer(self) -> np.ndarray:
        """This thread's score array, zeroed: a new one would cost a page fault every
        4 KiB (about 2.5 ms a question at a million chunks)."""
        buffer = getattr(self._buffers, "scores", None)
        if buffer is None:
            buffer = self._buffers.scores = np.zeros(len(self), dtype=np.float32)
        else:
            buffer.fill(0.0)
        return buffer

    def _split(self, term_ids: list[int]) -> tuple[list[int], list[int]]:
        """The weighty terms and the light ones (MaxScore's essential and non-essential)."""
        long_terms = sorted(
            {t for t in term_ids if self._postings([t]) >= LONG_POSTINGS}, key=self._highest_of
        )
        top = max((self._highest_of(t) for t in term_ids), default=0.0)
        light: set[int] = set()
        bound = 0.0
        for term in long_terms:
            bound += self._highest_of(term) * term_ids.count(term)
            if bound > LOW_SHARE * top:
                break
            light.add(term)
        return [t for t in term_ids if t not in light], [t for t in term_ids if t in light]

    def _highest_of(self, term: int) -> float:
        if term not in self._highest:
            start, end = int(self._indptr[term]), int(self._indptr[term + 1])
            self._highest[term] = float(self._data[start:end].max(initial=0.0))
        return self._highest[term]

    def _postings(self, term_ids: list[int]) -> int:
        return sum(int(self._indptr[t + 1] - self._indptr[t]) for t in term_ids)

    def _add(self, scores: np.ndarray, term_ids: list[int]) -> np.ndarray:
        """Add the terms' postings to ``scores``, a term at a time: bm25s concatenates
        them first, which makes ``np.add.at`` 2-3x slower at a million chunks."""
        for term in term_ids:
            start, end = int(self._indptr[term]), int(self._indptr[term + 1])
            np.add.at(scores, self._indices[start:end], self._data[start:end])
        return scores


def top_positions(scores: np.ndarray, k: int) -> list[int]:
    """Positions of the ``k`` highest scores, best first (ties in position order).

    A partition of all scores takes about 5 ms at a million chunks. The k-th highest of
    every 64th score is a floor no higher than the true k-th highest (the full array holds
    those k scores too), so only the scores at or above it, a few thousand, are ranked.
    """
    k = min(k, len(scores))
    if k <= 0:
        return []
    sample = scores[::SAMPLE_STRIDE]
    if len(sample) > k:
        floor = np.partition(sample, len(sample) - k)[len(sample) - k]
        candidates = np.flatnonzero(scores >= floor)
    else:
        candidates = np.arange(len(scores))
    values = scores[candidates]
    kth = np.partition(values, len(values) - k)[len(values) - k]  # the k-th highest
    above = candidates[values > kth]
    tied = candidates[values == kth][: k - len(above)]  # the first ones, by position
    best = np.concatenate([above, tied])
    order = np.lexsort((best, -scores[best]))  # by score, then by position
    return [int(i) for i in best[order]]
