"""Strip scraped-page chrome from a document, keeping a map back to the original offsets.

A scraped page is a run of blocks separated by blank lines. Blocks that are page chrome
are dropped whole, by rules that hold for any site rather than phrases of one page: a
boilerplate phrase (newsletter, share, cookies, comment form, disclaimer, ...), a
heading or label (a few words, no sentence end), a short run of names and numbers with
hardly a common word (an address), and prose standing between two boilerplate blocks.
The site name is cut from the title line; a block repeating an earlier one is dropped.
HTML goes through trafilatura instead (``html_article``). Kept blocks
are copied verbatim, so any span of the cleaned text inside one block maps back to the
original file by a single offset shift.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from pydantic import BaseModel

from index.blocks import Block, CleanedText, LeftOut
from index.dates import DATE, DATELINE
from index.html import html_parts

# Phrases that mark a short block as page furniture on any site: newsletter and social
# prompts, comment forms, legal notes, link lists. A paragraph of the article may use the
# same words ("the library's newsletter announced ..."), so only a block of at most
# CUE_BLOCK_WORDS words is chrome for holding one.
BOILERPLATE_CUES = re.compile(
    r"\b(?:newsletters?|subscribe|sign up|inbox|follow us|share (?:this|on)\b"
    r"|cookies?|privacy policy|terms of (?:use|service)|all rights reserved|copyright"
    r"|leave a (?:reply|comment)|required fields|will not be published|advertisement"
    r"|related (?:articles|posts|reading|stories)|read more)\b|©",
    re.IGNORECASE,
)
CUE_BLOCK_WORDS = 40
# A heading or label: a few words and no sentence end.
HEADING_WORDS = 6
# Under this share of common words a short block with a number is an address or a list
# of figures, not prose.
PROSE_STOPWORD_SHARE = 0.2
ADDRESS_WORDS = 12
# A paragraph of prose has at least this many words and ends a sentence.
PROSE_WORDS = 8
_BLOCK = re.compile(r"[^\n]+(?:\n[^\n]+)*")
# A line of a block, without the blanks around it.
_LINE = re.compile(r"^[^\S\n]*(\S[^\n]*?)[^\S\n]*$", re.MULTILINE)
# A part of a credits line: "Brackenfold Water | Published 14 July 2031 | Notice prepared by
# Alun Petrakis" holds a dateline and a byline between its bars (or middle dots, bullets).
_CREDIT_PART = re.compile(r"[^|·•\n]*[^|·•\s]")


# What a kept block is, so document-level questions ("who wrote it?") find their answer.
BYLINE = re.compile(
    r"\**(?:(?:[A-Z]\w+ )?(?:[Ww]ritten|[Pp]repared|[Cc]ompiled|[Ee]dited|Words|Story|[Rr]eported)"
    r" by|By):?\s+"
    r"[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+)+.{0,160}"
    r"|[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+)+ (?:is|was) (?:a|an|the) [^.]{0,160}\.",
)
# A caption block opens with its label and is short (a paragraph that starts "Photo:"
# and runs on is prose).
CAPTION = re.compile(r"(?:Image|Photo|Photograph|Picture)(?: credit)?:\s", re.IGNORECASE)
CAPTION_WORDS = 60
# A byline's name: "By Maria Lindqvist, March 4, 2026", "Written by Tomasz Wieczorek",
# "Notice prepared by Alun Petrakis", "Katherine Spencer is a program assistant at ..."
# (its date: ``index.dates.DATE``).
_AUTHOR = re.compile(
    r"(?:\**(?:(?:[A-Z]\w+ )?(?:[Ww]ritten|[Pp]repared|[Cc]ompiled|[Ee]dited|Words|Story"
    r"|[Rr]eported) )?[Bb]y:?\s+)?"
    r"(?P<name>[A-Z][\w.'’-]+(?: (?:[A-Z][\w.'’-]+|van|von|de|da|del|der|le|la))*"
    r"(?: and [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+)+)?)"
)
# " | The Lakeshore Ledger" or " - example.org" after a page's title: its site's name.
TITLE_SITE = re.compile(r"\s+[|–—]\s+[^|–—]{2,60}$|\s+-\s+[\w.-]+\.[a-z]{2,}\s*$")


BLOCK_SEPARATOR = "\n\n"
# Blocks of fewer words are headings or labels: kept only as a whole line of the article.
SHORT_BLOCK_WORDS = 4
# Share of a longer block's word pairs that must stand in the extracted article.
ARTICLE_SHARE = 0.5
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    import justext

    return frozenset(justext.get_stoplist("English"))


def has_cue(block: str) -> bool:
    """True for a short block holding a boilerplate phrase (see ``BOILERPLATE_CUES``)."""
    return len(_WORD.findall(block)) <= CUE_BLOCK_WORDS and bool(BOILERPLATE_CUES.search(block))


def all_cued(block: str) -> bool:
    """True for a short block every sentence of which holds a boilerplate phrase ("Sign
    up for our newsletter." — not "The bridge reopens on Monday. Residents can sign up
    for updates."): a promotion, whatever surrounds it."""
    if not has_cue(block):
        return False
    from index.chunk import split_sentences

    return all(BOILERPLATE_CUES.search(block[a:b]) for a, b in split_sentences(block))


def is_heading(block: str) -> bool:
    """A Markdown heading ("## Background"): the document's own structure."""
    return block.startswith("#") and block.lstrip("#")[:1] == " "


def heading_text(block: str) -> str:
    """A Markdown heading's words ("## Spring jobs" -> "Spring jobs")."""
    return block.lstrip("#").strip()


def is_boilerplate(block: str) -> bool:
    """True when a block reads as page chrome where chrome stands: it holds a boilerplate
    phrase, reads as a label (a few words, no sentence end), or is a short run of names
    and numbers with hardly a common word (an address)."""
    text = block.strip()
    found = _WORD.findall(text)
    if has_cue(text):
        return True
    if text.endswith((".", "!", "?", "”", '"', ":")):
        return False  # a sentence
    if len(found) <= HEADING_WORDS:
        return True
    common = sum(w.lower() in _common_words() for w in found)
    short_with_number = len(found) <= ADDRESS_WORDS and any(c.isdigit() for c in text)
    return short_with_number and common < PROSE_STOPWORD_SHARE * len(found)


def is_prose(block: str) -> bool:
    """A paragraph of running text: sentences of some length, not all boilerplate."""
    text = block.strip()
    return (
        text.endswith((".", "!", "?", "”", '"'))
        and len(_WORD.findall(text)) >= PROSE_WORDS
        and not all_cued(text)
    )


def chrome_blocks(texts: list[str]) -> list[bool]:
    """Which blocks of a text page are chrome. A label (a few words, no sentence end), an
    address (names and numbers, hardly a common word), a block of nothing but boilerplate
    phrases (``all_cued``), and a block standing between two of those last are chrome
    anywhere. A boilerplate phrase in a longer block marks it as chrome only where chrome
    stands: before the first or after the last paragraph of prose; between them is the
    article, whose paragraphs are never judged by one phrase in them. A Markdown heading
    is never chrome."""
    promotions = [all_cued(t) for t in texts]
    between = [
        0 < i < len(texts) - 1 and promotions[i - 1] and promotions[i + 1]
        for i in range(len(texts))
    ]
    prose = [i for i, t in enumerate(texts) if is_prose(t) and not between[i]]
    first, last = (prose[0], prose[-1]) if prose else (len(texts), -1)
    chrome = []
    for i, text in enumerate(texts):
        if is_heading(text):
            chrome.append(False)
        elif promotions[i] or between[i] or not first <= i <= last:
            chrome.append(promotions[i] or between[i] or is_boilerplate(text))
        else:
            chrome.append(is_boilerplate(text) and not has_cue(text))
    return chrome


# A first block this long, or one ending in a full stop, is prose (pasted notes, a
# paragraph of an encyclopedia article), not a title.
TITLE_WORDS = 25


def block_role(text: str, is_first: bool) -> str:
    """A kept block's role ("title", "heading", "byline", "caption", "date" or "body");
    ``is_first``: the document's first block."""
    if is_first and not text.endswith(".") and len(text.split()) <= TITLE_WORDS:
        return "title"
    if is_heading(text):
        return "heading"
    if BYLINE.fullmatch(text):
        return "byline"
    if CAPTION.match(text) and len(text.split()) <= CAPTION_WORDS:
        return "caption"
    if DATELINE.fullmatch(_unemphasised(text)):
        return "date"
    return "body"


def _unemphasised(text: str) -> str:
    """``text`` without the Markdown emphasis around it ("*Last updated: 14 October 2026*")."""
    return text.strip("*_")


def _left_out(block: Block, reason: str) -> LeftOut:
    start, end = block.to_original(0, len(block.text))
    return LeftOut(block.text, start, end, reason)


def assemble(
    candidates: list[Block],
    chrome: list[bool] | None = None,
    left_out: tuple[LeftOut, ...] = (),
) -> CleanedText:
    """Keep the blocks that are article text, in order: the site name is cut from the
    first (the title), chrome (by ``chrome_blocks`` unless ``chrome`` says which) and
    repeated blocks are dropped, roles are assigned; the title, bylines, datelines and
    captions are never dropped as chrome. Every dropped block is listed in ``left_out``
    (after those given), in the order of the file."""
    kept: list[Block] = []
    dropped = list(left_out)
    seen: set[str] = set()
    clean_offset = 0
    if chrome is None:
        chrome = chrome_blocks([b.text for b in candidates])
    for index, block in enumerate(candidates):
        if index == 0:
            suffix = TITLE_SITE.search(block.text)
            if suffix:
                block = block.truncated(suffix.start())
        text = block.text
        is_first = not kept
        if not text:
            continue
        if text.casefold() in seen:
            dropped.append(_left_out(block, "repeated"))
            continue
        if chrome[index] and not is_first and block_role(text, is_first=False) == "body":
            dropped.append(_left_out(block, "page chrome"))
            continue
        seen.add(text.casefold())
        kept.append(replace(block, clean_start=clean_offset, role=block_role(text, is_first)))
        clean_offset += len(text) + len(BLOCK_SEPARATOR)
    return CleanedText(
        text=BLOCK_SEPARATOR.join(b.text for b in kept),
        blocks=tuple(kept),
        left_out=tuple(sorted(dropped, key=lambda x: x.start)),
    )


def clean(original: str) -> CleanedText:
    """Drop chrome blocks and duplicates from ``original``; see the module docstring.
    A Markdown top heading ("# Title") that only chrome stands before is the title."""
    candidates = []
    for match in _BLOCK.finditer(original):
        text = match.group().strip()
        start = match.start() + (len(match.group()) - len(match.group().lstrip()))
        candidates.append(Block(text, start, 0))
    chrome = chrome_blocks([b.text for b in candidates])
    top = next((i for i, b in enumerate(candidates) if b.text.startswith("# ")), 0)
    if top and all(chrome[:top]):
        before = tuple(_left_out(b, "page chrome") for b in candidates[:top])
        return assemble(candidates[top:], chrome[top:], left_out=before)
    return assemble(candidates, chrome)


HTML_SUFFIXES = (".html", ".htm")


class SourceSpan(BaseModel):
    """Where a value stands in its document's source file: ``source_text[start:end]``."""

    start: int
    end: int


class MetadataSpans(BaseModel):
    """Where the page shows its title, author and date; None for a field it does not
    show (or from an index built before spans were kept). A web page's title is the one
    its ``<title>`` shows (the block an answer about the title cites); its span covers
    the same words with their markup, as a citation's does."""

    title: SourceSpan | None = None
    author: SourceSpan | None = None
    date: SourceSpan | None = None


def document_metadata(cleaned: CleanedText) -> dict[str, object]:
    """What a document says of itself: its title (without the site's name), byline,
    author (the byline's name), date (the dateline, or a date in the byline) and picture
    captions, as far as it has them; ``spans`` (``MetadataSpans`` as a dict) says where
    the source file shows the title, author and date; ``left_out`` lists the blocks not
    indexed."""
    first = {b.role: b for b in reversed(cleaned.blocks)}
    found: dict[str, object] = {}
    located: dict[str, SourceSpan] = {}

    def shown(key: str, block: Block, start: int, end: int) -> None:
        if end > start:
            found[key] = block.text[start:end]
            source_start, source_end = block.to_original(start, end)
            located[key] = SourceSpan(start=source_start, end=source_end)

    if "title" in first:  # a Markdown heading's marks and a site's name are not
        title = first["title"]
        start = len(title.text) - len(title.text.lstrip("#").lstrip())
        site = TITLE_SITE.search(title.text, start)
        shown("title", title, start, site.start() if site else len(title.text))
    byline = first.get("byline")
    if byline is not None:
        found["byline"] = byline.text
        name = _AUTHOR.match(byline.text)
        if name:
            shown("author", byline, *name.span("name"))
    credits = _credit_lines(cleaned.blocks)
    if byline is None and "byline" in credits:
        block, start, end = credits["byline"]
        found["byline"] = block.text[start:end]
        name = _AUTHOR.match(block.text, start, end)
        if name:
            shown("author", block, *name.span("name"))
    if "date" in first:
        shown("date", first["date"], *_date_of(first["date"].text, 0, len(first["date"].text)))
    elif byline is not None and (dated := DATE.search(byline.text)):
        shown("date", byline, *dated.span())
    elif "date" in credits:
        block, start, end = credits["date"]
        shown("date", block, *_date_of(block.text, start, end))
    captions = [b.text for b in cleaned.blocks if b.role == "caption"]
    if captions:
        found["captions"] = captions
    found["spans"] = MetadataSpans(**located).model_dump()
    found["left_out"] = [dataclasses.asdict(x) for x in cleaned.left_out]
    return found


def _date_of(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the date of the dateline ``text[start:end]`` is: without its emphasis and
    the place or paper's name before it ("Leddington, 3 March 2032")."""
    line = text[start:end]
    start += len(line) - len(line.lstrip("*_"))
    line = _unemphasised(line)
    dated = DATELINE.fullmatch(line)
    return start + (dated.start("when") if dated else 0), start + len(line)


def _credit_lines(blocks: Sequence[Block]) -> dict[str, tuple[Block, int, int]]:
    """The first byline and dateline standing as a line of a block above the first
    paragraph of prose, or as a part of such a line between bars: a credits block
    ("Published by the council / Written by Colin Varga / Last updated: 14 October 2026")
    reads as one block, not one a line."""
    found: dict[str, tuple[Block, int, int]] = {}
    for block in blocks:
        if is_prose(block.text):
            break
        for line in _LINE.finditer(block.text):
            parts = [
                line.span(1),
                *(p.span() for p in _CREDIT_PART.finditer(block.text, *line.span(1))),
            ]
            for start, end in parts:
                part = block.text[start:end]
                start += len(part) - len(part.lstrip())
                role = block_role(block.text[start:end], is_first=False)  # as if it were a block
                if role in ("byline", "date") and role not in found:
                    found[role] = (block, start, end)
    return found


def _squashed(text: str) -> str:
    return " ".join(text.split())


def _bigrams(text: str) -> set[tuple[str, str]]:
    found = [w.lower() for w in _WORD.findall(text)]
    return set(zip(found, found[1:]))


def html_article(original: str) -> CleanedText:
    """The article of an HTML page: trafilatura (the ecosystem's article extractor)
    decides which of the page's text blocks are the article, and our parser's blocks,
    every character mapped to the file, are what is kept. A short block (a heading) must
    be a whole line of trafilatura's text; a longer one must share at least half of its
    word pairs with it (trafilatura drops inline math and splits teasers, so exact
    containment is too strict). Without an article found, the parser's blocks are
    cleaned as a text file's are."""
    import trafilatura

    candidates, furniture = html_parts(original)
    outside = tuple(_left_out(b, "page chrome") for b in furniture)
    extracted = trafilatura.extract(original, include_comments=False, include_tables=True)
    if not candidates or not extracted:
        return assemble(candidates, left_out=outside)
    lines = {_squashed(line) for line in extracted.splitlines() if line.strip()}
    article = _bigrams(extracted)

    def in_article(block: Block) -> bool:
        text = _squashed(block.text)
        if len(text.split()) < SHORT_BLOCK_WORDS:
            return text in lines
        pairs = _bigrams(text)
        return bool(pairs) and len(pairs & article) / len(pairs) >= ARTICLE_SHARE

    # A visible byline or dateline ("By Maria Lindqvist, March 4, 2026") is kept beside
    # the article though extractors leave it out: it says who wrote it and when.
    article_blocks = [
        candidates[0],
        *(
            b
            for b in candidates[1:]
            if in_article(b) or block_role(b.text, False) in ("byline", "date")
        ),
    ]
    title = article_blocks[0].text
    site = TITLE_SITE.search(title)
    shown = title[: site.start()] if site else title
    visible = next((b for b in article_blocks[1:] if b.text.casefold() == shown.casefold()), None)
    above: list[Block] = []
    if visible is not None:
        # The page shows its title (an <h1>): that is the title cited, not <title>'s copy.
        # What the article shows above it (a section's name: "Transport") is left out, so
        # the blocks, and with them every sentence, stay in the file's order.
        at = article_blocks.index(visible)
        above = article_blocks[1:at]
        article_blocks = [visible, *article_blocks[at + 1 :]]
    chosen = {id(b) for b in [*article_blocks, *above]}
    outside += tuple(_left_out(b, "above the page's title") for b in above if b.text)
    outside += tuple(
        _left_out(b, "not part of the article")
        for b in candidates[1:]
        if id(b) not in chosen and b.text
    )
    # Inside the article, headings are content and a paragraph is never judged by one
    # phrase in it: only a block of nothing but boilerplate phrases is chrome.
    promotions = [all_cued(b.text) for b in article_blocks]
    return assemble(article_blocks, chrome=promotions, left_out=outside)


def clean_source(file_name: str, original: str) -> CleanedText:
    """The article text of a source file, by its kind (the suffix of ``file_name``):
    HTML is extracted, text cleaned.

    The page's ``<title>`` (or, without one, its first block) is the title block.
    """
    if file_name.lower().endswith(HTML_SUFFIXES):
        return html_article(original)
    return clean(original)
