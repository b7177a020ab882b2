"""A question about the document itself: who wrote it, when, under what title, its picture.

Who wrote a document, when and under what title is said from its metadata, cited where
its page shows the value, once a document (by title) when several were searched; else
its block of that role (byline, title, caption) is quoted. A question that names one of
the documents searched ("Who wrote the pool guide?") is answered from that one alone,
saying which values it does not show; one that calls its document by words none of them
uses ("this history of the bakery") abstains. A document that gives no date answers
"when was it published?" by saying so and naming the dates it mentions.
"""

from __future__ import annotations

import numpy as np

from assistant.answering.candidates import ScoredSentence
from assistant.answering.composition import (
    NOT_SHOWN,
    SAID_OF_ITSELF,
    ShownValue,
    quoted,
    said_of_each,
    said_of_itself,
    undated,
)
from assistant.answering.evidence import Evidence
from assistant.answering.rules import DOCUMENT_KINDS, NAMED_DOCUMENT
from assistant.answering.strategies.base import Strategy
from assistant.answers import Answer
from index.clean import SourceSpan
from index.dates import dates_in
from index.records import SourceRecord
from index.text import content_words

_KINDS = set(content_words(" ".join(DOCUMENT_KINDS)))


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
            for i in scorer.positions_of(self._searched(evidence)[:1])
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
        if self._names_another(intent.standalone):
            return Answer.abstention(intent.question, intent.standalone)
        searched = self._searched(evidence)
        if intent.role in SAID_OF_ITSELF:
            # Every document searched that shows the value; each is named when several do.
            shown = [v for name in searched if (v := self._shown(intent.role, name))]
            if len(shown) > 1:
                return said_of_each(intent, shown)
            # "Who wrote it and when?": every value asked for that the one page shows
            document = shown[0].source if shown else searched[0] if len(searched) == 1 else None
            roles = [role for role in intent.roles if role in SAID_OF_ITSELF]
            values = [self._shown(role, document) for role in roles] if document else []
            if any(values):
                # who the author is, when the byline says ("... a reporter on ...")
                blocks = self.choose(evidence) if shown and intent.role == "byline" else []
                block = self.context.index.sentences[blocks[0].position] if blocks else None
                missing = [role for role, value in zip(roles, values) if value is None]
                found = [value for value in values if value is not None]
                return said_of_itself(intent, found, block=block, missing=missing)
        chosen = self.expand(self.choose(evidence), evidence)
        if not chosen and intent.role == "date":
            sentences = self.context.index.sentences
            text = " ".join(sentences[i].text for i in self.scorer.positions_of(searched[:1]))
            return undated(intent, text, self.scorer.tuning.max_dates_named)
        answer = quoted(self.context.index.sentences, intent, chosen)
        if answer.abstained and len(searched) == 1 and intent.role in NOT_SHOWN:
            title = f"“{self._title(searched[0])}”"
            return answer.model_copy(update={"answer": NOT_SHOWN[intent.role].format(title)})
        return answer

    def _names_another(self, question: str) -> bool:
        """True when ``question`` calls its document by words that no document uses
        ("this history of the bakery" of a library with no bakery in it)."""
        named = NAMED_DOCUMENT.search(question)
        naming = set(content_words(named.group())) - _KINDS if named else set()
        return bool(naming) and self.scorer.unfamiliar_share(" ".join(naming)) == 1.0

    def _searched(self, evidence: Evidence) -> list[str]:
        """The documents the question is about, best-ranked first: the one its words
        name ("the pool guide") when they name one of those searched, else all of them."""
        sources = self.scorer.sources_of(evidence.passages)
        if len(sources) < 2:
            return sources
        asked = set(content_words(evidence.intent.standalone))
        overlap = {name: len(asked & self._title_words(name)) for name in sources}
        best = max(overlap.values(), default=0)
        named = [name for name, count in overlap.items() if count == best]
        return named if best and len(named) == 1 else sources

    def _title_words(self, name: str) -> set[str]:
        """The content words of document ``name``'s title and file name."""
        file_words = name.replace("_", " ").replace("-", " ")
        return set(content_words(f"{self._title(name)} {file_words}"))

    def _title(self, name: str) -> str:
        """Document ``name``'s title (its name when it has none)."""
        source = self._source(name)
        return source.title if source is not None and source.title else name

    def _source(self, name: str) -> SourceRecord | None:
        """The index's record of document ``name``."""
        return next((s for s in self.context.index.manifest.sources if s.name == name), None)

    def _shown(self, role: str, name: str) -> ShownValue | None:
        """Document ``name``'s metadata value for ``role`` with the span that shows it;
        None when it has none or the page does not show it."""
        field = SAID_OF_ITSELF[role][0]
        source = self._source(name)
        if source is None or source.metadata.spans is None:
            return None
        span: SourceSpan | None = getattr(source.metadata.spans, field)
        value = getattr(source.metadata, field)
        if not value or span is None:
            return None
        return ShownValue(name, role, value, span, self._title(name))
