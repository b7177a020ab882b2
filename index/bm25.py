"""The BM25 index of the chunks: built with each build, memory-mapped when opened.

Building it at open cost about 1 ms a chunk (every open re-tokenised the corpus); saved
beside the build by bm25s and loaded memory-mapped, it opens in milliseconds.
"""

from __future__ import annotations

import logging
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


def load_bm25(folder: Path) -> Any:
    """The saved index, memory-mapped."""
    return _bm25s().BM25.load(str(folder), mmap=True)
