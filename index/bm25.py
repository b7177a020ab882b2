"""The BM25 index of the chunks: built with each build, memory-mapped when opened.

Building it at open cost about 1 ms a chunk (every open re-tokenised the corpus); saved
beside the build by bm25s and loaded memory-mapped, it opens in milliseconds.
"""

from __future__ import annotations

import logging
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


def build_bm25(tokens: list[list[str]], folder: Path) -> None:
    """Index the chunks' tokens (in chunk order) and save the index in ``folder``."""
    bm25 = _bm25s().BM25(method="lucene")  # Lucene's variant; sparse, fast to query
    bm25.index([t or [EMPTY] for t in tokens] or [[EMPTY]], show_progress=False)
    bm25.save(str(folder))


def load_bm25(folder: Path) -> Any:
    """The saved index, memory-mapped."""
    return _bm25s().BM25.load(str(folder), mmap=True)
