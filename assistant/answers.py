"""The typed objects an answer is made of; their JSON form is the public contract.

An answer's text is composed here, in one way for every answerer and front door: each
sentence followed by its ``[n]`` markers, and, for readers without a sources panel, the
numbered sources after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel, Field

# A citation marker in an answer's text: "[1]".
CITATION_MARKER = re.compile(r"\[(\d+)\]")
ABSTENTION = "The article does not say."
# An abstention names at most this many of the documents it searched.
MAX_NAMED = 4


class Citation(BaseModel):
    """An exact span of a source file: ``source_text[start:end] == text``."""

    id: int = Field(description="The number used as [id] in the answer.")
    source: str = Field(description="The file as ingested (project-relative when bundled).")
    start: int = Field(description="Character offset of the span in the source file.")
    end: int = Field(description="Character offset just past the span.")
    text: str = Field(description="The cited text, exactly as in the source file.")
    score: float = Field(description="How strongly this span answers the question (0..1).")
    document_id: str | None = Field(default=None, description="The id of the cited document.")
    page: int | None = Field(default=None, description="The page of a PDF the span is on.")


class AnswerSentence(BaseModel):
    """One sentence of the answer and whether its citations were verified to support it."""

    text: str
    citation_ids: list[int] = Field(default_factory=list)
    supported: bool = Field(description="False when no verified citation supports it.")

    def composed(self) -> str:
        """The sentence with its markers: 'Text. [1][2]'."""
        markers = "".join(f"[{i}]" for i in self.citation_ids)
        return f"{self.text} {markers}" if markers else self.text


def compose(sentences: list[AnswerSentence]) -> str:
    """The answer text of ``sentences``, each followed by its markers."""
    return " ".join(s.composed() for s in sentences)


class Answer(BaseModel):
    """An answer with inline ``[n]`` markers, each naming one of ``citations``."""

    question: str
    answer: str
    abstained: bool = Field(description="True when the article does not hold the answer.")
    citations: list[Citation] = Field(default_factory=list)
    standalone_question: str = Field(
        default="", description="The question as searched, after folding in the conversation."
    )
    sentences: list[AnswerSentence] = Field(
        default_factory=list, description="The answer sentence by sentence, with support."
    )
    answerer: str = Field(default="extractive", description="Which answer step produced it.")

    @classmethod
    def abstention(cls, question: str, standalone: str, answerer: str = "extractive") -> Answer:
        """The answer when the article does not hold one."""
        return cls(
            question=question,
            answer=ABSTENTION,
            abstained=True,
            standalone_question=standalone,
            answerer=answerer,
        )

    @classmethod
    def cited(
        cls,
        question: str,
        standalone: str,
        sentences: list[AnswerSentence],
        citations: list[Citation],
        answerer: str = "extractive",
    ) -> Answer:
        """The answer made of ``sentences``, each citing some of ``citations``."""
        return cls(
            question=question,
            answer=compose(sentences),
            abstained=False,
            citations=citations,
            standalone_question=standalone,
            sentences=sentences,
            answerer=answerer,
        )

    def naming_searched(self, titles: list[str]) -> Answer:
        """This abstention saying which documents were searched (``titles``), once."""
        if not self.abstained or not titles or self.answer != ABSTENTION:
            return self
        if len(titles) == 1:
            return self.model_copy(update={"answer": f"{titles[0]} does not say."})
        shown = ", ".join(titles[:MAX_NAMED])
        more = f" and {len(titles) - MAX_NAMED} more" if len(titles) > MAX_NAMED else ""
        text = f"None of the selected documents ({shown}{more}) says."
        return self.model_copy(update={"answer": text})

    def partials(self) -> Iterator[Answer]:
        """This answer as it is composed, one sentence more each time, ending complete."""
        for count in range(1, len(self.sentences)):
            shown = self.sentences[:count]
            ids = {i for s in shown for i in s.citation_ids}
            yield self.model_copy(
                update={
                    "answer": compose(shown),
                    "citations": [c for c in self.citations if c.id in ids],
                    "sentences": shown,
                }
            )
        yield self

    def sources_text(self) -> str:
        """The numbered sources as plain text: "Sources:", then for each its span, score
        and text; empty when nothing is cited."""
        if not self.citations:
            return ""
        lines = ["Sources:"]
        for c in self.citations:
            page = f"page {c.page}, " if c.page is not None else ""
            lines.append(f"  [{c.id}] {c.source}:{c.start}-{c.end} ({page}score {c.score:.2f})")
            lines.append(f"      {c.text}")
        return "\n".join(lines)

    def with_sources(self) -> str:
        """The answer text, then its numbered sources (for readers of plain text)."""
        sources = self.sources_text()
        return f"{self.answer}\n\n{sources}" if sources else self.answer
