"""Split cleaned text into sentences and sentence-aware, overlapping chunks.

Every span carries offsets into the ORIGINAL source file: for text files
``source[start:end] == text``; for HTML the span covers the same words with their markup
(``index.html.visible_text(source[start:end]) == text``). Chunks never cross a block
(paragraph) boundary.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

from index.blocks import Block, CleanedText


@dataclass(frozen=True)
class Span:
    """Text of a source with its span in the original file and its place in the index."""

    source: str
    start: int
    end: int
    text: str
    ordinal: int

    def metadata(self) -> dict[str, Any]:
        """Every field but the text, as stored beside it in Chroma."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "text"}


@dataclass(frozen=True)
class Sentence(Span):
    """One sentence of a source; ``paragraph`` numbers its block within the source."""

    role: str = "body"
    paragraph: int = 0


@dataclass(frozen=True)
class Chunk(Span):
    """A run of consecutive sentences of one paragraph: the unit of retrieval."""

    content_hash: str

    @property
    def id(self) -> str:
        return f"{self.content_hash[:16]}-{self.ordinal}"


# Markdown emphasis closing right after a sentence's full stop ("**", "_").
_CLOSING_MARKUP = re.compile(r"[*_]+(?=\s|$)")


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in ``text``, trimmed of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    # pysbd's own spans (``segment``) compile a regex per sentence, almost half its time,
    # and drift on repeated sentences: its sentences are located here from a cursor.
    for piece in _segmenter().processor(text).process():
        stripped = piece.strip()
        if not stripped:
            continue
        start = text.find(stripped, cursor)
        if start < 0:
            continue
        end = start + len(stripped)
        closing = _CLOSING_MARKUP.match(text, start, end)
        if closing and spans and spans[-1][1] == start:
            # "**Shoes.** Expect ...": the splitter cuts after the full stop, leaving the
            # emphasis's closing marks to the next sentence; they end the one before.
            spans[-1] = (spans[-1][0], closing.end())
            rest = text[closing.end() : end]
            start = end - len(rest.lstrip())
        if spans and spans[-1][1] == start and text.startswith("![", start - 1):
            # A Markdown image inside a sentence ("The camera ![x](cam.png) recorded"):
            # the splitter ends a sentence at its "!"; the image is part of that sentence.
            spans[-1] = (spans[-1][0], end)
        elif start < end:
            spans.append((start, end))
        cursor = end
    return spans


def segment(
    cleaned: CleanedText, source: str, max_chars: int, overlap_sentences: int
) -> tuple[list[Sentence], list[Chunk]]:
    """The sentences and chunks of a cleaned document, with original-file offsets.

    Consecutive sentences of a block are packed into chunks of at most ``max_chars``
    (a longer sentence is a chunk of its own); consecutive chunks of one block share
    ``overlap_sentences`` sentences.
    """
    sentences: list[Sentence] = []
    chunks: list[Chunk] = []
    for paragraph, block in enumerate(cleaned.blocks):
        spans = split_sentences(block.text)
        for start, end in spans:
            o_start, o_end = block.to_original(start, end)
            text = block.text[start:end]
            sentences.append(
                Sentence(source, o_start, o_end, text, len(sentences), block.role, paragraph)
            )
        chunks += _chunks_of(block, spans, source, max_chars, overlap_sentences, len(chunks))
    return sentences, chunks


def _chunks_of(
    block: Block,
    spans: list[tuple[int, int]],
    source: str,
    max_chars: int,
    overlap_sentences: int,
    first_ordinal: int,
) -> list[Chunk]:
    chunks: list[Chunk] = []
    first = 0
    while first < len(spans):
        last = first
        while last + 1 < len(spans) and spans[last + 1][1] - spans[first][0] <= max_chars:
            last += 1
        text = block.text[spans[first][0] : spans[last][1]]
        start, end = block.to_original(spans[first][0], spans[last][1])
        chunks.append(
            Chunk(
                source=source,
                start=start,
                end=end,
                text=text,
                ordinal=first_ordinal + len(chunks),
                content_hash=hashlib.sha256(text.encode()).hexdigest(),
            )
        )
        if last + 1 >= len(spans):
            break
        first = max(last + 1 - overlap_sentences, first + 1)
    return chunks


def sentences_within(starts: Sequence[int], ends: Sequence[int], start: int, end: int) -> range:
    """Positions of the sentences inside ``[start, end)``, given the spans of one source's
    sentences in order (``starts``, ``ends``): a chunk's own sentences."""
    low = bisect_left(starts, start)
    high = bisect_left(starts, end)
    while high > low and ends[high - 1] > end:
        high -= 1
    return range(low, high)
