"""Word normalisation is safe in threads: every thread gets the stems one thread alone gets."""

from __future__ import annotations

import random
import string
from concurrent.futures import ThreadPoolExecutor

import snowballstemmer

from index.text import normalise


def _unusual_words(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    endings = ["ational", "ization", "fulness", "iveness", "ement", "ingly", "ies", "s", "ed"]
    return [
        "".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 9))) + rng.choice(endings)
        for _ in range(n)
    ]


def test_threads_stemming_at_once_get_the_stems_of_one_thread_alone() -> None:
    batches = [_unusual_words(seed, 10_000) for seed in range(4)]
    alone = snowballstemmer.stemmer("english")
    expected = [[alone.stemWord(w) for w in batch] for batch in batches]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda batch: [normalise(w) for w in batch], batches))
    assert got == expected
