"""The OpenAI-compatible path end to end with a real model: SmolLM2-135M served by
llama-cpp-python's own server on loopback. A 135M model answers poorly (verification
usually replaces its answer with the offline one), so these tests assert the wire and
the contract, never the answer's content: every question must reach the model and come
back as a reply, so a broken LLM path fails here even though the fallback would still
answer. The fallback itself has a test of its own."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from langchain_core.callbacks import BaseCallbackHandler

from assistant.api import Assistant
from assistant.llm import LocalServer, smollm2_path
from assistant.ports import free_port
from assistant.settings import Settings

pytestmark = pytest.mark.slow

QUESTIONS = [
    "Who supplied Russia with Yemeni mercenaries?",
    "How many troops did North Korea send to join the invasion?",
    "How many casualties did Russia suffer in November 2024?",
    "What were foreign recruits promised?",
    "What is Pyongyang expected to receive from Russia?",
]
# Errors that mean the model answered, only too long for the token budget: the wire worked.
MODEL_OVERRAN = {"LengthFinishReasonError"}


class Calls(BaseCallbackHandler):
    """Each call a chat model makes, and how it ended."""

    def __init__(self) -> None:
        self.started = 0
        self.replied = 0
        self.errors: list[str] = []

    def on_chat_model_start(self, serialized: Any, messages: Any, **kwargs: Any) -> None:
        self.started += 1

    def on_llm_end(self, response: Any, **kwargs: Any) -> None:
        self.replied += 1

    def on_llm_error(self, error: BaseException, **kwargs: Any) -> None:
        self.errors.append(type(error).__name__)


def watched(assistant: Assistant) -> Calls:
    """Start counting the calls of ``assistant``'s answering model."""
    calls = Calls()
    assistant.answer_step.chat_model.callbacks = [calls]  # type: ignore[attr-defined]
    return calls


@pytest.fixture(scope="module")
def llama_server() -> Iterator[LocalServer]:
    server = LocalServer(smollm2_path())
    yield server
    server.stop()


@pytest.fixture(scope="module")
def smol(settings: Settings, llama_server: LocalServer, assistant: Assistant) -> Assistant:
    return Assistant(
        settings.model_copy(
            update={
                "answerer": "openai-compatible",
                "llm_base_url": llama_server.base_url,
                "llm_model": "smollm2",
                "llm_timeout": 60.0,
            }
        )
    )


def test_every_question_reaches_the_real_model_and_keeps_the_citation_contract(
    smol: Assistant, article_text: str
) -> None:
    calls = watched(smol)
    log = smol.answer_step.log  # type: ignore[attr-defined]
    malformed_before = log.malformed
    for asked, question in enumerate(QUESTIONS, start=1):
        answer = smol.ask(question)
        assert calls.started == asked, f"the model was not asked: {question}"
        assert answer.answerer in ("openai-compatible", "openai-compatible->extractive")
        ids = {c.id for c in answer.citations}
        assert {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)} <= ids
        for c in answer.citations:
            assert article_text[c.start : c.end] == c.text
        for sentence in answer.sentences:
            assert sentence.supported == bool(sentence.citation_ids)
    assert set(calls.errors) <= MODEL_OVERRAN, calls.errors
    assert calls.replied + len(calls.errors) == len(QUESTIONS)
    assert log.malformed - malformed_before < calls.replied  # replies parse as JSON


def test_a_real_model_reply_is_parsed_and_verified(smol: Assistant) -> None:
    """The first question the model answers within its token budget (a 135M model
    sometimes runs past it, which says nothing of the wire) is parsed and verified."""
    log = smol.answer_step.log  # type: ignore[attr-defined]
    for question in QUESTIONS:
        calls = watched(smol)
        before = (log.failed_calls, log.malformed)
        smol.ask(question)
        assert calls.started == 1 and set(calls.errors) <= MODEL_OVERRAN, calls.errors
        if calls.replied:
            assert (log.failed_calls, log.malformed) == before, log.events[-3:]
            return
    pytest.fail("the model overran its token budget on every question")


def test_when_the_model_cannot_be_reached_the_offline_answer_stands_in(
    settings: Settings, assistant: Assistant, article_text: str
) -> None:
    unreachable = Assistant(
        settings.model_copy(
            update={
                "answerer": "openai-compatible",
                "llm_base_url": f"http://127.0.0.1:{free_port()}/v1",
                "llm_timeout": 10.0,
            }
        )
    )
    answer = unreachable.ask("How many troops did North Korea send to join the invasion?")
    assert answer.answerer == "openai-compatible->extractive"
    assert unreachable.answer_step.log.failed_calls == 1  # type: ignore[attr-defined]
    assert not answer.abstained and answer.citations
    for c in answer.citations:
        assert article_text[c.start : c.end] == c.text


def test_local_answerer_starts_its_own_server_and_asks_it(
    settings: Settings, assistant: Assistant
) -> None:
    local = Assistant(settings.model_copy(update={"answerer": "local", "llm_timeout": 60.0}))
    try:
        assert local.local_server is not None
        calls = watched(local)
        answer = local.ask("How many troops did North Korea send to join the invasion?")
        assert (calls.started, calls.replied, calls.errors) == (1, 1, [])
        assert answer.answerer in ("local", "local->extractive")
        assert not answer.abstained and answer.citations
    finally:
        assert local.local_server is not None
        local.local_server.stop()
