"""Word-level text helpers shared by BM25, sentence scoring and follow-up condensing."""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

# A word: letters or digits, with decimal or thousands parts ("45,000", "1.5").
WORD = re.compile(r"[^\W_]+(?:[.,][0-9]+)*", re.UNICODE)
POSSESSIVE = re.compile(r"['’]s\b")
NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|hundreds?|thousands?|millions?|billions?|dozens?"
)
_NUMBER_WORD = re.compile(NUMBER_WORDS, re.IGNORECASE)
# Two words are one name's when they share their first PREFIX_LETTERS letters ('Nepalis'
# and 'Nepal', 'Syria' and 'Syrian').
PREFIX_LETTERS = 5
QUESTION_WORDS = frozenset(
    {
        "article",
        "say",
        "says",
        "said",
        "tell",
        "mention",
        "mentioned",
        "according",
        "do",
        "does",
        "did",
    }
)


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    lines = (Path(__file__).parent / "stopwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in lines if w and not w.startswith("#")) | QUESTION_WORDS


# A Snowball stemmer keeps the word being stemmed in its own fields, so one shared by
# threads returns another thread's stems: each thread has its own.
_local = threading.local()


def _stemmer() -> Any:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        import snowballstemmer

        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return stemmer


@lru_cache(maxsize=65536)
def normalise(word: str) -> str:
    """Lower-case and Snowball-stem a word, so 'lures' matches 'lured'; '45,000' -> '45000'."""
    word = word.lower().replace(",", "")
    return word if word[:1].isdigit() else str(_stemmer().stemWord(word))


def words(text: str) -> list[str]:
    """Every word of ``text``, normalised."""
    return [normalise(w) for w in WORD.findall(POSSESSIVE.sub("", text))]


def content_words(text: str) -> list[str]:
    """Words of ``text`` that carry meaning (no stop words), normalised."""
    stop = stop_words()
    raw_words = WORD.findall(POSSESSIVE.sub("", text))
    return [normalise(w) for w in raw_words if w.lower() not in stop]


def specific_terms(text: str) -> set[str]:
    """Names and numbers in ``text``.

    Names are capitalised words; a sentence's first word only when the next one is
    capitalised too ('North Korea'). Numbers are digits and number words.
    """
    terms: set[str] = set()
    for sentence in re.split(r"(?<=[.?!])\s+", POSSESSIVE.sub("", text.strip())):
        tokens = WORD.findall(sentence)
        for position, raw in enumerate(tokens):
            starts_name = position == 0 and len(tokens) > 1 and tokens[1][:1].isupper()
            is_name = raw[:1].isupper() and (position > 0 or starts_name)
            is_number = any(ch.isdigit() for ch in raw) or _NUMBER_WORD.fullmatch(raw)
            if is_number or (is_name and raw.lower() not in stop_words()):
                terms.add(normalise(raw))
    return terms


def prefix(word: str) -> str:
    """What a word is matched to another by (``PREFIX_LETTERS``), lower-cased."""
    return word.lower()[:PREFIX_LETTERS]
