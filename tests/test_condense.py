"""Follow-up questions are searched with the previous question's context."""

from __future__ import annotations

from typing import Any

from assistant import condense as condensing
from assistant.conversation import normalise_history


def condense(question: str, history: Any) -> str:
    """The offline rewrite of ``question`` after ``history`` in any shape callers send."""
    return condensing.condense(question, normalise_history(history))


def test_question_without_history_is_unchanged() -> None:
    assert condense("Who wrote it?", None) == "Who wrote it?"


def test_follow_up_carries_previous_content_words() -> None:
    history = [
        {"role": "user", "content": "How many foreign recruits fight for Russia?"},
        {"role": "assistant", "content": "..."},
    ]
    standalone = condense("And from Nepal?", history)
    assert standalone.startswith("And from Nepal?")
    assert "recruit" in standalone and "russia" in standalone


def test_self_contained_question_is_not_changed() -> None:
    history = [{"role": "user", "content": "How many foreign recruits fight for Russia?"}]
    question = "What did the US special envoy to Yemen report about weapons transfers?"
    assert condense(question, history) == question


def test_tuple_history_is_understood() -> None:
    assert "houthi" in condense("What about them?", [("Who are the Houthis?", "A group.")])


def rewriting_with(reply: str) -> str:
    """The follow-up below as a fake chat model (LangChain's FakeListChatModel) rewrites
    it, after our checks."""
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from assistant.condense import LLMCondenser

    history = [
        {"role": "user", "content": "How many foreigners has Russia granted citizenship?"},
        {"role": "assistant", "content": "More than 3,000 foreigners. [1]"},
    ]
    condenser = LLMCondenser(FakeListChatModel(responses=[reply]), max_chars=2000)
    return condenser("And how many from Nepal?", normalise_history(history))


def test_model_rewrite_that_resolves_the_follow_up_is_used() -> None:
    rewrite = "How many people from Nepal has Russia granted citizenship?"
    assert rewriting_with(f"Standalone question: {rewrite}\n") == rewrite


def test_model_rewrite_that_echoes_the_question_is_replaced_by_the_offline_one() -> None:
    assert rewriting_with("And how many from Nepal?") == (
        "And how many from Nepal? (foreign russia grant citizenship)"
    )


def test_model_rewrite_that_drops_a_name_of_the_question_is_refused() -> None:
    assert "Nepal" in rewriting_with("How many foreigners has Russia granted citizenship?")
