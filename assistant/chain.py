"""The LCEL chain: check the question, condense it, retrieve passages, answer.

The answer step is a generator of growing answers, so ``chain.stream(...)`` yields each
verified step of the answer as it is ready and ``chain.invoke(...)`` returns the last,
complete one.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, Protocol

from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableConfig, RunnableLambda

from assistant.answering.intent import Intent
from assistant.answers import Answer
from assistant.conversation import Turn, normalise_history
from assistant.questions import validate_question

# Turns a follow-up into the question to search for, given the conversation so far.
Condenser = Callable[[str, list[Turn]], str]
# (previous answer, the follow-up's own words) -> the documents to answer it from (None: all).
FollowUpScope = Callable[[str, str], list[str] | None]


class Answerer(Protocol):
    """An answer step: the question read (its ``Intent``) and the retrieved passages ->
    Answer."""

    def answer(self, intent: Intent, passages: list[Document]) -> Answer: ...

    def stream(self, intent: Intent, passages: list[Document]) -> Iterator[Answer]: ...


def build_chain(
    retriever: BaseRetriever,
    answerer: Answerer,
    condenser: Condenser,
    max_question_chars: int,
    locate: Callable[[Answer, list[str] | None], Answer] = lambda answer, sources: answer,
    follow_up_scope: FollowUpScope = lambda said, asked: None,
) -> Runnable[Any, Answer]:
    """A Runnable taking ``{"question": str, "history": list | None, "sources": list |
    None}`` and giving an Answer; ``history`` in any shape ``normalise_history`` reads,
    ``sources`` the names of the documents to answer from (default: all; for a follow-up or
    a question about the document in a conversation, those ``follow_up_scope`` gives).
    ``locate`` completes each answer for the documents searched (citations' document id and
    page, an abstention's wording).

    Raises ``InvalidQuestionError`` for an empty, too long or control-character question.
    """

    # Plain sequential steps: RunnablePassthrough.assign would run each in a thread pool,
    # which costs more than the retrieval itself here.
    def standalone(inputs: dict[str, Any]) -> dict[str, Any]:
        question = validate_question(inputs["question"], max_question_chars)
        history = normalise_history(inputs.get("history"))
        # The question is read once, as searched; every step of the answer reads that.
        intent = Intent.read(question, condenser(question, history))
        said = next((t.content for t in reversed(history) if t.role == "assistant"), "")
        if intent.follow_up:
            # what was just said: the answer to a follow-up is often beside it
            intent = dataclasses.replace(intent, previous_answer=said)
        # A follow-up goes on about what was just said, and in a conversation "Who wrote
        # it?" asks about the document it was said from.
        goes_on = intent.follow_up or intent.about_the_document
        return {"intent": intent, "sources": inputs.get("sources"), "said": said if goes_on else ""}

    def retrieve(inputs: dict[str, Any], config: RunnableConfig) -> dict[str, Any]:
        intent, sources = inputs["intent"], inputs["sources"]
        if not sources and inputs["said"]:
            # answered from the documents that was said from; documents the user chose stand
            sources = follow_up_scope(inputs["said"], intent.own_words)
        scope = {"sources": sources} if sources else {}
        passages = retriever.invoke(intent.standalone, config, **scope)
        return {**inputs, "sources": sources, "passages": passages}

    def answer(inputs: dict[str, Any]) -> Iterator[Answer]:
        for step in answerer.stream(inputs["intent"], inputs["passages"]):
            yield locate(step, inputs["sources"])

    async def answer_async(inputs: dict[str, Any]) -> AsyncIterator[Answer]:
        # The answer steps are synchronous (CPU work, blocking LLM calls): each is taken
        # in a worker thread, so an event loop keeps serving while the answer grows.
        steps = answer(inputs)
        while (step := await asyncio.to_thread(next, steps, None)) is not None:
            yield step

    return (
        RunnableLambda(standalone, name="condense")
        | RunnableLambda(retrieve, name="retrieve")
        | RunnableLambda(answer, answer_async, name="answer")
    ).with_config(run_name="article_assistant")
