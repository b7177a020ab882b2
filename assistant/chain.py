"""The LCEL chain: condense the question, retrieve passages, answer."""

from __future__ import annotations

from typing import Any

from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough

from assistant.answers import Answer
from assistant.condense import condense
from assistant.extractive import ExtractiveAnswerer
from assistant.questions import validate_question


def build_chain(
    retriever: BaseRetriever, answerer: ExtractiveAnswerer, max_question_chars: int
) -> Runnable[Any, Answer]:
    """A Runnable taking ``{"question": str, "history": list | None}`` and giving an Answer.

    Raises ``InvalidQuestionError`` for an empty, too long or control-character question.
    """

    def checked(inputs: dict[str, Any]) -> dict[str, Any]:
        return {**inputs, "question": validate_question(inputs["question"], max_question_chars)}

    def standalone(inputs: dict[str, Any]) -> str:
        return condense(inputs["question"], inputs.get("history"))

    def answer(inputs: dict[str, Any]) -> Answer:
        return answerer.answer(inputs["question"], inputs["standalone"], inputs["passages"])

    return (
        RunnableLambda(checked)
        | RunnablePassthrough.assign(standalone=RunnableLambda(standalone))
        | RunnablePassthrough.assign(passages=(lambda x: x["standalone"]) | retriever)
        | RunnableLambda(answer)
    ).with_config(run_name="article_assistant")
