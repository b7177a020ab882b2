"""What a question asks for: a figure, a named thing, a kind of thing, the document itself.

Pure functions of the question's text; the answerers use them to decide which sentences
can answer and when there is nothing to answer with.
"""

from __future__ import annotations

import re

from index.clean import DATE
from index.text import NUMBER_WORDS, WORD, prefix, specific_terms, stop_words

# Questions about the document itself, answered from its blocks of that role.
DOCUMENT_QUESTIONS = (
    (
        re.compile(
            r"\bwho (?:wrote|writes|authored)\b|\bwho(?:'s|’s| is| was) the (?:author|writer)\b"
            r"|\bwritten by\b"
            r"|\b(?:author|writer)(?:'s|’s)? (?:name|job|role|employer|affiliation)\b"
            r"|\b(?:author|writer) of\b|\bbyline\b",
            re.IGNORECASE,
        ),
        "byline",
    ),
    (
        re.compile(
            r"\b(?:title|headline) of\b|\bwhat(?:'s|’s| is| was) (?:the|its|this) "
            r"(?:title|headline)\b|\bwhat(?:'s|’s| is) (?:it|this|the (?:article|report|guide"
            r"|piece|story|document|post|paper|page|book|study)) called\b",
            re.IGNORECASE,
        ),
        "title",
    ),
    (re.compile(r"\b(?:photo|photograph|image|picture|caption)\b", re.IGNORECASE), "caption"),
    (
        re.compile(
            r"\bwhen was (?:this|it|the)(?: (?:article|piece|story|post|report|document|page"
            r"|guide|text))? (?:first )?(?:published|written|posted|released|issued|updated)\b"
            r"|\bpublication date\b|\bwhat date was\b.*\b(?:published|written|posted)\b"
            r"|\bdate of (?:publication|the article)\b"
            r"|\bwhen did [\w ]{1,30} (?:publish|post|write) (?:it|this|the (?:article|piece"
            r"|story|post|report|document|page|guide))\b",
            re.IGNORECASE,
        ),
        "date",
    ),
)


def document_role(question: str) -> str | None:
    """The role of the block that answers a question about the document itself ("Who
    wrote it?" -> "byline"), or None for a question about its content."""
    return next((role for pattern, role in DOCUMENT_QUESTIONS if pattern.search(question)), None)


_SUMMARY = re.compile(
    r"\bsumm(?:ary|arise|arize|ing up)\b|\btl;?dr\b|\bgist\b|\boverview\b"
    r"|\bwhat(?:'s| is) (?:this|the|it)(?: \w+)? about\b|\bmain (?:point|argument|idea|message)s?\b"
    r"|\bkey (?:points?|takeaways?|messages?)\b|\bin a nutshell\b",
    re.IGNORECASE,
)
_CONCLUSION = re.compile(
    r"\bconclu(?:de|des|sion)\b|\b(?:final|closing) (?:takeaway|point|thought|argument)s?\b"
    r"|\bsum(?:s)? up\b|\bend (?:its|the|his|her) argument\b",
    re.IGNORECASE,
)
# "List the ...", "Name two ...", "Which countries ...", "What are the reasons ...":
# a plural thing asked for, whose answer may be spread over the document.
_LIST = re.compile(
    r"^\s*(?:list|enumerate)\b|\b(?:name|give|list) (?:two|three|four|five|several|some|all)\b"
    r"|\bwhich (?:\w+ )?(?!(?:was|has|does|is)\b)\w{2,}(?<!s)s\b"
    r"|\bwhat (?:\w+ )?\w+(?<!s)s (?:has|have|had|did|do|does|are|were)\b"
    r"|\bwhat (?:are|were) (?:the|some) (?:\w+ )?\w+(?<!s)s\b",
    re.IGNORECASE,
)


def question_type(question: str) -> str:
    """What kind of answer a question wants: "summary", "conclusion", "document" (about
    the document itself), "list", or "fact" (one fact, a reason, a yes or no)."""
    if _CONCLUSION.search(question):
        return "conclusion"
    if _SUMMARY.search(question):
        return "summary"
    if document_role(question):
        return "document"
    if _LIST.search(question):
        return "list"
    return "fact"


# How long a summary is wanted: "What is this about?" in a sentence or two, "in detail"
# at length, anything else ("Summarize") short.
_BRIEF = re.compile(
    r"\bwhat(?:'s| is) (?:this|the|it)(?: \w+)? about\b|\bgist\b|\btl;?dr\b"
    r"|\bin a nutshell\b|\bmain (?:point|idea|message)\b|\bin (?:a|one) (?:sentence|line)\b",
    re.IGNORECASE,
)
_DETAILED = re.compile(
    r"\bin (?:more |full |great )?detail\b|\bdetailed\b|\blonger\b|\bthorough\w*\b"
    r"|\bfull (?:summary|overview)\b|\bexpand\b|\bmore about\b",
    re.IGNORECASE,
)


def summary_length(question: str) -> str:
    """How long a summary ``question`` wants: "brief", "short" or "detailed"."""
    if _DETAILED.search(question):
        return "detailed"
    return "brief" if _BRIEF.search(question) else "short"


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


def names(text: str, thing: str) -> bool:
    """True when ``text`` mentions ``thing`` other than as an unnamed 'a thing'."""
    mentions = re.finditer(rf"(\w+)\s+{re.escape(thing)}\b", text, re.IGNORECASE)
    return any(m.group(1).lower() not in ("a", "an", "some", "one") for m in mentions)


_ASKS_DATE = re.compile(
    r"^\s*when\b|\bwhat (?:year|month|day|date|time|century|decade|period)\b"
    r"|\bin (?:which|what) (?:year|month|century|decade)\b",
    re.IGNORECASE,
)
_ASKS_PERSON = re.compile(r"^\s*(?:who|whom|whose)\b|\bwho (?:was|is|were|did)\b", re.IGNORECASE)
_ASKS_PLACE = re.compile(
    r"^\s*where\b|\b(?:which|what) (?:country|city|region|place|town|river|island|area)\b",
    re.IGNORECASE,
)
_ASKS_NAMED = re.compile(r"^\s*which\b|\bwhat (?:is|was) the name\b", re.IGNORECASE)
_DATE = re.compile(
    r"\b[1-9]\d{2,3}s?\b|\b\d{1,2}(?:st|nd|rd|th) century\b|\b(?:january|february|march"
    r"|april|may|june|july|august|september|october|november|december)\b",
    re.IGNORECASE,
)


def dates_in(text: str) -> list[str]:
    """The years and dates ``text`` mentions ("2024", "March 4, 2026"), each once, in
    order."""
    return list(dict.fromkeys(m.group() for m in _DATE_OR_YEAR.finditer(text)))


# A full date as a dateline gives it ("March 4, 2026", "4 March 2026"), or a year.
_DATE_OR_YEAR = re.compile(rf"{DATE.pattern}|\b(?:1[6-9]|20)\d{{2}}\b", re.IGNORECASE)


# "Why ...?" asks for a cause, reason or purpose; a sentence that gives one says so.
_ASKS_REASON = re.compile(
    r"^\s*(?:why|how come)\b|\bwhat (?:was|is|were|are) the (?:reasons?|causes?|purpose)\b"
    r"|\bwhat (?:caused|prompted|led to|drove)\b|\bfor what (?:reason|purpose)\b",
    re.IGNORECASE,
)
_REASON = re.compile(
    r"\b(?:because|since|due to|owing to|thanks to|as a result|in order to|so that|so as to"
    r"|to (?:avoid|prevent|reduce|keep|stop|protect|allow|help|make sure|ensure)"
    r"|caused by|led to|leads to|result(?:ed|s)? (?:in|from)|the reason|reasons?"
    r"|that is why|which is why|blam(?:e|ed|ing)|prompted|driven by|otherwise)\b"
    r"|, so (?!far\b|much\b|many\b)",
    re.IGNORECASE,
)


def answer_type(question: str) -> str | None:
    """The type of thing a question asks for: "number", "date", "person", "place",
    "name" (a "which" question), "reason" (a "why" question), or None."""
    if _ASKS_REASON.search(question):
        return "reason"
    if required_figure(question):
        return "number"
    if _ASKS_DATE.search(question):
        return "date"
    if _ASKS_PERSON.search(question):
        return "person"
    if _ASKS_PLACE.search(question):
        return "place"
    if _ASKS_NAMED.search(question):
        return "name"
    return None


def holds_answer_type(text: str, kind: str, question: str) -> bool:
    """True when ``text`` holds a thing of type ``kind`` that ``question`` does not name
    already: a number, a date, a cause or purpose (a reason), or (for people, places and
    names) a proper name."""
    if kind == "reason":
        return _REASON.search(text) is not None
    if kind == "date":
        asked_dates = {m.lower() for m in _DATE.findall(question)}
        return any(m.lower() not in asked_dates for m in _DATE.findall(text))
    if kind == "number":
        asked = specific_terms(question)
        return any(
            t not in asked and (any(ch.isdigit() for ch in t) or _QUANTITY.fullmatch(t))
            for t in specific_terms(text)
        )
    asked_prefixes = {prefix(w) for w in WORD.findall(question)}
    return any(
        w[:1].isupper() and w.lower() not in stop_words() and prefix(w) not in asked_prefixes
        for w in WORD.findall(text)
    )
