"""Strip scraped-page chrome from a document, keeping a map back to the original offsets.

A scraped page is a run of blocks separated by blank lines. Blocks that are page chrome
(address, newsletter promo, social links, comment form, ...) are dropped whole; the site
name is cut from the title line; a block repeating an earlier one is dropped. Kept blocks
are copied verbatim, so any span of the cleaned text inside one block maps back to the
original file by a single offset shift.
"""

from __future__ import annotations

import re
from dataclasses import replace

from index.blocks import Block, CleanedText
from index.html import html_blocks

# Whole blocks that are page chrome, not article content (matched case-insensitively).
BOILERPLATE_BLOCKS: tuple[str, ...] = (
    r"physical address",
    r"\d+ [^\n]+\n[^\n]+, [A-Z]{2} \d{5}",  # a postal address
    r"stay updated",
    r".*\b(?:directly )?to your inbox\b.*",
    r"events of the .*",
    r"additional reading",
    r"related (?:reading|articles|posts)",
    r"the views expressed in .* (?:are solely|do not necessarily).*",
    r"the .* mission is to .*",
    r"follow us on .*(?:\n.*)?",
    r"share (?:this|on) .*",
    r"source link",
    r"leave a (?:reply|comment)",
    r"your email address will not be published.*",
    r"(?:sign up|subscribe)(?: for| to)? (?:our )?newsletter.*",
)
_BOILERPLATE = re.compile("|".join(f"(?:{p})" for p in BOILERPLATE_BLOCKS), re.IGNORECASE)
# " - example.online" or " | Site Name" after a title.
_SITE_SUFFIX = re.compile(r"\s+[-|–—]\s+[\w.-]+\.[a-z]{2,}\s*$", re.IGNORECASE)
_BLOCK = re.compile(r"[^\n]+(?:\n[^\n]+)*")


# What a kept block is, so document-level questions ("who wrote it?") find their answer.
BYLINE = re.compile(
    r"By [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+)+.{0,80}"
    r"|[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+)+ (?:is|was) (?:a|an|the) [^.]{0,160}\.",
)
CAPTION = re.compile(r"(?:Image|Photo|Photograph|Picture)(?: credit)?:", re.IGNORECASE)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# A dateline block: "Published November 27, 2024", "27 Nov 2024", "2024-11-27 09:30".
DATELINE = re.compile(
    rf"(?:(?:Published|Posted|Updated|Last updated)(?: on)?:?\s+)?"
    rf"(?:\w+day,?\s+)?(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}})(?:[ T,]+\d{{1,2}}:\d{{2}}(?:\s*[AaPp][Mm])?)?(?:\s+\w{{2,4}})?",
    re.IGNORECASE,
)


BLOCK_SEPARATOR = "\n\n"
# Blocks of fewer words are headings or labels: kept only as a whole line of the article.
SHORT_BLOCK_WORDS = 4
# Share of a longer block's word pairs that must stand in the extracted article.
ARTICLE_SHARE = 0.5
_WORD = re.compile(r"\w+")


def is_boilerplate(block: str) -> bool:
    """True when a whole block is page chrome."""
    return _BOILERPLATE.fullmatch(block.strip()) is not None


def _role(text: str, is_first: bool) -> str:
    if is_first:
        return "title"
    if BYLINE.fullmatch(text):
        return "byline"
    if CAPTION.match(text):
        return "caption"
    if DATELINE.fullmatch(text):
        return "date"
    return "body"


def assemble(candidates: list[Block]) -> CleanedText:
    """Keep the blocks that are article text, in order: the site name is cut from the
    first (the title), chrome and repeated blocks are dropped, roles are assigned."""
    kept: list[Block] = []
    seen: set[str] = set()
    clean_offset = 0
    for index, block in enumerate(candidates):
        if index == 0:
            suffix = _SITE_SUFFIX.search(block.text)
            if suffix:
                block = block.truncated(suffix.start())
        text = block.text
        if not text or is_boilerplate(text) or text.casefold() in seen:
            continue
        seen.add(text.casefold())
        kept.append(replace(block, clean_start=clean_offset, role=_role(text, is_first=not kept)))
        clean_offset += len(text) + len(BLOCK_SEPARATOR)
    return CleanedText(text=BLOCK_SEPARATOR.join(b.text for b in kept), blocks=tuple(kept))


def clean(original: str) -> CleanedText:
    """Drop chrome blocks and duplicates from ``original``; see the module docstring."""
    candidates = []
    for match in _BLOCK.finditer(original):
        text = match.group().strip()
        start = match.start() + (len(match.group()) - len(match.group().lstrip()))
        candidates.append(Block(text, start, 0))
    return assemble(candidates)


HTML_SUFFIXES = (".html", ".htm")


def document_metadata(cleaned: CleanedText) -> dict[str, object]:
    """What a document says of itself: its title, byline, dateline and picture captions
    (each the text of its block), as far as it has them."""
    first = {b.role: b.text for b in reversed(cleaned.blocks)}
    found: dict[str, object] = {
        key: first[role]
        for key, role in (("title", "title"), ("byline", "byline"), ("date", "date"))
        if role in first
    }
    captions = [b.text for b in cleaned.blocks if b.role == "caption"]
    if captions:
        found["captions"] = captions
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

    candidates = html_blocks(original)
    extracted = trafilatura.extract(original, include_comments=False, include_tables=True)
    if not candidates or not extracted:
        return assemble(candidates)
    lines = {_squashed(line) for line in extracted.splitlines() if line.strip()}
    article = _bigrams(extracted)

    def in_article(block: Block) -> bool:
        text = _squashed(block.text)
        if len(text.split()) < SHORT_BLOCK_WORDS:
            return text in lines
        pairs = _bigrams(text)
        return bool(pairs) and len(pairs & article) / len(pairs) >= ARTICLE_SHARE

    return assemble([candidates[0], *(b for b in candidates[1:] if in_article(b))])


def clean_source(name: str, original: str) -> CleanedText:
    """The article text of a source file, by its kind: HTML is extracted, text cleaned.

    The page's ``<title>`` (or, without one, its first block) is the title block.
    """
    if name.lower().endswith(HTML_SUFFIXES):
        return html_article(original)
    return clean(original)
