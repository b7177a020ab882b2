"""The OpenAI-compatible path end to end with a real model: SmolLM2-135M served by
llama-cpp-python's own server on loopback. A 135M model answers poorly, so these tests
assert the contract and the verification, never the answer's content."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from assistant.api import Assistant
from assistant.llm import LocalServer, smollm2_path
from assistant.settings import Settings

pytestmark = pytest.mark.slow

QUESTIONS = [
    "Who supplied Russia with Yemeni mercenaries?",
    "How many troops did North Korea send to join the invasion?",
    "How many casualties did Russia suffer in November 2024?",
    "What were foreign recruits promised?",
    "What is Pyongyang expected to receive from Russia?",
]


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


def test_real_model_answers_keep_the_citation_contract(smol: Assistant, article_text: str) -> None:
    for question in QUESTIONS:
        answer = smol.ask(question)
        assert answer.answerer in ("openai-compatible", "openai-compatible->extractive")
        ids = {c.id for c in answer.citations}
        assert {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)} <= ids
        for c in answer.citations:
            assert article_text[c.start : c.end] == c.text
        for sentence in answer.sentences:
            assert sentence.supported == bool(sentence.citation_ids)


def test_real_model_calls_go_over_the_wire_and_are_verified(smol: Assistant) -> None:
    log = smol.answer_step.log  # type: ignore[attr-defined]
    calls_before = log.failed_calls
    smol.ask("Who supplied Russia with Yemeni mercenaries?")
    assert log.failed_calls == calls_before, log.events[-3:]


def test_local_answerer_starts_its_own_server(settings: Settings, assistant: Assistant) -> None:
    local = Assistant(settings.model_copy(update={"answerer": "local", "llm_timeout": 60.0}))
    try:
        assert local.local_server is not None
        answer = local.ask("How many troops did North Korea send to join the invasion?")
        assert answer.answerer.startswith("local")
        assert not answer.abstained and answer.citations
    finally:
        assert local.local_server is not None
        local.local_server.stop()
