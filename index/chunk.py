"""Split cleaned text into sentences and sentence-aware, overlapping chunks.

Every span carries offsets into the ORIGINAL source file, so ``source[start:end] == text``.
Chunks never cross a block (paragraph) boundary: a block is kept verbatim from the
original, so a chunk inside it is an exact slice of the source.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from index.clean import CleanedText


@dataclass(frozen=True)
class Sentence:
    """One sentence of a source, with its span in the original file."""

    source: str
    start: int
    end: int
    text: str
    ordinal: int
    role: str = "body"


@dataclass(frozen=True)
class Chunk:
    """A run of consecutive sentences of one paragraph: the unit of retrieval."""

    source: str
    start: int
    end: int
    text: str
    ordinal: int
    content_hash: str

    @property
    def id(self) -> str:
        return f"{self.content_hash[:16]}-{self.ordinal}"

    def metadata(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "start": self.start,
            "end": self.end,
            "ordinal": self.ordinal,
            "content_hash": self.content_hash,
        }


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in ``text``, trimmed of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _segmenter().segment(text):
        # pysbd's offsets drift on repeated sentences: locate each piece from a cursor.
        stripped = piece.sent.strip()
        if not stripped:
            continue
        start = text.find(stripped, cursor)
        if start < 0:
            continue
        spans.append((start, start + len(stripped)))
        cursor = start + len(stripped)
    return spans


def sentences_of(cleaned: CleanedText, source: str, original: str) -> list[Sentence]:
    """All sentences of a cleaned document, with original-file offsets."""
    sentences: list[Sentence] = []
    for block in cleaned.blocks:
        for start, end in split_sentences(block.text):
            o_start, o_end = block.original_start + start, block.original_start + end
            sentences.append(
                Sentence(
                    source, o_start, o_end, original[o_start:o_end], len(sentences), block.role
                )
            )
    return sentences


def chunk_sentences(
    sentences: list[Sentence],
    original: str,
    max_chars: int,
    overlap_sentences: int,
) -> list[Chunk]:
    """Pack consecutive sentences of a paragraph into chunks of at most ``max_chars``.

    A sentence longer than ``max_chars`` becomes a chunk of its own. Consecutive chunks of
    one paragraph share ``overlap_sentences`` sentences.
    """
    paragraphs: list[list[Sentence]] = []
    for sentence in sentences:
        previous = paragraphs[-1][-1] if paragraphs else None
        same_paragraph = (
            previous is not None
            and previous.source == sentence.source
            and "\n\n" not in original[previous.end : sentence.start]
        )
        if same_paragraph:
            paragraphs[-1].append(sentence)
        else:
            paragraphs.append([sentence])

    chunks: list[Chunk] = []
    for paragraph in paragraphs:
        first = 0
        while first < len(paragraph):
            last = first
            while (
                last + 1 < len(paragraph)
                and paragraph[last + 1].end - paragraph[first].start <= max_chars
            ):
                last += 1
            start, end = paragraph[first].start, paragraph[last].end
            text = original[start:end]
            chunks.append(
                Chunk(
                    source=paragraph[first].source,
                    start=start,
                    end=end,
                    text=text,
                    ordinal=len(chunks),
                    content_hash=hashlib.sha256(text.encode()).hexdigest(),
                )
            )
            if last + 1 >= len(paragraph):
                break
            first = max(last + 1 - overlap_sentences, first + 1)
    return chunks
