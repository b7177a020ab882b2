"""LangChain conventions: the standard retriever suite, and the chain as a Runnable."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_tests.integration_tests import RetrieversIntegrationTests

from assistant import Answer
from assistant.api import Assistant

pytestmark = pytest.mark.slow
QUESTION = "How many troops did North Korea send to join the invasion?"


class TestHybridRetrieverStandard(RetrieversIntegrationTests):
    """LangChain's own retriever tests, run against ``Assistant.as_retriever``."""

    @pytest.fixture(autouse=True)
    def _assistant(self, assistant: Assistant) -> None:
        self.assistant = assistant

    @property
    def retriever_constructor(self) -> Callable[..., BaseRetriever]:  # type: ignore[override]
        return self.assistant.as_retriever

    @property
    def retriever_query_example(self) -> str:
        return QUESTION


def test_search_kwargs_reach_the_retriever(assistant: Assistant) -> None:
    retriever = assistant.as_retriever(k=2, dense_k=3, bm25_k=4)
    assert len(retriever.invoke(QUESTION)) == 2
    assert (retriever.dense_k, retriever.bm25_k) == (3, 4)  # type: ignore[attr-defined]


def test_unknown_search_kwargs_are_refused(assistant: Assistant) -> None:
    with pytest.raises(ValueError, match="unknown search arguments: top_p"):
        assistant.as_retriever(top_p=3)


async def test_ainvoke_honours_k(assistant: Assistant) -> None:
    documents = await assistant.as_retriever().ainvoke(QUESTION, k=1)
    assert len(documents) == 1 and isinstance(documents[0], Document)


def _question(text: str) -> dict[str, Any]:
    return {"question": text, "history": []}


def test_runnable_invoke_gives_a_cited_answer(assistant: Assistant) -> None:
    answer = assistant.as_runnable().invoke(_question(QUESTION))
    assert isinstance(answer, Answer) and not answer.abstained and answer.citations


def test_runnable_batch_answers_each_question_in_order(assistant: Assistant) -> None:
    questions = [QUESTION, "Who supplied Russia with Yemeni mercenaries?"]
    answers = assistant.as_runnable().batch([_question(q) for q in questions])
    assert [a.question for a in answers] == questions


def test_runnable_stream_ends_with_the_invoked_answer(assistant: Assistant) -> None:
    steps = list(assistant.as_runnable().stream(_question(QUESTION)))
    assert steps and all(isinstance(s, Answer) for s in steps)
    assert steps[-1] == assistant.as_runnable().invoke(_question(QUESTION))


async def test_runnable_astream_ends_with_the_invoked_answer(assistant: Assistant) -> None:
    steps = [step async for step in assistant.as_runnable().astream(_question(QUESTION))]
    assert steps and steps[-1] == assistant.ask(QUESTION)
