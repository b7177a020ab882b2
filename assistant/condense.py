"""Telling a follow-up from a new question, and rewriting a follow-up to stand alone.

A question is searched exactly as asked unless it cannot stand alone (``is_follow_up``):
it opens with "what about" or "what if", or with "and", "but"... and would not stand alone
without it ("And how much will the new depot cost?" does); it points back with a pronoun ("it",
"they", "that", "there") that nothing earlier in the question can be; or it names no
thing at all ("Why?", "How many have died?"). A question about the document itself
("Who wrote this?", "What is this about?") stands alone.

Offline (``condense``), the first pointing pronoun is replaced by the topic of the
previous question (its first noun phrase): "Who paid for it?" after "How much did the
library renovation cost?" is searched as "Who paid for the library renovation?"; after a
question asking who or which, "he" or "she" is the name its answer gives first ("What did
he say?" after "Who runs the plant?", answered "... chief executive Martin Hale ..."),
and so is "they" as a subject when that question asked for its own subject ("How many did
they send?" after "Which country sent troops?"), unless that question asked about a
person by name ("she" after "Who is Rosa Delgado?" is Rosa Delgado). The same pronoun in
the next follow-up goes on meaning the same thing ("When is it?", "Can I leave before
it?", "And after it?" all mean draft night), and a name keeps its number ("Route 14"). A
pronoun never stands for another part of its own clause: "Which brand does she
recommend?" points back; "he" or "she" never stands for a name the tagger reads as a firm
or a place nor for a plural phrase ("people"), "it" never for a person's name nor for
whom a "who is" question asked about ("Who paid for it?" after "Who is the manager?"),
and "their" after "anyone" points nowhere else. No pronoun stands for a time or an amount
("winter", "40%"), and one stands for a definite thing ("it" after "Is there a hosepipe
ban?" is the ban). "It" is never a plural phrase: when the previous question holds no
singular one ("Who paid for the repairs?"), it is the topic of the latest question before
that holds one ("When does the library reopen?"). A follow-up with nothing to replace
("And in 2024?", "What about the second one?") is searched with the previous question
after it, in words: "And in 2024? (How many visitors came in 2023?)"; so are "that one",
"those two", "How do I get one?" and "Why's that?", which name their own thing or what
was said, "How many plots are there?", which asks what there is where the conversation
was, and one that names its topic once resolved but has no verb ("And during the long
run? (What should I eat before the long run?)"). Earlier follow-ups are resolved the same
way first, so a chain of them keeps its topic; the topic comes from a previous question's
own words before the question it was searched with.

With an LLM (``LLMCondenser``, used by the generative answerers): the same decision comes
first; the model then rewrites the follow-up from the conversation
(``prompts/condense_follow_up.txt``). Its rewrite is checked like any model output: one
line, of sensible length, keeping the question's names and numbers, bringing in at least
one word of the conversation, and no name or number that neither the question nor the
conversation holds; otherwise, or when the call fails, the offline rewrite is used.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.answering.intent import Intent
from assistant.answering.rules import ASKS_WHO_OR_WHICH
from assistant.answers import CITATION_MARKER
from assistant.conversation import (
    Turn,
    conversation_text,
    own_part,
    previous_user_question,
    searched_with,
)
from assistant.language import parse
from index.text import content_words, specific_terms
from prompts import load_prompt

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from spacy.tokens import Doc, Span, Token

log = logging.getLogger(__name__)

_CONNECTIVE = re.compile(
    r"^\s*(?:(?:and|but|also|so|then|plus)\b|(?:what|how) about\b|what (?:of|if)\b)[\s,]*",
    re.IGNORECASE,
)
# Connectives that join a question to the conversation without asking about it: "and
# how much will the new depot cost?" stands alone once they are gone ("what about" and
# "what if" never do).
_JOINING = re.compile(r"\s*(?:and|but|also|so|then|plus)\b", re.IGNORECASE)
# "..., then?" at the end leans on what was said before as much as "and" at the start.
_TRAILING_THEN = re.compile(r"\bthen\W*$", re.IGNORECASE)
_PERSONAL = {"it", "its", "they", "them", "their", "he", "him", "his", "she", "her", "itself"}
_POSSESSIVE = {"its", "their", "his", "her"}
_PLURAL = {"they", "them", "their"}
_PERSON = {"he", "him", "his", "she", "her", "hers"}
_IMPERSONAL = {"it", "its", "itself"}
_DEMONSTRATIVE = {"this", "that", "these", "those"}
# "Did anyone lose their job?": a pronoun bound by one of these points nowhere else.
_INDEFINITE = {"anyone", "anybody", "someone", "somebody", "everyone", "everybody", "nobody"}
# Named entities that are not people: "she" is never "the Westcountry Larder Awards".
_NOT_PEOPLE = {"ORG", "GPE", "LOC", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW", "NORP"}
_THING = {"NOUN", "PROPN", "NUM"}
_WHEN = {"DATE", "TIME"}
# A time or an amount is no topic a pronoun can mean: "it" after "What happens if the
# reservoirs fall below 40%?" is not 40%, after "Why not in winter?" not winter.
_AMOUNTS_AND_TIMES = _WHEN | {"PERCENT", "QUANTITY", "MONEY", "CARDINAL", "ORDINAL"}
# Part-of-speech tags a noun phrase is made of (read back from its end).
_PHRASE = {"DET", "ADJ", "NOUN", "PROPN", "NUM", "PART", "ADV"}
_INDEFINITE_OPENING = re.compile(r"^(?:any|some|all|no|every|each|an?)\s+(?=\w)", re.IGNORECASE)
_QUESTION_WORDS = {"what", "which", "who", "whom", "whose", "how", "when", "where", "why"}


def _pointing_back(doc: Doc) -> list[Token]:
    """The words of ``doc`` that refer to something outside it: a personal pronoun that
    no earlier noun of the question can stand for, a demonstrative pronoun ("fix that"),
    "that" or "those" before a noun ("that building"), or "there" as a place."""
    found = []
    for token in doc:
        word = token.lower_
        if word == "there" and token.dep_ != "expl":
            found.append(token)
        elif word in ("that", "those", "these") and token.dep_ == "det":
            if (word, token.head.lower_) != ("these", "days"):  # "these days" is now
                found.append(token)
        elif word in _DEMONSTRATIVE and token.pos_ == "PRON":
            # "fix that", "Why is that?": a demonstrative points at what was said; the
            # relative "that" of "the company that built it" is tagged WDT, not DT.
            if token.tag_ == "DT":
                found.append(token)
        elif word == "one" and _stands_alone(token):
            # "How do I get one?", "Which one saves the most?": one of what was said
            found.append(token)
        elif word in _PERSONAL and token.pos_ in ("PRON", "DET"):
            if not any(_can_stand_for(noun, token) for noun in doc[: token.i]):
                found.append(token)
    return found


def _stands_alone(one: Token) -> bool:
    """True when "one" is a phrase of its own (a subject, an object), not a count ("one
    household") nor one of a group the question names ("one of the bins")."""
    return one.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "attr") and not any(
        child.lower_ == "of" for child in one.children
    )


def _clause(token: Token) -> Token:
    """The verb of the clause ``token`` is in."""
    while token.pos_ not in ("VERB", "AUX") and token.head is not token:
        token = token.head
    return token


def _can_stand_for(noun: Token, pronoun: Token) -> bool:
    """Whether ``noun`` (earlier in the question) can be what ``pronoun`` refers to: a
    noun of matching number that, unless the pronoun is a possessive or reflexive, is not
    another part of the pronoun's own clause ("what could Pyongyang get out of it",
    "Which brand does she recommend?" point elsewhere) nor the noun that clause describes
    ("the meeting he mentioned": he mentioned it). "Which company said it would close?"
    may mean the company: the pronoun is in a clause of its own."""
    if noun.lower_ in _INDEFINITE:
        return True
    if noun.pos_ not in ("NOUN", "PROPN"):
        return False
    if pronoun.lower_ in _PERSON and not _may_be_a_person(noun):
        return False
    if pronoun.lower_ in _IMPERSONAL and noun.ent_type_ == "PERSON":
        return False
    plural = pronoun.lower_ in _PLURAL | {"these", "those"}
    if noun.pos_ == "NOUN" and plural != (noun.tag_ == "NNS"):
        return False
    if pronoun.lower_ in _POSSESSIVE or pronoun.lower_.endswith("self"):
        return True  # "the board ... its target": a possessive may mean its own subject
    verb = _clause(pronoun)
    if verb.dep_ == "relcl" and verb.head.i == noun.i:
        return False
    return _clause(noun).i != verb.i


def _may_be_a_person(noun: Token) -> bool:
    """False for a name the tagger reads as something other than a person (a firm, a
    place, an event); a common noun ("the minister") may be one."""
    return noun.ent_type_ not in _NOT_PEOPLE


def is_follow_up(question: str) -> bool:
    """True when ``question`` cannot stand alone: see the module docstring."""
    connective = _CONNECTIVE.match(question)
    if connective and _JOINING.match(connective.group()):
        # "And how much will the new depot cost?" names its own topic: only the "and"
        # leans on what was said, and the question searched with the previous one would
        # be held to that one's words too.
        rest = question[connective.end() :]
        return not rest.strip() or is_follow_up(rest)
    if connective or _TRAILING_THEN.search(question):
        return True
    if Intent.read(question).about_the_document:
        return False
    doc = parse(question)
    names_a_thing = any(t.pos_ in _THING for t in doc)
    has_verb = any(t.pos_ in ("VERB", "AUX") for t in doc)
    return bool(_pointing_back(doc)) or not names_a_thing or not has_verb


def topic(
    question: str,
    plural: bool | None = None,
    person: bool | None = None,
    agreeing_only: bool = False,
) -> str | None:
    """The noun phrase ``question`` is about: its subject when that names a thing ("North
    Korea" of "How many troops did North Korea send?"), else its first noun phrase that
    does ("the library renovation" of "How much did the library renovation cost?"),
    a phrase holding the question word ("How many troops") last; None without one. For a
    pronoun of known number (``plural``), phrases of that number come first: "they" after
    "Why is Russia using foreign soldiers?" are the foreign soldiers, "it" Russia. For
    ``person`` ("he", "she"), a name of something else (a firm, a place) is no topic; for
    ``person=False`` ("it"), a person's name is none, nor whom "Who is ...?" asks about;
    with ``agreeing_only``, neither is a phrase of the other number ("it" is never "the
    repairs")."""
    # the phrases the parser left unchunked only where the number must agree: "they" may
    # be one body ("What is the union doing?"), but not any word the parser could not place
    doc = parse(question)
    phrases = _noun_phrases(doc) if agreeing_only else list(doc.noun_chunks)
    asked_who = _asked_who(doc) if person is False else None  # only "it" skips it
    chunks = [
        c
        for c in phrases
        if c.root.ent_type_ not in _AMOUNTS_AND_TIMES
        and (
            person is None
            or (
                _may_be_a_person(c.root)
                if person
                else c.root.ent_type_ != "PERSON" and c.root != asked_who
            )
        )
    ]
    # "How many troops", "Which countries": the thing asked for, not the topic.
    given = [c for c in chunks if not any(t.lower_ in _QUESTION_WORDS for t in c)]
    subjects = [c for c in given if c.root.dep_ in ("nsubj", "nsubjpass")]
    ordered = [*subjects, *given, *chunks]
    if plural is not None:
        agreeing = [c for c in ordered if (c.root.tag_ in ("NNS", "NNPS")) == plural]
        ordered = agreeing if agreeing_only else [*agreeing, *ordered]
    for chunk in ordered:
        phrase = _phrase_end(chunk)
        if phrase is not None:
            return phrase
    return None


def _asked_who(doc: Doc) -> Token | None:
    """The head of the phrase a "who is ...?" question asks about ("manager" of "Who is
    the manager?"): a person, whatever the tagger reads it as; None for other questions."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ != "AUX" or not any(t.lower_ == "who" for t in root.children):
        return None
    return next(
        (
            t
            for t in root.children
            if t.dep_ in ("nsubj", "attr") and t.pos_ in ("NOUN", "PROPN") and t.lower_ != "who"
        ),
        None,
    )


def _noun_phrases(doc: Doc) -> list[Span]:
    """The noun chunks of ``doc``, and the phrases the parser left out of them: in "When
    does the library reopen?" it reads "library" as part of the verb and finds no chunk."""
    chunks = list(doc.noun_chunks)
    covered = {t.i for c in chunks for t in c}
    for token in doc:
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if (
            token.i in covered
            or token.pos_ not in ("NOUN", "PROPN")
            or token.ent_type_ in _WHEN
            or token.dep_ == "npadvmod"  # "these days" says when, not what
            or following is not None
            and following.pos_ in ("NOUN", "PROPN")
        ):
            continue
        start = token.i
        while start > 0 and doc[start - 1].pos_ in _PHRASE and doc[start - 1].i not in covered:
            start -= 1
        chunks.append(doc[start : token.i + 1])
    return sorted(chunks, key=lambda c: c.start)


def _phrase_end(chunk: Span) -> str | None:
    """The noun phrase at the end of ``chunk``, without question words or verbs that
    the tagger swept into it."""
    tokens: list[Token] = []
    for token in reversed(chunk):
        if token.pos_ not in _PHRASE or token.lower_ in _QUESTION_WORDS | {"much", "many"}:
            break
        tokens.insert(0, token)
    if not tokens:
        return None
    doc = chunk.doc
    # "When did the harbour wall collapse?", "How much will the scheme cost to set up?":
    # after an auxiliary the tagger often takes the main verb for the phrase's last noun;
    # a noun heading the question with an auxiliary of its own is that verb.
    last = tokens[-1]
    if len(tokens) > 1 and last.dep_ == "ROOT" and any(c.dep_ == "aux" for c in last.children):
        tokens = tokens[:-1]
    if not any(t.pos_ in ("NOUN", "PROPN") for t in tokens):
        return None
    # a name runs to its end: the parser leaves the number of "Route 14" out of the chunk
    end = tokens[-1].i + 1
    if tokens[-1].ent_type_:
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
    last = doc[end - 1]
    return doc.text[tokens[0].idx : last.idx + len(last.text)]


def _answered_name(previous: str, answer: str | None, person: bool | None = None) -> str | None:
    """The name ``answer`` gives first when ``previous`` asked who or which, a name the
    question did not hold (for a ``person``, a name the tagger does not read as a firm, a
    place...; for ``person=False``, not a person's name); None for another question or an
    answer without citations (an abstention)."""
    if not answer or not ASKS_WHO_OR_WHICH.search(previous) or not CITATION_MARKER.search(answer):
        return None
    asked = set(content_words(previous))
    for chunk in parse(CITATION_MARKER.sub("", answer)).noun_chunks:
        root = chunk.root
        if person and not _may_be_a_person(root) or person is False and root.ent_type_ == "PERSON":
            continue
        if root.pos_ == "PROPN" and not set(content_words(chunk.text)) & asked:
            return _phrase_end(chunk)
    return None


def _continues_asked_subject(pronoun: Token, previous: str) -> bool:
    """True when ``pronoun`` is "they", the active subject of its clause, and
    ``previous`` asked for its own subject ("Which country sent troops?", "Who reported
    the deaths?"): the follow-up goes on about what that question's answer named."""
    if pronoun.lower_ != "they" or pronoun.dep_ != "nsubj":
        return False
    asked = [t for t in parse(previous) if t.lower_ in ("who", "which")]
    return bool(asked) and any(
        t.dep_.startswith("nsubj") or t.head.dep_.startswith("nsubj") for t in asked
    )


def _group(pronoun: Token) -> str:
    """The pronoun's form that stands for one referent ("him" and "his" for "he")."""
    word = pronoun.lower_
    for group, forms in (("it", _IMPERSONAL), ("they", _PLURAL), ("she", {"she", "her", "hers"})):
        if word in forms:
            return group
    return "he" if word in _PERSON else word


def _person_asked_about(question: str) -> str | None:
    """The first name of a person ``question`` asks about ("Rosa Delgado" of "Who is Rosa
    Delgado?"), None without one; a name owning something ("Who is Westmere's MP?") is
    not asked about."""
    return next(
        (e.text for e in parse(question).ents if e.label_ == "PERSON" and e.root.dep_ != "poss"),
        None,
    )


def _rewritten(
    question: str,
    previous: str,
    answer: str | None,
    earlier: Sequence[str] = (),
    carried: dict[str, str] | None = None,
) -> tuple[str, dict[str, str]]:
    """``question``, a follow-up of ``previous`` (itself standing alone, answered by
    ``answer``; ``earlier`` the conversation's questions before it, as searched, the
    latest first), made to stand alone: see the module docstring. With it, what its
    pointing pronoun was taken to mean, by form ("it", "they", "she", "he"), for the next
    follow-up; ``carried`` is the same of ``previous``."""
    carried = carried or {}
    doc = parse(question)
    pointing = _pointing_back(doc)
    word = pointing[0] if pointing else None
    if word is not None and (
        word.lower_ == "one"
        or word.lower_ in _DEMONSTRATIVE
        and (word.dep_ == "det" or word.dep_ == "nsubj" and word.head.lemma_ == "be")
        or word.lower_ == "there"
        and word.i > 0
        and doc[word.i - 1].lemma_ == "be"
    ):
        # "that review", "those two" and "one" name their own thing; "Why's that?" means
        # what was said; "How many plots are there?" asks what there is where the conversation
        # was: none has a phrase to put in its place.
        return searched_with(question, previous), {}
    # When ``previous`` was searched with the question before it, its own words come
    # first: "it" after "Who has offered to help? (How much would planting cost?)" is
    # whoever the answer named, not the planting.
    own, context = own_part(previous)
    person = word is not None and word.lower_ in _PERSON
    # "it" is never a person: "What was it called?" after "Where did Peter open his
    # school?" asks about the school.
    kind = True if person else False if word is not None and word.lower_ in _IMPERSONAL else None
    named = _answered_name(_CONNECTIVE.sub("", own), answer, kind)
    plural = (word.lower_ in _PLURAL) if word is not None and word.lower_ in _PERSONAL else None
    earlier_topic = topic(context, plural, kind) if context else None
    questions = [q for q in (context, *(own_part(q)[0] for q in earlier)) if q]
    # "he" or "she" after "Who runs the plant?" is the person the answer named, and so is
    # "they" as a subject after a question whose subject was asked for ("How many did they
    # send?" after "Which country sent troops?"); "it" after "Who designed the terminal?"
    # is still the terminal.
    subject: str | None
    if word is not None and _group(word) in carried:
        # the same pronoun as in the previous follow-up goes on meaning the same thing
        subject = carried[_group(word)]
    elif word is not None and (person or _continues_asked_subject(word, own)):
        # "she" after "Who is Rosa Delgado?" is Rosa Delgado, whoever the answer names; "he"
        # and "she" are one person, never a plural phrase ("people")
        subject = (
            _person_asked_about(own)
            or named
            or topic(own, plural, kind, agreeing_only=person)
            or (topic(context, plural, kind, agreeing_only=person) if context else None)
        )
    elif word is not None and word.lower_ in _IMPERSONAL:
        # "it" is never a plural phrase: after "Who paid for the repairs?" it is what the
        # conversation was about before ("When does the library reopen?"), and only when
        # no question was about one thing is it the previous question's topic after all.
        # ("They" may be one body: "their regional officer" after "What is the union
        # doing?" is the union's.)
        singular = (topic(q, False, False, agreeing_only=True) for q in questions)
        subject = (
            topic(own, False, False, agreeing_only=True)
            or named
            or next(filter(None, singular), None)
            or topic(own, plural, kind)
            or earlier_topic
        )
    else:
        subject = topic(own, plural, kind) or named or earlier_topic
    if subject and word is not None:
        # a pronoun means definite things: "any of them" after "Were any local firms
        # hit?" is any of the local firms, "it" after "Is there a hosepipe ban?" the ban
        subject = _INDEFINITE_OPENING.sub("the ", subject)
        replacement = (
            f"{subject}'s"
            if word.lower_ in _POSSESSIVE and word.pos_ != "PRON" or word.tag_ == "PRP$"
            else f"in {subject}"
            if word.lower_ == "there"
            else subject
        )
        text = question[: word.idx] + replacement + question[word.idx + len(word.text) :]
        text = text[:1].upper() + text[1:]
        # "And during it?" names its topic once resolved, but still asks nothing by itself.
        has_verb = any(t.pos_ in ("VERB", "AUX") for t in doc)
        meant = {_group(word): subject} if word.lower_ in _PERSONAL else {}
        return (text if has_verb else searched_with(text, previous)), meant
    return searched_with(question, previous), {}


def condense(question: str, history: list[Turn]) -> str:
    """The question to search for: ``question`` as asked, or rewritten to stand alone
    when it is a follow-up of the conversation in ``history``."""
    asked: list[str] = []  # the questions so far as searched, the latest first
    answer: str | None = None
    meant: dict[str, str] = {}  # what the previous follow-up's pronoun was taken to mean
    for turn in history:
        if turn.role == "user":
            standalone, meant = _resolved(turn.content, asked, answer, meant)
            asked.insert(0, standalone)
            answer = None
        else:
            answer = turn.content
    return _resolved(question, asked, answer, meant)[0]


def _resolved(
    question: str, asked: list[str], answer: str | None, carried: dict[str, str]
) -> tuple[str, dict[str, str]]:
    if not asked or not is_follow_up(question):
        return question, {}
    return _rewritten(question, asked[0], answer, asked[1:], carried)


class LLMCondenser:
    """Rewrites follow-up questions with a chat model; see the module docstring."""

    def __init__(self, chat_model: BaseChatModel, max_chars: int) -> None:
        self.chat_model = chat_model
        self.max_chars = max_chars

    def __call__(self, question: str, history: list[Turn]) -> str:
        if not previous_user_question(history) or not is_follow_up(question):
            return question
        conversation = conversation_text(history)
        prompt = load_prompt("condense_follow_up").format(history=conversation, question=question)
        try:
            reply = str(self.chat_model.invoke(prompt).content)
        except Exception as exc:  # any failure: the offline rewrite still works
            log.warning("condensing with the LLM failed (%s)", type(exc).__name__)
            return condense(question, history)
        rewritten = self.checked(reply, question, conversation)
        return rewritten if rewritten is not None else condense(question, history)

    def checked(self, reply: str, question: str, conversation: str) -> str | None:
        """The model's rewrite when it passes the checks, else None."""
        lines = [line.strip().strip("\"'“”") for line in reply.strip().splitlines()]
        rewritten = lines[0] if lines else ""
        rewritten = re.sub(r"^(?:standalone question|question)\s*:\s*", "", rewritten, flags=re.I)
        if not 3 <= len(rewritten) <= self.max_chars:
            return None
        invented = specific_terms(rewritten) - specific_terms(f"{question}\n{conversation}")
        dropped = specific_terms(question) - specific_terms(rewritten)
        brought = set(content_words(rewritten)) - set(content_words(question))
        from_conversation = brought & set(content_words(conversation))
        # A rewrite must keep the question's names and numbers and bring in something
        # from the conversation; an echo of the question resolves nothing.
        return None if invented or dropped or not from_conversation else rewritten
