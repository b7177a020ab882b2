"""Follow-up questions are searched with the previous question's context."""

from __future__ import annotations

from assistant.condense import condense


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
