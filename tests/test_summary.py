"""Summaries: central sentences, as short as asked, main point first (fast: an in-memory
index with a word-hash stand-in for MiniLM)."""

from __future__ import annotations

import numpy as np

from assistant.answering.strategies.summary import lexrank, summarise
from assistant.tuning import AnswerTuning
from tests.sentence_table import passages_of, scorer_of, tiny_index

STORY = {
    "story.txt": [
        [("title", "Harbour news")],
        [
            "The harbour town rebuilt its harbour after the storm.",
            "The storm broke the harbour wall in the winter.",
            "They paid for the harbour wall with a town loan.",
        ],
        [
            "The new harbour wall stands higher than the old harbour wall.",
            "Ferries returned to the harbour town in spring.",
        ],
        ["The town expects more ferries at the harbour next year."],
    ],
    "other.txt": [["Apples grow in the valley."]],
}


def test_lexrank_ranks_the_sentence_linked_to_most_others_first() -> None:
    vectors = np.array(
        [
            [0.8, 0.6, 0.0],  # like the centre only
            [1.0, 0.0, 0.0],  # like both neighbours: the centre
            [0.8, -0.6, 0.0],  # like the centre only (0.28 to the first: no link)
            [0.0, 0.0, 1.0],  # like nothing
        ]
    )
    rank = lexrank(vectors)
    assert int(np.argmax(rank)) == 1
    assert rank[3] < rank[0] and abs(rank.sum() - 1.0) < 1e-6


def test_a_brief_summary_is_two_body_sentences_of_the_first_document_main_point_first() -> None:
    index = tiny_index(STORY)
    picks = summarise(
        scorer_of(index), passages_of(index, "story.txt"), conclusion=False, length="brief"
    )
    most, chars = AnswerTuning().summary_lengths["brief"]
    texts = [index.sentences[p.position].text for p in picks]
    assert 1 <= len(picks) <= most and len(" ".join(texts)) <= chars
    assert {index.sentences[p.position].source for p in picks} == {"story.txt"}
    assert all(index.sentences[p.position].role == "body" for p in picks)
    assert picks[0].score == 1.0  # the most central first
    assert [p.position for p in picks[1:]] == sorted(p.position for p in picks[1:])


def test_a_short_summary_skips_sentences_leaning_on_the_one_before() -> None:
    index = tiny_index(STORY)
    picks = summarise(
        scorer_of(index), passages_of(index, "story.txt"), conclusion=False, length="short"
    )
    assert not any(index.sentences[p.position].text.startswith("They") for p in picks)


def test_a_conclusion_comes_from_the_closing_paragraphs() -> None:
    index = tiny_index(STORY)
    picks = summarise(scorer_of(index), passages_of(index, "story.txt"), conclusion=True)
    assert picks and {index.sentences[p.position].paragraph for p in picks} <= {2, 3}


def test_a_summary_asked_for_in_one_sentence_is_one_sentence() -> None:
    index = tiny_index(STORY)
    for length in ("brief", "short", "detailed"):
        picks = summarise(
            scorer_of(index), passages_of(index, "story.txt"), length=length, sentence_count=1
        )
        assert len(picks) == 1 and picks[0].score == 1.0  # the most central sentence


def test_a_summary_asked_for_in_more_sentences_than_its_length_gives_them() -> None:
    index = tiny_index(STORY)
    picks = summarise(
        scorer_of(index), passages_of(index, "story.txt"), length="brief", sentence_count=4
    )
    assert len(picks) == 4
