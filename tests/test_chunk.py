"""Sentences and chunks are exact spans of the original file, sized and overlapping as set."""

from __future__ import annotations

import pytest

from index.chunk import Chunk, segment, sentences_within, split_sentences
from index.clean import clean


@pytest.fixture(scope="module")
def sentences(article_text: str) -> list:  # type: ignore[type-arg]
    return segment(clean(article_text), "article.txt", 500, 1)[0]


def chunk_sentences(article_text: str, max_chars: int, overlap_sentences: int) -> list[Chunk]:
    return segment(clean(article_text), "article.txt", max_chars, overlap_sentences)[1]


def test_sentences_are_exact_slices_of_the_original(article_text: str, sentences: list) -> None:  # type: ignore[type-arg]
    assert len(sentences) > 40
    for s in sentences:
        assert article_text[s.start : s.end] == s.text
        assert s.text == s.text.strip()


def test_sentence_splitter_handles_numbers_and_quotes() -> None:
    text = "Russia has 45,000 casualties. “They keep you cold,” he said. It ended."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Russia has 45,000 casualties.",
        "“They keep you cold,” he said.",
        "It ended.",
    ]


@pytest.mark.parametrize("max_chars", [150, 300, 500, 800])
def test_chunks_are_exact_slices_within_the_size_limit(
    article_text: str,
    sentences: list,
    max_chars: int,  # type: ignore[type-arg]
) -> None:
    chunks = chunk_sentences(article_text, max_chars, overlap_sentences=1)
    for chunk in chunks:
        assert article_text[chunk.start : chunk.end] == chunk.text
        single_sentence = any(s.start == chunk.start and s.end == chunk.end for s in sentences)
        assert len(chunk.text) <= max_chars or single_sentence
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))


def test_every_sentence_is_in_some_chunk(article_text: str, sentences: list) -> None:  # type: ignore[type-arg]
    chunks = chunk_sentences(article_text, 300, overlap_sentences=1)
    for s in sentences:
        assert any(c.start <= s.start and s.end <= c.end for c in chunks)


def test_consecutive_chunks_of_a_paragraph_share_the_overlap(
    article_text: str,
    sentences: list,  # type: ignore[type-arg]
) -> None:
    chunks = chunk_sentences(article_text, 300, overlap_sentences=1)
    overlapping = [(a, b) for a, b in zip(chunks, chunks[1:]) if b.start < a.end]
    assert overlapping, "a 300-char limit must split some paragraph"
    for a, b in overlapping:
        shared = article_text[b.start : a.end]
        assert any(s.text == shared for s in sentences)


def test_no_overlap_when_set_to_zero(article_text: str, sentences: list) -> None:  # type: ignore[type-arg]
    chunks = chunk_sentences(article_text, 300, overlap_sentences=0)
    for a, b in zip(chunks, chunks[1:]):
        assert b.start >= a.end


def test_chunks_carry_source_and_content_hash(article_text: str, sentences: list) -> None:  # type: ignore[type-arg]
    import hashlib

    for chunk in chunk_sentences(article_text, 500, overlap_sentences=1):
        assert chunk.source == "article.txt"
        assert chunk.content_hash == hashlib.sha256(chunk.text.encode()).hexdigest()
        assert set(chunk.metadata()) == {"source", "start", "end", "ordinal", "content_hash"}


def test_each_chunk_finds_exactly_its_own_sentences(article_text: str, sentences: list) -> None:  # type: ignore[type-arg]
    starts, ends = [s.start for s in sentences], [s.end for s in sentences]
    for chunk in chunk_sentences(article_text, 300, 1):
        own = sentences_within(starts, ends, chunk.start, chunk.end)
        assert len(own) >= 1
        assert chunk.start == sentences[own.start].start
        assert chunk.end == sentences[own.stop - 1].end


def test_markdown_emphasis_closing_after_a_full_stop_ends_that_sentence() -> None:
    text = "1. **Running shoes fitted at a shop.** Expect to pay £80. **Socks.**\n"
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "1. **Running shoes fitted at a shop.**",
        "Expect to pay £80.",
        "**Socks.**",
    ]
