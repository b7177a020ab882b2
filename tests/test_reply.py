"""An LLM's JSON reply is parsed whole, or sentence by sentence while it is written."""

from __future__ import annotations

import pytest
from langchain_core.documents import Document

from assistant.answering.reply import fence, finished_sentences, parse_reply

REPLY = (
    '{"sentences": [{"text": "North Korea sent troops.", "passage_ids": [1], '
    '"quote": "sent 10,000 troops"}, {"text": "They fought in Kursk.", '
    '"passage_ids": [2], "quote": "in Kursk"}]}'
)


def test_reply_sentences_are_read_in_order() -> None:
    reply = parse_reply(REPLY)
    sentences = reply.sentences
    assert reply.answerable
    assert [s["text"] for s in sentences] == ["North Korea sent troops.", "They fought in Kursk."]
    assert sentences[0]["passage_ids"] == [1]


def test_reply_wrapped_in_prose_or_a_code_fence_is_still_read() -> None:
    assert len(parse_reply(f"Here you go:\n```json\n{REPLY}\n```").sentences) == 2


def test_raw_newlines_inside_strings_are_accepted() -> None:
    reply = '{"sentences": [{"text": "One\nline.", "passage_ids": [], "quote": ""}]}'
    assert parse_reply(reply).sentences[0]["text"] == "One\nline."


@pytest.mark.parametrize(
    "reply", ["I cannot answer that.", '{"answer": "no sentences key"}', '{"sentences": "x"}']
)
def test_malformed_reply_raises_value_error(reply: str) -> None:
    with pytest.raises(ValueError):
        parse_reply(reply)


def test_sentence_entries_without_text_are_dropped() -> None:
    reply = '{"sentences": [{"text": "Kept."}, {"passage_ids": [1]}, "bare", {"text": 3}]}'
    assert parse_reply(reply).sentences == [{"text": "Kept."}]


def test_a_reply_may_say_the_passages_do_not_answer() -> None:
    assert not parse_reply('{"answerable": false, "sentences": []}').answerable
    assert not parse_reply('{"sentences": []}').answerable
    assert parse_reply('{"answerable": true, "sentences": [{"text": "Yes."}]}').answerable


def test_no_sentence_is_finished_before_the_second_begins() -> None:
    half = REPLY[: REPLY.index('{"text": "They')]
    assert finished_sentences(REPLY[:40]) == []
    assert [s["text"] for s in finished_sentences(half + '{"text": "Th')] == [
        "North Korea sent troops."
    ]


def test_every_sentence_but_the_last_begun_is_finished() -> None:
    assert [s["text"] for s in finished_sentences(REPLY)] == ["North Korea sent troops."]


def test_text_before_the_json_object_is_not_a_sentence() -> None:
    assert finished_sentences("Thinking about it") == []


def test_passages_are_numbered_from_one_and_fenced_as_data() -> None:
    passages = [
        Document(
            page_content="First passage.", metadata={"source": "a.txt", "start": 0, "end": 14}
        ),
        Document(page_content="Second.", metadata={"source": "a.txt", "start": 20, "end": 27}),
    ]
    fenced = fence(passages)
    assert fenced.startswith("[1] (a.txt, characters 0-14)\n<<<\nFirst passage.\n>>>")
    assert "[2] (a.txt, characters 20-27)\n<<<\nSecond.\n>>>" in fenced
