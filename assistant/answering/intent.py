"""What a question asks for: a figure, a named thing, a kind of thing, the document itself.

Pure functions of the question's text; the answerers use them to decide which sentences
can answer and when there is nothing to answer with.
"""

from __future__ import annotations

import re

from assistant.text import NUMBER_WORDS, normalise, stop_words

# Questions about the document itself, answered from the block of that role.
DOCUMENT_QUESTIONS = (
    (
        re.compile(
            r"\bwho (?:wrote|writes|authored|is the author of)\b|\bauthor\b|\bwritten by\b",
            re.IGNORECASE,
        ),
        "byline",
    ),
    (re.compile(r"\b(?:title|headline) of\b|\bwhat is (?:it|the article) called\b", re.I), "title"),
    (re.compile(r"\b(?:photo|photograph|image|picture|caption)\b", re.IGNORECASE), "caption"),
)


def document_role(question: str) -> str | None:
    """The role of the block that answers a question about the document itself ("Who
    wrote it?" -> "byline"), or None for a question about its content."""
    return next((role for pattern, role in DOCUMENT_QUESTIONS if pattern.search(question)), None)


_ASKS_QUANTITY = re.compile(
    r"\bhow (?:many|much)\b|\bwhat (?:number|percentage|share|proportion|amount)\b"
    r"|\b(?:exact|precise) (?:number|figure|count|amount)\b",
    re.IGNORECASE,
)
_ASKS_EXACT = re.compile(r"\b(?:exact|precise|exactly|precisely)\b", re.IGNORECASE)
_QUANTITY = re.compile(rf"\d|\b(?:{NUMBER_WORDS})\b", re.IGNORECASE)


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
