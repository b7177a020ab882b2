"""Composition: the reply built from the chosen sentences, each quoted with its exact span.

The last step of an offline answer. A passage the page repeats word for word (a caption,
a pull quote) is quoted once. A document that gives no date answers "when was it
published?" by saying so and naming the dates it does mention.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answering.candidates import ScoredSentence
from assistant.answering.intent import dates_in
from assistant.answers import Answer, AnswerSentence, Citation
from index.chunk import Sentence

# An undated document's answer to "when was it published?" names this many of its dates.
MAX_DATES_NAMED = 6


def quoted(
    sentences: Sequence[Sentence], question: str, standalone: str, chosen: list[ScoredSentence]
) -> Answer:
    """The answer quoting ``chosen`` (positions in ``sentences``), each sentence cited;
    an abstention when nothing was chosen."""
    if not chosen:
        return Answer.abstention(question, standalone)
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
    return Answer.cited(question, standalone, parts, citations)


def undated(question: str, standalone: str, document_text: str) -> Answer:
    """The answer to "when was it published?" for a document that gives no date: it says
    so and names the dates ``document_text`` does carry."""
    carried = dates_in(document_text)[:MAX_DATES_NAMED]
    text = "It gives no date of publication."
    if carried:
        text += f" The dates it mentions: {', '.join(carried)}."
    return Answer.abstention(question, standalone).model_copy(update={"answer": text})
