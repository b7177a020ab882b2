"""Word-level text helpers shared by BM25, sentence scoring and follow-up condensing."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_WORD = re.compile(r"[^\W_]+(?:[.,][0-9]+)*", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s\b")
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


def normalise(word: str) -> str:
    """Lower-case a word and fold simple plurals, so 'troops' matches 'troop'."""
    word = word.lower().replace(",", "")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Every word of ``text``, normalised."""
    return [normalise(w) for w in _WORD.findall(_POSSESSIVE.sub("", text))]


def content_words(text: str) -> list[str]:
    """Words of ``text`` that carry meaning (no stop words), normalised."""
    stop = stop_words()
    return [w for w in words(text) if w not in stop]


def specific_terms(text: str) -> set[str]:
    """Names and numbers in ``text``: capitalised words (not sentence-initial) and digits."""
    terms: set[str] = set()
    for sentence in re.split(r"(?<=[.?!])\s+", _POSSESSIVE.sub("", text.strip())):
        for position, raw in enumerate(_WORD.findall(sentence)):
            if any(ch.isdigit() for ch in raw) or (position > 0 and raw[:1].isupper()):
                word = normalise(raw)
                if word not in stop_words():
                    terms.add(word)
    return terms


_ASKS_QUANTITY = re.compile(
    r"\bhow (?:many|much)\b|\bwhat (?:number|percentage|share|proportion|amount)\b"
    r"|\b(?:exact|precise) (?:number|figure|count|amount)\b",
    re.IGNORECASE,
)
_ASKS_EXACT = re.compile(r"\b(?:exact|precise|exactly|precisely)\b", re.IGNORECASE)
_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|hundreds?|thousands?|millions?|billions?|dozens?"
)
_QUANTITY = re.compile(rf"\d|\b(?:{_NUMBER_WORDS})\b", re.IGNORECASE)


def asks_for_quantity(question: str) -> bool:
    """True for 'how many', 'how much', 'what number' and the like."""
    return _ASKS_QUANTITY.search(question) is not None


def asks_for_exact_figure(question: str) -> bool:
    """True when a quantity question insists on an exact figure."""
    return asks_for_quantity(question) and _ASKS_EXACT.search(question) is not None


def states_quantity(text: str, exact: bool = False) -> bool:
    """True when ``text`` gives a number (digits only when ``exact``)."""
    if exact:
        return any(ch.isdigit() for ch in text)
    return _QUANTITY.search(text) is not None
