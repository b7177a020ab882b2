"""A question about the document itself: who wrote it, when, under what title, its picture.

Who wrote a document, when and under what title is said from its metadata, cited where
its page shows the value, once a document (by title) when several were searched; else
its block of that role (byline, title, caption) is quoted. A document that gives no date
answers "when was it published?" by saying so and naming the dates it mentions.
"""

from __future__ import annotations

import numpy as np

from assistant.answering.candidates import ScoredSentence
from assistant.answering.composition import (
    SAID_OF_ITSELF,
    ShownValue,
    quoted,
    said_of_each,
    said_of_itself,
    undated,
)
from assistant.answering.evidence import Evidence
from assistant.answering.strategies.base import Strategy
from assistant.answers import Answer
from index.clean import SourceSpan
from index.dates import dates_in


class DocumentStrategy(Strategy):
    """The document's metadata, or its block of the role asked for."""

    def choose(self, evidence: Evidence) -> list[ScoredSentence]:
        """The best block of the role asked for (its byline, title or picture caption),
        from the first document retrieved; for its date, a byline that dates it too."""
        role = evidence.intent.role
        scorer = self.scorer
        sentences = scorer.index.sentences
        blocks = [
            i
            for i in scorer.positions_of(scorer.sources_of(evidence.passages)[:1])
            if sentences[i].role == role
            # a byline that dates the piece ("By Ann Lee, March 4, 2026") is its dateline
            or (role == "date" and sentences[i].role == "byline" and dates_in(sentences[i].text))
        ]
        if not blocks:
            return []
        similarity = scorer.index.sentence_vectors[blocks] @ scorer.encoder(
            evidence.intent.standalone
        )
        best = int(np.argmax(similarity))
        return [ScoredSentence(blocks[best], float(similarity[best]))]

    def answer(self, evidence: Evidence) -> Answer:
        intent = evidence.intent
        if intent.role in SAID_OF_ITSELF:
            # Every document searched that shows the value; each is named when several do.
            sources = self.scorer.sources_of(evidence.passages)
            shown = [v for name in sources if (v := self._shown(intent.role, name))]
            if len(shown) > 1:
                return said_of_each(intent, shown)
            if shown:
                # "Who wrote it and when?": every value asked for that the page shows
                others = [
                    self._shown(role, shown[0].source)
                    for role in intent.roles[1:]
                    if role in SAID_OF_ITSELF
                ]
                values = [shown[0], *(v for v in others if v is not None)]
                # who the author is, when the byline says ("... a reporter on ...")
                blocks = self.choose(evidence) if intent.role == "byline" else []
                block = self.context.index.sentences[blocks[0].position] if blocks else None
                return said_of_itself(intent, values, block=block)
        chosen = self.expand(self.choose(evidence), evidence)
        if not chosen and intent.role == "date":
            sources = self.scorer.sources_of(evidence.passages)[:1]
            sentences = self.context.index.sentences
            text = " ".join(sentences[i].text for i in self.scorer.positions_of(sources))
            return undated(intent, text, self.scorer.tuning.max_dates_named)
        return quoted(self.context.index.sentences, intent, chosen)

    def _shown(self, role: str, name: str) -> ShownValue | None:
        """Document ``name``'s metadata value for ``role`` with the span that shows it;
        None when it has none or the page does not show it."""
        field = SAID_OF_ITSELF[role][0]
        manifest = self.context.index.manifest
        source = next((s for s in manifest.sources if s.name == name), None)
        if source is None or source.metadata.spans is None:
            return None
        span: SourceSpan | None = getattr(source.metadata.spans, field)
        value = getattr(source.metadata, field)
        if not value or span is None:
            return None
        return ShownValue(name, role, value, span, source.title or name)
