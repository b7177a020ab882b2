"""Text of a PDF, page by page, laid out as paragraphs so it can be cleaned and cited.

pypdf gives one line per printed line, so a paragraph is broken mid-sentence. The stored
text joins a paragraph's lines with spaces and separates paragraphs (and pages) by a
blank line; citations index that stored text, and each page's start offset in it is kept
so a citation can name its page.
"""

from __future__ import annotations

from pathlib import Path

from index.errors import SourceError

PAGE_SEPARATOR = "\n\n"
# A line shorter than this share of the page's longest line ends its paragraph.
SHORT_LINE_SHARE = 0.75


def _paragraphs(page_text: str) -> list[str]:
    lines = [line.strip() for line in page_text.splitlines() if line.strip()]
    if not lines:
        return []
    longest = max(len(line) for line in lines)
    paragraphs: list[list[str]] = [[]]
    for line, following in zip(lines, [*lines[1:], ""]):
        paragraphs[-1].append(line)
        # A heading set in capitals wraps onto lines as short as its own end.
        wrapped_heading = line.isupper() and following.isupper()
        if len(line) < SHORT_LINE_SHARE * longest and not wrapped_heading:
            paragraphs.append([])
    return [" ".join(p) for p in paragraphs if p]


def pdf_text(path: Path) -> tuple[str, list[int]]:
    """The text of the PDF at ``path`` and the offset where each page starts in it.

    Raises ``SourceError`` for a file pypdf cannot read, an encrypted one, or one without
    a text layer (a scan).
    """
    from pypdf import PdfReader

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise SourceError(f"{path.name}: the PDF is encrypted")
        pages = [page.extract_text() or "" for page in reader.pages]
    except SourceError:
        raise
    # A hostile PDF can make pypdf fail in any way (deep nesting: RecursionError; a
    # stream that inflates past its limit: LimitReachedError): each is a refusal.
    except Exception as exc:
        raise SourceError(f"{path.name}: not a readable PDF ({type(exc).__name__})") from exc
    text, starts = "", []
    for page in pages:
        starts.append(len(text) + (len(PAGE_SEPARATOR) if text else 0))
        paragraphs = _paragraphs(page)
        if paragraphs:
            text += (PAGE_SEPARATOR if text else "") + PAGE_SEPARATOR.join(paragraphs)
    if not text.strip():
        raise SourceError(f"{path.name}: the PDF has no text layer (a scan?); nothing to index")
    return text, starts


def page_of(starts: list[int], offset: int) -> int:
    """The 1-based page holding ``offset``, given each page's start offset."""
    page = 1
    for number, start in enumerate(starts, start=1):
        if start <= offset:
            page = number
    return page
