"""Composition: the reply built from the chosen sentences, each quoted with its exact span.

The last step of an offline answer. A passage the page repeats word for word (a caption,
a pull quote) is quoted once. Who wrote a document, when and under what title is said
in a sentence of its own citing the words where the page shows them. A document that
gives no date answers "when was it published?" by saying so and naming the dates it
does mention.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answering.candidates import ScoredSentence
from assistant.answering.intent import Intent
from assistant.answers import Answer, AnswerSentence, Citation
from index.chunk import Sentence
from index.clean import SourceSpan
from index.dates import DATE, dates_in
from index.text import content_words

# What a document says of itself: by the role of the block a question about it asks for,
# the metadata field that holds it and the sentence that says it.
SAID_OF_ITSELF = {
    "byline": ("author", "It was written by {}."),
    "date": ("date", "It is dated {}."),
    "title": ("title", "It is called “{}”."),
}
# What the answer says when the page does not show the value asked for.
NOT_SHOWN = {
    "byline": "{} does not say who wrote it.",
    "date": "{} gives no date.",
    "title": "{} gives no title.",
}
# The same, for one of several documents, named by its title.
SAID_OF_EACH = {
    "byline": "“{title}” was written by {value}.",
    "date": "“{title}” is dated {value}.",
    "title": "One is called “{value}”.",
}


def quoted(sentences: Sequence[Sentence], intent: Intent, chosen: list[ScoredSentence]) -> Answer:
    """The answer quoting ``chosen`` (positions in ``sentences``), each sentence cited;
    an abstention when nothing was chosen."""
    if not chosen:
        return Answer.abstention(intent.question, intent.standalone)
    texts = [sentences[p.position].text for p in chosen]
    chosen = [p for i, p in enumerate(chosen) if texts[i] not in texts[:i]]
    citations = []
    for number, pick in enumerate(chosen, start=1):
        sentence = sentences[pick.position]
        citations.append(
            Citation(
                id=number,
                source=sentence.source,
                start=sentence.start,
                end=sentence.end,
                text=sentence.text,
                score=round(min(max(pick.score, 0.0), 1.0), 4),
            )
        )
    parts = [AnswerSentence(text=c.text, citation_ids=[c.id], supported=True) for c in citations]
    return Answer.cited(intent.question, intent.standalone, parts, citations)


def undated(intent: Intent, document_text: str, most: int) -> Answer:
    """The answer to "when was it published?" for a document that gives no date: it says
    so and names up to ``most`` of the dates ``document_text`` does carry."""
    carried = dates_in(document_text)[:most]
    text = "It gives no date of publication."
    if carried:
        text += f" The dates it mentions: {', '.join(carried)}."
    return Answer.abstention(intent.question, intent.standalone).model_copy(update={"answer": text})


@dataclass(frozen=True)
class ShownValue:
    """A document's title, author or date (``role`` as a block role) as its page shows
    it: the value, the span of ``source`` that shows it, and the document's title."""

    source: str
    role: str
    value: str
    span: SourceSpan
    title: str

    def citation(self, number: int) -> Citation:
        return Citation(
            id=number,
            source=self.source,
            start=self.span.start,
            end=self.span.end,
            text=self.value,
            score=1.0,
        )


def said_of_itself(
    intent: Intent,
    shown: Sequence[ShownValue],
    block: Sentence | None = None,
    missing: Sequence[str] = (),
) -> Answer:
    """The answer to a question about the document from its metadata values ``shown``
    (one a role asked for), each in a sentence cited where the page shows it, after a
    sentence for each role asked for that it does not show (``missing``); the byline
    ``block`` is quoted after them when it says more than the author's name and the
    dates it gives ("By Ann Lee, a reporter on the city desk")."""
    citations = [value.citation(number) for number, value in enumerate(shown, start=1)]
    sentences = [
        AnswerSentence(text=NOT_SHOWN[role].format("It"), supported=True) for role in missing
    ]
    sentences += [
        AnswerSentence(
            text=SAID_OF_ITSELF[value.role][1].format(_as_said(value)),
            citation_ids=[citation.id],
            supported=True,
        )
        for value, citation in zip(shown, citations)
    ]
    author = next((value.value for value in shown if value.role == "byline"), None)
    if block is not None and author is not None and _says_more(block.text, author):
        number = len(citations) + 1
        # a Markdown byline is quoted without its emphasis ("*By Ann Lee, ...*")
        text = block.text.strip("*_")
        start = block.start + block.text.index(text)
        citations.append(
            Citation(
                id=number,
                source=block.source,
                start=start,
                end=start + len(text),
                text=text,
                score=1.0,
            )
        )
        sentences.append(AnswerSentence(text=text, citation_ids=[number], supported=True))
    return Answer.cited(intent.question, intent.standalone, sentences, citations)


def _as_said(shown: ShownValue) -> str:
    """The value as the answer's sentence says it: a dateline's date alone ("14 October
    2026" of "Last updated: 14 October 2026"; the citation shows the whole line)."""
    dated = DATE.search(shown.value) if shown.role == "date" else None
    return dated.group() if dated else shown.value


def said_of_each(intent: Intent, shown: Sequence[ShownValue]) -> Answer:
    """The answer to a question about "this" document when several were searched: one
    sentence a document, naming it by its title, each cited where its page shows the
    value ("“Millbrook footbridge…” was written by Dana Whitfield. [1]")."""
    citations = [value.citation(number) for number, value in enumerate(shown, start=1)]
    sentences = [
        AnswerSentence(
            text=SAID_OF_EACH[value.role].format(title=value.title, value=_as_said(value)),
            citation_ids=[citation.id],
            supported=True,
        )
        for value, citation in zip(shown, citations)
    ]
    return Answer.cited(intent.question, intent.standalone, sentences, citations)


def _says_more(block: str, value: str) -> bool:
    """True when ``block`` holds at least two content words besides ``value`` and its
    dates."""
    dates = " ".join(dates_in(block))
    return len(set(content_words(block)) - set(content_words(f"{value} {dates}"))) >= 2
