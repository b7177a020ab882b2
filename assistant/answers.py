"""The typed objects an answer is made of; their JSON form is the public contract."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Citation(BaseModel):
    """An exact span of a source file: ``source_text[start:end] == text``."""

    id: int = Field(description="The number used as [id] in the answer.")
    source: str = Field(description="The file as ingested (project-relative when bundled).")
    start: int = Field(description="Character offset of the span in the source file.")
    end: int = Field(description="Character offset just past the span.")
    text: str = Field(description="The cited text, exactly as in the source file.")
    score: float = Field(description="How strongly this span answers the question (0..1).")


class AnswerSentence(BaseModel):
    """One sentence of the answer and whether its citations were verified to support it."""

    text: str
    citation_ids: list[int] = Field(default_factory=list)
    supported: bool = Field(description="False when no verified citation supports it.")


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
