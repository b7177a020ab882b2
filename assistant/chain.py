"""The LCEL chain: check the question, condense it, retrieve passages, answer.

The answer step is a generator of growing answers, so ``chain.stream(...)`` yields each
verified step of the answer as it is ready and ``chain.invoke(...)`` returns the last,
complete one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol

from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableConfig, RunnableLambda

from assistant.answers import Answer
from assistant.questions import validate_question

Condenser = Callable[[str, Sequence[Any] | None], str]


class Answerer(Protocol):
    """An answer step: the question, as searched, and the retrieved passages -> Answer."""

    def answer(self, question: str, standalone: str, passages: list[Document]) -> Answer: ...

    def stream(
        self, question: str, standalone: str, passages: list[Document]
    ) -> Iterator[Answer]: ...


def build_chain(
    retriever: BaseRetriever,
    answerer: Answerer,
    condenser: Condenser,
    max_question_chars: int,
) -> Runnable[Any, Answer]:
    """A Runnable taking ``{"question": str, "history": list | None}`` and giving an Answer.

    Raises ``InvalidQuestionError`` for an empty, too long or control-character question.
    """

    # Plain sequential steps: RunnablePassthrough.assign would run each in a thread pool,
    # which costs more than the retrieval itself here.
    def standalone(inputs: dict[str, Any]) -> dict[str, Any]:
        question = validate_question(inputs["question"], max_question_chars)
        return {"question": question, "standalone": condenser(question, inputs.get("history"))}

    def retrieve(inputs: dict[str, Any], config: RunnableConfig) -> dict[str, Any]:
        return {**inputs, "passages": retriever.invoke(inputs["standalone"], config)}

    def answer(inputs: dict[str, Any]) -> Iterator[Answer]:
        yield from answerer.stream(inputs["question"], inputs["standalone"], inputs["passages"])

    return (
        RunnableLambda(standalone, name="condense")
        | RunnableLambda(retrieve, name="retrieve")
        | RunnableLambda(answer, name="answer")
    ).with_config(run_name="article_assistant")
