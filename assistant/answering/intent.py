"""What a question asks for, read once: an ``Intent`` every step of the answer reads.

The kind of answer (a fact, a list, a reason, a summary, a conclusion, the document
itself), the block role of a question about the document, the type of thing wanted (a
number, a date, a person, a place, a name, a reason), the figure it must hold, the thing
whose name is asked, the form of value it must hold (an email address, a time of day, a
length), how long a summary should be (in how many sentences, when the user
says), and whether it was a follow-up. The rule words are ``assistant.answering.rules``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from assistant.answering import rules
from assistant.conversation import own_part
from index.dates import TIME_MENTION
from index.text import WORD, content_words, meaningful, prefix, specific_terms


class Kind(StrEnum):
    """The kind of answer a question wants; each has its strategy."""

    FACT = "fact"
    LIST = "list"
    REASON = "reason"
    SUMMARY = "summary"
    CONCLUSION = "conclusion"
    DOCUMENT = "document"


class AnswerType(StrEnum):
    """The type of thing a question asks for."""

    NUMBER = "number"
    DATE = "date"
    PERSON = "person"
    PLACE = "place"
    NAME = "name"
    REASON = "reason"


class Figure(StrEnum):
    """The figure a quantity question needs: a sum of money, an exact number, any."""

    MONEY = "money"
    EXACT = "exact"
    ANY = "any"


class Form(StrEnum):
    """The form of value a question fixes its answer to hold: an address, a time of day,
    a measure in units of what it counts in ("how many millimetres")."""

    EMAIL = "email address"
    PHONE = "phone number"
    WEB_ADDRESS = "web address"
    CLOCK_TIME = "time of day"
    AREA = "area"
    VOLUME = "volume"
    LENGTH = "length"
    MASS = "mass"
    TEMPERATURE = "temperature"


# Each form: the rule that asks for it, the rule that finds one in a text.
_FORMS = {
    Form.EMAIL: (rules.ASKS_EMAIL, rules.STATES_EMAIL),
    Form.PHONE: (rules.ASKS_PHONE, rules.STATES_PHONE),
    Form.WEB_ADDRESS: (rules.ASKS_WEB_ADDRESS, rules.STATES_WEB_ADDRESS),
    Form.CLOCK_TIME: (rules.ASKS_CLOCK_TIME, rules.STATES_CLOCK_TIME),
    Form.AREA: (rules.ASKS_AREA, rules.STATES_AREA),
    Form.VOLUME: (rules.ASKS_VOLUME, rules.STATES_VOLUME),
    Form.LENGTH: (rules.ASKS_LENGTH, rules.STATES_LENGTH),
    Form.MASS: (rules.ASKS_MASS, rules.STATES_MASS),
    Form.TEMPERATURE: (rules.ASKS_TEMPERATURE, rules.STATES_TEMPERATURE),
}


class SummaryLength(StrEnum):
    BRIEF = "brief"
    SHORT = "short"
    DETAILED = "detailed"


def document_roles(question: str) -> tuple[str, ...]:
    """The roles of the blocks that answer a question about the document itself ("Who
    wrote it and when?" -> "byline", "date"), none for a question about its content."""
    return tuple(role for rule, role in rules.DOCUMENT_ROLES if rule.search(question))


def _kind(text: str) -> Kind:
    if rules.ASKS_CONCLUSION.search(text):
        return Kind.CONCLUSION
    if rules.ASKS_SUMMARY.search(text):
        return Kind.SUMMARY
    if document_roles(text):
        return Kind.DOCUMENT
    return Kind.LIST if rules.ASKS_LIST.search(text) else Kind.FACT


def _figure(text: str) -> Figure | None:
    if rules.ASKS_QUANTITY.search(text) is None:
        return None
    if rules.ASKS_MONEY.search(text):
        return Figure.MONEY
    return Figure.EXACT if rules.ASKS_EXACT.search(text) else Figure.ANY


def _form(text: str) -> Form | None:
    return next((form for form, (asks, _) in _FORMS.items() if asks.search(text)), None)


def _answer_type(text: str) -> AnswerType | None:
    if rules.ASKS_REASON.search(text):
        return AnswerType.REASON
    if _figure(text):
        return AnswerType.NUMBER
    for rule, wanted in (
        (rules.ASKS_DATE, AnswerType.DATE),
        (rules.ASKS_PERSON, AnswerType.PERSON),
        (rules.ASKS_PLACE, AnswerType.PLACE),
        (rules.ASKS_NAMED, AnswerType.NAME),
    ):
        if rule.search(text):
            return wanted
    return None


def _summary_length(text: str) -> SummaryLength:
    if rules.ASKS_DETAIL.search(text):
        return SummaryLength.DETAILED
    return SummaryLength.BRIEF if rules.ASKS_BRIEF.search(text) else SummaryLength.SHORT


_COUNTS = {"a": 1, "a single": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_COUNTS |= {"six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def _sentences_asked(text: str) -> int | None:
    found = rules.ASKS_SENTENCE_COUNT.search(text)
    if found is None:
        return None
    count = found.group(1).lower()
    return int(count) if count.isdigit() else _COUNTS[count]


def _own_words(searched: str) -> str:
    own = own_part(searched)[0]
    return own if content_words(own) else searched


@dataclass(frozen=True)
class Intent:
    """A question as the answer reads it. ``question`` is the user's words, ``standalone``
    the question searched (a follow-up rewritten); the kind, roles, figure and thing named
    are read from ``standalone``, the type of thing wanted from the user's own words."""

    question: str
    standalone: str
    kind: Kind
    # For a question about the document, the roles of the blocks asked for, in rule order.
    roles: tuple[str, ...]
    answer_type: AnswerType | None
    figure: Figure | None
    named_thing: str | None
    summary_length: SummaryLength
    # The form of value the answer must hold, if the question fixes one.
    form: Form | None = None
    # The number of sentences a summary was asked to have ("in one sentence"), if any.
    summary_sentences: int | None = None
    # For a follow-up, the answer the conversation last gave (its text, markers and all):
    # its answer is often beside the sentences that one quoted.
    previous_answer: str = ""

    @classmethod
    def read(cls, question: str, standalone: str | None = None) -> Intent:
        """The intent of ``question``, searched as ``standalone`` (default: as asked)."""
        searched = standalone if standalone is not None else question
        # What is asked and what the answer must hold come from the question's own words,
        # not from the earlier question a follow-up was searched with ("Who has offered to
        # help? (How much would it cost?)" asks for no figure; "What kit does she say you
        # need? (When did she publish it?)" is no question about the document).
        own = _own_words(searched)
        kind, wanted = _kind(own), _answer_type(question)
        if kind is Kind.FACT and wanted is AnswerType.REASON:
            kind = Kind.REASON
        named = rules.ASKS_NAME_OF.search(own)
        return cls(
            question=question,
            standalone=searched,
            kind=kind,
            roles=document_roles(own),
            answer_type=wanted,
            figure=_figure(own),
            named_thing=named.group(1).lower() if named else None,
            summary_length=_summary_length(searched),
            summary_sentences=_sentences_asked(searched),
            form=_form(own),
        )

    @property
    def role(self) -> str | None:
        """The first role asked for ("byline" of "Who wrote it and when?"), if any."""
        return self.roles[0] if self.roles else None

    @property
    def about_the_document(self) -> bool:
        """True for a summary, a conclusion or a question about the document itself,
        which are answered from the whole document and stand alone in a conversation."""
        return self.kind in (Kind.SUMMARY, Kind.CONCLUSION, Kind.DOCUMENT)

    @property
    def asked(self) -> str:
        """What the user asked, standing alone: the question searched without the earlier
        question a follow-up with nothing to stand for was searched with."""
        return own_part(self.standalone)[0]

    @property
    def without_item_count(self) -> str:
        """The question searched without the count of items it asks for ("Name two groups"
        → "Name groups"): a count is no figure the documents must hold."""
        return rules.ITEM_COUNT.pattern.sub(lambda m: m.group().rsplit(" ", 1)[0], self.standalone)

    @property
    def own_words(self) -> str:
        """The question in its own words where it has any: a follow-up searched with the
        earlier question in brackets without it (the reader was trained on questions
        standing alone), a bare "Why?" with it."""
        return _own_words(self.standalone)

    @property
    def follow_up(self) -> bool:
        """True when the question was rewritten to stand alone."""
        return self.standalone != self.question

    def holds_answer_type(self, text: str) -> bool:
        """True when ``text`` holds a thing of the type asked for that the question does
        not name already: a number, a date, a reason, or (for people, places and names)
        a proper name."""
        return holds(text, self.answer_type, self.asked)

    @property
    def fixes_answer(self) -> bool:
        """True when the question fixes what its answer must hold: a figure, the name of
        a thing, a form of value (``holds_what_is_fixed``)."""
        return self.figure is not None or self.named_thing is not None or self.form is not None

    def holds_what_is_fixed(self, text: str) -> bool:
        """True when ``text`` holds all the question fixes its answer to hold."""
        return self.states_figure(text) and self.names_thing(text) and self.gives_form(text)

    def gives_form(self, text: str) -> bool:
        """True when ``text`` holds a value of the form asked for (always, when none is)."""
        return self.form is None or _FORMS[self.form][1].search(text) is not None

    def states_figure(self, text: str) -> bool:
        """True when ``text`` gives the figure asked for (always, when none is)."""
        return self.figure is None or states_figure(text, self.figure)

    def names_thing(self, text: str) -> bool:
        """True when ``text`` names the thing whose name is asked (always, when none is)."""
        return self.named_thing is None or names(text, self.named_thing)


def states_figure(text: str, figure: Figure) -> bool:
    """True when ``text`` gives a figure of the kind ``figure``."""
    if figure is Figure.MONEY:
        return rules.STATES_MONEY.search(text) is not None
    if figure is Figure.EXACT:
        return any(ch.isdigit() for ch in text)
    return rules.STATES_QUANTITY.search(text) is not None


def names(text: str, thing: str) -> bool:
    """True when ``text`` mentions ``thing`` other than as an unnamed 'a thing'."""
    mentions = re.finditer(rf"(\w+)\s+{re.escape(thing)}\b", text, re.IGNORECASE)
    return any(m.group(1).lower() not in ("a", "an", "some", "one") for m in mentions)


def holds(text: str, wanted: AnswerType | None, question: str) -> bool:
    """True when ``text`` holds a thing of type ``wanted`` that ``question`` does not
    name already (see ``Intent.holds_answer_type``); False when nothing is wanted."""
    if wanted is None:
        return False
    if wanted is AnswerType.REASON:
        return rules.GIVES_REASON.search(text) is not None
    if wanted is AnswerType.DATE:
        asked_dates = {m.lower() for m in TIME_MENTION.findall(question)}
        return any(m.lower() not in asked_dates for m in TIME_MENTION.findall(text))
    if wanted is AnswerType.NUMBER:
        asked = specific_terms(question)
        return any(
            t not in asked
            and (any(ch.isdigit() for ch in t) or rules.STATES_QUANTITY.pattern.fullmatch(t))
            for t in specific_terms(text)
        )
    asked_prefixes = {prefix(w) for w in WORD.findall(question)}
    tokens = WORD.findall(text)
    return any(
        w[:1].isupper() and meaningful(tokens, i) and prefix(w) not in asked_prefixes
        for i, w in enumerate(tokens)
    )
