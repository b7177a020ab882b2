"""Every shape of conversation history callers send becomes the same list of turns."""

from __future__ import annotations

from assistant.conversation import (
    Turn,
    conversation_text,
    normalise_history,
    previous_user_question,
)


def test_role_content_dicts_become_turns() -> None:
    turns = normalise_history(
        [{"role": "user", "content": "Hi?"}, {"role": "assistant", "content": "Yes."}]
    )
    assert turns == [Turn(role="user", content="Hi?"), Turn(role="assistant", content="Yes.")]


def test_typed_content_parts_are_joined_into_text() -> None:
    history = [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "Who"},
                {"type": "image_url"},
                {"type": "text", "text": "wrote it?"},
            ],
        }
    ]
    assert normalise_history(history) == [Turn(role="user", content="Who wrote it?")]


def test_user_assistant_pairs_become_two_turns() -> None:
    assert normalise_history([("Q?", "A.")]) == [
        Turn(role="user", content="Q?"),
        Turn(role="assistant", content="A."),
    ]


def test_messages_without_text_or_with_unknown_roles_are_left_out() -> None:
    history = [{"role": "user", "content": None}, {"role": "tool", "content": "x"}, 42]
    assert normalise_history(history) == []
    assert normalise_history(None) == []


def test_previous_user_question_is_the_last_user_turn() -> None:
    turns = normalise_history([("First?", "One."), ("Second?", "Two.")])
    assert previous_user_question(turns) == "Second?"
    assert previous_user_question([]) is None


def test_conversation_text_drops_citation_markers_and_system_turns() -> None:
    turns = [
        Turn(role="system", content="Be brief."),
        Turn(role="user", content="How many?"),
        Turn(role="assistant", content="About 10,000 troops. [1][2]"),
    ]
    assert conversation_text(turns) == "User: How many?\nAssistant: About 10,000 troops."
