"""The indexed documents as a reader sees them: paragraphs of article text, each mapped
back to the exact characters of its source file."""

from __future__ import annotations

from dataclasses import dataclass

from index.blocks import Block
from index.clean import clean_source


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a document's article text; ``start``/``end`` span the source file."""

    text: str
    start: int
    end: int
    _block: Block

    def local_span(self, start: int, end: int) -> tuple[int, int]:
        """The part of ``text`` that the source span ``[start:end)`` covers."""
        return self._block.to_local(start, end)


@dataclass(frozen=True)
class DocumentView:
    """A source file's article text (page chrome removed), paragraph by paragraph."""

    name: str
    length: int
    paragraphs: tuple[Paragraph, ...]

    @classmethod
    def of(cls, name: str, text: str, file_name: str | None = None) -> DocumentView:
        """The view of source ``name`` whose file (``file_name``, by default ``name``)
        holds ``text``."""
        blocks = clean_source(file_name or name, text).blocks
        paragraphs = tuple(Paragraph(b.text, b.original_start, b.original_end, b) for b in blocks)
        return cls(name, len(text), paragraphs)

    def paragraph_at(self, offset: int) -> Paragraph:
        """The paragraph holding source offset ``offset`` (the first one if none does)."""
        return next((p for p in self.paragraphs if p.start <= offset < p.end), self.paragraphs[0])
