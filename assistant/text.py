"""Word-level text helpers shared by BM25, sentence scoring and follow-up condensing."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

_WORD = re.compile(r"[^\W_]+(?:[.,][0-9]+)*", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s\b")
_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|hundreds?|thousands?|millions?|billions?|dozens?"
)
_NUMBER_WORD = re.compile(_NUMBER_WORDS, re.IGNORECASE)
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


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def normalise(word: str) -> str:
    """Lower-case and Snowball-stem a word, so 'lures' matches 'lured'; '45,000' -> '45000'."""
    word = word.lower().replace(",", "")
    return word if word[:1].isdigit() else str(_stemmer().stemWord(word))


def words(text: str) -> list[str]:
    """Every word of ``text``, normalised."""
    return [normalise(w) for w in _WORD.findall(_POSSESSIVE.sub("", text))]


def content_words(text: str) -> list[str]:
    """Words of ``text`` that carry meaning (no stop words), normalised."""
    stop = stop_words()
    raw_words = _WORD.findall(_POSSESSIVE.sub("", text))
    return [normalise(w) for w in raw_words if w.lower() not in stop]


def specific_terms(text: str) -> set[str]:
    """Names and numbers in ``text``.

    Names are capitalised words; a sentence's first word only when the next one is
    capitalised too ('North Korea'). Numbers are digits and number words.
    """
    terms: set[str] = set()
    for sentence in re.split(r"(?<=[.?!])\s+", _POSSESSIVE.sub("", text.strip())):
        tokens = _WORD.findall(sentence)
        for position, raw in enumerate(tokens):
            starts_name = position == 0 and len(tokens) > 1 and tokens[1][:1].isupper()
            is_name = raw[:1].isupper() and (position > 0 or starts_name)
            is_number = any(ch.isdigit() for ch in raw) or _NUMBER_WORD.fullmatch(raw)
            if is_number or (is_name and raw.lower() not in stop_words()):
                terms.add(normalise(raw))
    return terms


_ASKS_QUANTITY = re.compile(
    r"\bhow (?:many|much)\b|\bwhat (?:number|percentage|share|proportion|amount)\b"
    r"|\b(?:exact|precise) (?:number|figure|count|amount)\b",
    re.IGNORECASE,
)
_ASKS_EXACT = re.compile(r"\b(?:exact|precise|exactly|precisely)\b", re.IGNORECASE)
_QUANTITY = re.compile(rf"\d|\b(?:{_NUMBER_WORDS})\b", re.IGNORECASE)


_ASKS_MONEY = re.compile(
    r"\b(?:pay|pays|paid|cost|costs|salar(?:y|ies)|wages?|price|spend|spent|earn\w*|budget|money)\b",
    re.IGNORECASE,
)
_MONEY = re.compile(
    r"[$€£₽]|\b(?:dollars?|rubles?|roubles?|euros?|pounds?|USD|RUB|EUR)\b", re.IGNORECASE
)
_ASKS_KIND = re.compile(r"\b[Ww]hich\s+((?:[A-Z][\w-]*\s+)*)([a-z][\w-]*)")
# "According to Financial Times, ..." names the source of a report, not what it is about.
_ATTRIBUTION = re.compile(r"\b[Aa]ccording to\s+(?:[A-Z][\w'’.-]*\s*)+")
_ASKS_NAME = re.compile(r"\bnames? of (?:the |a |an |this |that )?([^\W\d_]+)", re.IGNORECASE)


def required_figure(question: str) -> str | None:
    """What figure a question asks for: "money", "exact", "any", or None for none."""
    if _ASKS_QUANTITY.search(question) is None:
        return None
    if _ASKS_MONEY.search(question):
        return "money"
    return "exact" if _ASKS_EXACT.search(question) else "any"


def states_figure(text: str, kind: str) -> bool:
    """True when ``text`` gives the kind of figure ``required_figure`` named."""
    if kind == "money":
        return _MONEY.search(text) is not None
    if kind == "exact":
        return any(ch.isdigit() for ch in text)
    return _QUANTITY.search(text) is not None


def asked_name_of(question: str) -> str | None:
    """The thing whose name is asked for ("the name of the company" -> "company")."""
    match = _ASKS_NAME.search(question)
    return match.group(1).lower() if match else None


def asked_kind(question: str) -> str | None:
    """The kind of thing a "which" question asks to identify ("Which Ukrainian general" ->
    "general"), normalised; None when the question is not of that form."""
    match = _ASKS_KIND.search(question)
    if match is None or match.group(2).lower() in stop_words():
        return None
    return normalise(match.group(2))


def names(text: str, thing: str) -> bool:
    """True when ``text`` mentions ``thing`` other than as an unnamed 'a thing'."""
    text = _ATTRIBUTION.sub("", text)
    mentions = re.finditer(rf"(\w+)\s+{re.escape(thing)}\b", text, re.IGNORECASE)
    return any(m.group(1).lower() not in ("a", "an", "some", "one") for m in mentions)
