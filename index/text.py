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
DECIMAL = re.compile(r"([0-9]+)\.[0-9]+")
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
        # What a chat message says around its question ("OK, and why?", "Thanks! Who...").
        "ok",
        "okay",
        "thanks",
        "thank",
        "hi",
        "hello",
        "hey",
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


def _normalised(tokens: list[str], kept: list[bool]) -> list[str]:
    """The kept tokens normalised; a decimal also as its whole part ("21.1" is also
    "21"), as a question rounds it ("Do I have to run 21 km?")."""
    found = []
    for token, keep in zip(tokens, kept):
        if keep:
            word = normalise(token)
            found.append(word)
            whole = DECIMAL.fullmatch(word)
            if whole:
                found.append(whole.group(1))
    return found


def words(text: str) -> list[str]:
    """Every word of ``text``, normalised (``_normalised``)."""
    tokens = WORD.findall(POSSESSIVE.sub("", text))
    return _normalised(tokens, [True] * len(tokens))


def _acronym(tokens: list[str], position: int) -> bool:
    """The token is an acronym: two or more capitals among words that are not all in
    capitals (a headline's "THE" is not one)."""

    def capitals(token: str) -> bool:
        return len(token) > 1 and token.isupper()

    neighbours = tokens[max(position - 1, 0) : position] + tokens[position + 1 : position + 2]
    return capitals(tokens[position]) and not any(capitals(t) for t in neighbours)


def meaningful(tokens: list[str], position: int) -> bool:
    """The token (of ``WORD``) carries meaning: not a stop word, unless an acronym that
    spells one ("US", "UN", "WHO", "IT")."""
    word = tokens[position].lower()
    return word not in stop_words() or (word not in QUESTION_WORDS and _acronym(tokens, position))


def content_words(text: str) -> list[str]:
    """Words of ``text`` that carry meaning (``meaningful``), normalised (``_normalised``)."""
    tokens = WORD.findall(POSSESSIVE.sub("", text))
    return _normalised(tokens, [meaningful(tokens, i) for i in range(len(tokens))])


def specific_terms(text: str) -> set[str]:
    """Names and numbers in ``text``.

    Names are capitalised words; a sentence's first word only when the next one is
    capitalised too ('North Korea') or it is an acronym ('WHO warned'). Numbers are digits
    and number words.
    """
    terms: set[str] = set()
    for sentence in re.split(r"(?<=[.?!])\s+", POSSESSIVE.sub("", text.strip())):
        tokens = WORD.findall(sentence)
        for position, raw in enumerate(tokens):
            starts_name = position == 0 and len(tokens) > 1 and tokens[1][:1].isupper()
            is_name = raw[:1].isupper() and (
                position > 0 or starts_name or _acronym(tokens, position)
            )
            is_number = any(ch.isdigit() for ch in raw) or _NUMBER_WORD.fullmatch(raw)
            if is_number or (is_name and meaningful(tokens, position)):
                terms.add(normalise(raw))
    return terms


# A Markdown table's separator row: "|------|:---:|".
_TABLE_SEPARATOR = re.compile(r"\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?(?:-{3,}:?)?\s*")


def table_separator(text: str) -> bool:
    """True for a Markdown table's separator row ("|------|:---:|")."""
    return bool(_TABLE_SEPARATOR.fullmatch(text))


def table_furniture(text: str, following: str | None) -> bool:
    """True for a Markdown table's separator row, or its header row (the row a separator
    follows): neither states a fact of its own."""
    return table_separator(text) or (
        text.startswith("|") and following is not None and table_separator(following)
    )


# A decade ("the 1970s", "the late 70s"): the century, if given, and the decade's digit.
_DECADE = re.compile(r"(\d{2})?(\d)0s")


def within_decade(year: str, term: str) -> bool:
    """True when ``term`` is a decade ("1970s", "70s") and ``year`` ("1974") is in it."""
    decade = _DECADE.fullmatch(term)
    if decade is None or len(year) != 4 or not year.isdigit():
        return False
    century, digit = decade.groups()
    return year[2] == digit and (century is None or year[:2] == century)


def prefix(word: str) -> str:
    """What a word is matched to another by (``PREFIX_LETTERS``), lower-cased."""
    return word.lower()[:PREFIX_LETTERS]
