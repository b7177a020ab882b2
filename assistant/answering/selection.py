"""Selection: which of the evidence's sentences a fact or list answer quotes, and what
each chosen sentence brings with it.

The third step of an answer (after ``intent`` and ``evidence``), used by the strategies. A
fact takes the best sentence and those nearly as strong, or fairly strong and covering
question words the chosen ones do not; a list takes further sentences while they add names
or numbers. A chosen sentence that leans on the one before it ("But ...", "They ...")
brings that one; a run-in heading, what it heads; a table row, its table's header row; a
list item, the sentence introducing its list; one that introduces a list brings its items
(or, read as answering with no list after it, the rest of its paragraph); one that lacks
the type of thing asked for (a name, a date, a reason), the next sentence when that one
gives it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answering.candidates import ScoredSentence, SentenceScorer
from assistant.answering.evidence import Evidence
from assistant.answering.intent import AnswerType, Intent
from index.chunk import Sentence
from index.text import content_words, specific_terms, table_separator

# A list item as documents write it ("- Shoes", "2. Socks", "• Water"); a sentence that
# introduces a list ends with a colon.
LIST_ITEM = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s+")
INTRODUCES_LIST = re.compile(r":[\s*_]*$")
# ... or announces how many there are ("The plan has four phases."): then the items that
# follow must be that many.
_COUNTS = tuple("two three four five six seven eight nine ten eleven twelve".split())
ANNOUNCES_COUNT = re.compile(rf"\b({'|'.join(_COUNTS)}|[2-9]|1[0-2]) (?:[a-z]+ )?[a-z]+s\b", re.I)
# ... or that there are several, however many follow ("Visitors will find several changes.")
ANNOUNCES_SEVERAL = re.compile(r"\bseveral (?:[a-z]+ )?[a-z]+s\b", re.I)
# A sentence opening like this, quoted or not, leans on the sentence before it; one about
# the document itself ("This report examines ...") does not.
LEANS_BACK = re.compile(
    r"^[\"“‘'(]*(?:(?:but|however|this|these|that|those|such|it|its|they|their|he|his|she"
    r"|her|then|yet|so|meanwhile|there|also)\b"
    r"(?<!this)(?<!these)"
    r"|(?:this|these)\b(?! (?:report|guide|article|study|paper|document|post|piece|page"
    r"|chapter|section|book|essay|review|brief|note)s?\b))",
    re.IGNORECASE,
)

# A run-in heading, a label in bold that says nothing by itself ("2. **Weeks 5-8: Add some
# speed.**"): what it heads is the sentences after it.
RUN_IN_HEADING = re.compile(r"^\s*(?:(?:[-*•–]|\d{1,2}[.)])\s+)?(\*\*|__)[^*_]+\1\s*$")


def select(
    scorer: SentenceScorer,
    evidence: Evidence,
    abstain_below: float,
    max_sentences: int,
    *,
    as_list: bool = False,
) -> list[ScoredSentence]:
    """The sentences to quote, in document order; none when the best sentence by the
    evidence score scores under ``abstain_below``.

    The anchor, then further ones that are nearly as strong, or fairly strong and cover
    question words the chosen ones do not (the second half of a two-part question); never
    a near-duplicate of a chosen one, nor one without the form of value asked for. For a
    list, up to the tuning's list length, each further one adding names or numbers.
    """
    # The evidence decides whether to answer (its best first, as without the reader);
    # the order of ``ranked`` (the reader's, when it is on) which sentence does.
    scored = evidence.ranked
    if not evidence.by_evidence or evidence.best_score < abstain_below:
        return []
    tuning = scorer.tuning
    question = evidence.intent.question
    sentences = scorer.index.sentences
    best = scored[0].score
    floor = max(abstain_below, best * tuning.complement_cutoff)
    most = max(max_sentences, tuning.list_max_sentences) if as_list else max_sentences
    asked = set(content_words(question))
    chosen = [scored[0]]
    covered = asked & scorer.sentence_words(scored[0].position)
    given = specific_terms(sentences[scored[0].position].text)
    positions = [s.position for s in scored]
    vectors = dict(zip(positions, scorer.index.sentence_vectors[positions]))
    # When a quantity anchors the answer, stronger sentences may follow it, so the rest is
    # walked in score order; a list's in the reader's order, so the sentences read as
    # naming its items come before those that only share its words (a lead-in).
    # A list's sentences that introduce a list ("The new stops are:") come first: their
    # items answer it, and the reader reads sentences that only share its words nearly as
    # high.
    walk = (
        sorted(scored[1:], key=lambda s: not INTRODUCES_LIST.search(sentences[s.position].text))
        if as_list
        else sorted(scored[1:], key=lambda s: -s.score)
    )
    for candidate in walk:
        # A list also takes any sentence the reader reads as one of its answers.
        read = (
            as_list and candidate.reading is not None and candidate.reading >= tuning.list_reading
        )
        if len(chosen) >= most:
            break
        if candidate.score < floor and not read:
            continue
        if not evidence.intent.gives_form(sentences[candidate.position].text):
            continue  # "What email address ...?": a sentence without one adds nothing
        redundant = any(
            float(vectors[candidate.position] @ vectors[c.position]) >= tuning.redundant_similarity
            for c in chosen
        )
        if redundant:
            continue
        adds = (asked & scorer.sentence_words(candidate.position)) - covered
        new_terms = (
            specific_terms(sentences[candidate.position].text) - specific_terms(question) - given
        )
        strong = candidate.score >= best * tuning.relative_cutoff
        if (as_list and (new_terms or read)) or strong or adds:
            chosen.append(candidate)
            covered |= adds
            given |= new_terms
    return sorted(chosen, key=lambda s: s.position)


def with_context(scorer: SentenceScorer, chosen: list[ScoredSentence]) -> list[ScoredSentence]:
    """``chosen``, each sentence that leans on the one before it ("But a storm ...")
    preceded by that sentence, and each run-in heading followed by the sentences it heads
    (up to the tuning's ``heading_sentences``), and each row of a table preceded by the
    table's header row, of the same paragraph, and each item of a list by the sentence
    that introduces its list."""
    sentences = scorer.index.sentences
    taken = {c.position for c in chosen}
    out: list[ScoredSentence] = []

    def same_paragraph(position: int, sentence: Sentence) -> bool:
        return (
            0 <= position < len(sentences)
            and position not in taken
            and sentences[position].source == sentence.source
            and sentences[position].paragraph == sentence.paragraph
        )

    for pick in chosen:
        sentence = sentences[pick.position]
        before = pick.position - 1
        if LEANS_BACK.match(sentence.text) and same_paragraph(before, sentence):
            out.append(ScoredSentence(before, pick.score))
            taken.add(before)
        header = _table_header(sentences, pick.position)
        if header is not None and same_paragraph(header, sentence):
            out.append(ScoredSentence(header, pick.score))
            taken.add(header)
        lead = _lead_in(sentences, pick.position)
        if lead is not None and lead not in taken:
            out.append(ScoredSentence(lead, pick.score))
            taken.add(lead)
        out.append(pick)
        if RUN_IN_HEADING.match(sentence.text):
            for after in range(
                pick.position + 1, pick.position + 1 + scorer.tuning.heading_sentences
            ):
                if not same_paragraph(after, sentence):
                    break
                out.append(ScoredSentence(after, pick.score))
                taken.add(after)
    return out


def _lead_in(sentences: Sequence[Sentence], position: int) -> int | None:
    """The sentence introducing the list whose item is at ``position`` ("You must not use
    a hosepipe for the following:"), None for a sentence of no list or a list without
    one: an item alone may say the opposite of what its list means."""
    if not LIST_ITEM.match(sentences[position].text):
        return None
    lead = _list_start(sentences, position) - 1
    introduces = (
        lead >= 0
        and sentences[lead].source == sentences[position].source
        and INTRODUCES_LIST.search(sentences[lead].text)
    )
    return lead if introduces else None


def _table_header(sentences: Sequence[Sentence], position: int) -> int | None:
    """The header row of the Markdown table whose row is at ``position`` (the row its
    separator follows); None for a sentence of no table."""
    row = position
    while row > 0 and sentences[row - 1].text.startswith("|"):
        row -= 1
        if table_separator(sentences[row].text):
            return row - 1 if row > 0 else None
    return None


def with_list_items(scorer: SentenceScorer, chosen: list[ScoredSentence]) -> list[ScoredSentence]:
    """``chosen``, in document order, with the items of the lists they introduce: a
    sentence ending with a colon, announcing several, or as many items as follow it (not
    when one of its items is chosen already: it came as that item's lead-in). One read as
    answering that no list follows ("Councillors attached eleven conditions.", or a brief
    plain first sentence: "Some customers can apply for an exemption.") brings the rest
    of its paragraph, where documents tell such items in prose."""
    sentences = scorer.index.sentences
    tuning = scorer.tuning
    taken = {c.position: c for c in chosen}
    for pick in chosen:
        text = sentences[pick.position].text
        announced = ANNOUNCES_COUNT.search(text)
        several = ANNOUNCES_SEVERAL.search(text)
        introduces = INTRODUCES_LIST.search(text)
        read = pick.reading is not None and pick.reading >= tuning.list_reading
        # Prose items only after a plain introduction: "The ban was lifted in 2026 after
        # eleven weeks." counts no items, nor does "Several monks of Saint-Evroul fled".
        plain = specific_terms(text) <= ({announced[1].lower()} if announced else set())
        opens = read and plain and _opens_paragraph(scorer, pick.position)
        if not (introduces or announced or several or opens):
            continue
        items = _items_from(scorer, pick.position + 1, sentences[pick.position].source)
        if not items and read and (introduces or plain):
            items = _rest_of_paragraph(scorer, pick.position)
        elif announced and not (introduces or several) and len(items) != _count(announced[1]):
            continue
        elif any(position in taken for position in items):
            continue  # quoted as the lead-in of an item quoted: that item is the answer
        for position in items:
            taken.setdefault(position, ScoredSentence(position, pick.score))
    return sorted(taken.values(), key=lambda s: s.position)


def _same_paragraph(sentences: Sequence[Sentence], one: int, other: int) -> bool:
    return (
        sentences[one].source == sentences[other].source
        and sentences[one].paragraph == sentences[other].paragraph
    )


def _opens_paragraph(scorer: SentenceScorer, position: int) -> bool:
    """Whether the sentence at ``position`` is a brief first sentence of its paragraph, as
    one introducing what follows is."""
    sentences = scorer.index.sentences
    return (
        (position == 0 or not _same_paragraph(sentences, position - 1, position))
        and sentences[position].role == "body"
        and len(sentences[position].text.split()) <= scorer.tuning.brief_claim_words
    )


def _rest_of_paragraph(scorer: SentenceScorer, position: int) -> list[int]:
    """Positions of the body sentences after ``position`` in its paragraph, up to the
    tuning's most items."""
    sentences = scorer.index.sentences
    rest: list[int] = []
    after = position + 1
    while (
        after < len(sentences)
        and len(rest) < scorer.tuning.list_max_items
        and _same_paragraph(sentences, after, position)
        and sentences[after].role == "body"
    ):
        rest.append(after)
        after += 1
    return rest


def with_whole_lists(
    scorer: SentenceScorer, chosen: list[ScoredSentence], question: str
) -> list[ScoredSentence]:
    """``chosen``, in document order, each item of a list whose introduction (its heading
    and the sentences after it, up to ``_INTRODUCTION`` before the first item) shares a
    word with ``question`` with the other items of its list (up to the tuning's most
    items): "What are the steps to register?" answered by one step of the list under
    "How to register" is answered by its steps; an item of a list about something else
    comes alone. So, too, a row of a table whose header row shares a word with it."""
    sentences = scorer.index.sentences
    asked = set(content_words(question))
    taken = {c.position: c for c in chosen}
    for pick in chosen:
        source = sentences[pick.position].source
        if LIST_ITEM.match(sentences[pick.position].text):
            first = _list_start(sentences, pick.position)
            members = _items_from(scorer, first, source)
            introduction = _introduction_words(scorer, first)
        elif (header := _table_header(sentences, pick.position)) is not None:
            # a table's rows are its items when the question names one of its columns
            # ("Which divisions are there?" and "| Division | Format | ... |")
            members = _rows_from(scorer, header + 2, source)
            introduction = set(scorer.sentence_words(header))
        else:
            continue
        if asked & introduction:
            for position in members:
                taken.setdefault(position, ScoredSentence(position, pick.score))
    return sorted(taken.values(), key=lambda s: s.position)


def _rows_from(scorer: SentenceScorer, start: int, source: str) -> list[int]:
    """Positions of a table's rows from ``start`` on, up to the tuning's most items."""
    sentences = scorer.index.sentences
    rows: list[int] = []
    position = start
    while (
        position < len(sentences)
        and len(rows) < scorer.tuning.list_max_items
        and sentences[position].source == source
        and sentences[position].text.startswith("|")
    ):
        rows.append(position)
        position += 1
    return rows


# Sentences before a list's first item read as its introduction, back to a heading.
_INTRODUCTION = 3


def _introduction_words(scorer: SentenceScorer, first: int) -> set[str]:
    sentences = scorer.index.sentences
    found: set[str] = set()
    for position in range(first - 1, max(first - 1 - _INTRODUCTION, -1), -1):
        if sentences[position].source != sentences[first].source:
            break
        found |= scorer.sentence_words(position)
        if sentences[position].role in ("heading", "title"):
            break
    return found


def _list_start(sentences: Sequence[Sentence], position: int) -> int:
    """The position of the first item of the list whose item is at ``position``: back
    over items, and over a sentence that goes on the item before it in its paragraph."""
    source = sentences[position].source
    start = position
    while start > 0 and sentences[start - 1].source == source:
        before = sentences[start - 1]
        if LIST_ITEM.match(before.text):
            start -= 1
        elif (
            start > 1
            and LIST_ITEM.match(sentences[start - 2].text)
            and sentences[start - 2].source == source
            and sentences[start - 2].paragraph == before.paragraph
        ):
            start -= 2
        else:
            break
    return start


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _COUNTS.index(word.lower()) + 2


def _items_from(scorer: SentenceScorer, start: int, source: str) -> list[int]:
    """Positions of the list items from ``start`` on: the item sentences of the first
    paragraph holding any, up to the tuning's most items, in that paragraph and the ones
    straight after it that hold items too."""
    sentences = scorer.index.sentences
    most = scorer.tuning.list_max_items
    items: list[int] = []
    paragraph = None
    position = start
    while position < len(sentences) and len(items) < most:
        sentence = sentences[position]
        if sentence.source != source:
            break
        if LIST_ITEM.match(sentence.text):
            items.append(position)
            paragraph = sentence.paragraph
        elif paragraph is not None and sentence.paragraph > paragraph:
            break  # the list has ended
        elif paragraph is None and position - start > 2:
            break  # no list right after the introduction
        position += 1
    return items


def with_following_answer(
    scorer: SentenceScorer, chosen: list[ScoredSentence], intent: Intent
) -> list[ScoredSentence]:
    """``chosen``, in document order, each chosen sentence that lacks the type of thing
    asked for followed by the next sentence of its paragraph when that one has it and
    leans back on it ("The founder retired in 1990." then "His daughter Ana Ruiz took
    over."); for a question asking why, when that one either gives a reason or leans
    back on the claim. A brief claim (the tuning's ``brief_claim_words`` or fewer) brings
    the next sentence that leans back on it whatever is asked ("The new oven changed the
    business." then "It heated faster ...")."""
    reason = intent.answer_type is AnswerType.REASON
    sentences = scorer.index.sentences
    brief = scorer.tuning.brief_claim_words
    taken = {c.position: c for c in chosen}
    for pick in chosen:
        claim, after = sentences[pick.position], pick.position + 1
        if after >= len(sentences):
            continue
        following = sentences[after]
        if not _same_paragraph(sentences, after, pick.position) or following.role != "body":
            continue
        leans = bool(LEANS_BACK.match(following.text))
        if leans and len(claim.text.split()) <= brief:
            taken.setdefault(after, ScoredSentence(after, pick.score))
            continue
        if intent.answer_type is None or intent.holds_answer_type(claim.text):
            continue
        gives = intent.holds_answer_type(following.text)
        if (gives or leans) if reason else (gives and leans):
            taken.setdefault(after, ScoredSentence(after, pick.score))
    return sorted(taken.values(), key=lambda s: s.position)
