"""Text kept from a source, mapped back to the exact characters of the file it came from.

A ``Block`` is one paragraph of kept text; ``CleanedText`` the article text they make,
which maps any offset back to the original file.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Block:
    """A kept block: its text, role, and where it starts in the original and cleaned text.

    ``role`` is "title" (the first block), "heading" (a Markdown heading), "byline",
    "caption", "date" or "body". A block copied
    verbatim maps back by one shift; an extracted one (HTML) carries ``char_spans``, the
    span of the original that each of its characters came from.
    """

    text: str
    original_start: int
    clean_start: int
    role: str = "body"
    char_spans: tuple[tuple[int, int], ...] | None = None

    @property
    def original_end(self) -> int:
        if self.char_spans:
            return self.char_spans[-1][1]
        return self.original_start + len(self.text)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of this block's text ``[start:end]`` (non-empty)."""
        if self.char_spans is None:
            return self.original_start + start, self.original_start + end
        return self.char_spans[start][0], self.char_spans[end - 1][1]

    def to_local(self, start: int, end: int) -> tuple[int, int]:
        """The part of this block's text that the original span ``[start:end)`` covers."""
        if self.char_spans is None:
            low, high = start - self.original_start, end - self.original_start
        else:
            # The characters whose file spans overlap [start, end): markup around the
            # span (a closing tag, say) does not pull in the character after it.
            low = bisect_right(self.char_spans, start, key=lambda span: span[1])
            high = bisect_left(self.char_spans, end, key=lambda span: span[0])
        return max(low, 0), min(high, len(self.text))

    def truncated(self, length: int) -> Block:
        spans = self.char_spans[:length] if self.char_spans is not None else None
        return replace(self, text=self.text[:length], char_spans=spans)


@dataclass(frozen=True)
class LeftOut:
    """A block of the source that is not indexed, where the file has it, and why."""

    text: str
    start: int
    end: int
    reason: str  # "page chrome", "repeated", "not part of the article"


@dataclass(frozen=True)
class CleanedText:
    """The article text without chrome, the blocks that map it back to the original, and
    the blocks left out."""

    text: str
    blocks: tuple[Block, ...]
    left_out: tuple[LeftOut, ...] = ()

    def to_original(self, clean_offset: int) -> int:
        """Map an offset in ``text`` to the offset of the same character in the original."""
        if not 0 <= clean_offset <= len(self.text):
            raise ValueError(f"offset {clean_offset} outside 0..{len(self.text)}")
        starts = [block.clean_start for block in self.blocks]
        block = self.blocks[max(bisect_right(starts, clean_offset) - 1, 0)]
        local = min(clean_offset - block.clean_start, len(block.text))
        if local == len(block.text):
            return block.original_end
        return block.to_original(local, local + 1)[0]
