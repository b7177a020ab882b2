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
_MONTH = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
)
# A dateline block: "Published November 27, 2024", "27 Nov 2024", "2024-11-27 09:30".
DATELINE = re.compile(
    rf"(?:(?:Published|Posted|Updated|Last updated)(?: on)?:?\s+)?"
    rf"(?:\w+day,?\s+)?(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}})(?:[ T,]+\d{{1,2}}:\d{{2}}(?:\s*[AaPp][Mm])?)?(?:\s+\w{{2,4}})?",
    re.IGNORECASE,
)


BLOCK_SEPARATOR = "\n\n"


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


def clean_source(name: str, original: str) -> CleanedText:
    """The article text of a source file, by its kind: HTML is extracted, text cleaned.

    The page's ``<title>`` (or, without one, its first block) is the title block; chrome
    blocks are dropped by the same rules for both kinds.
    """
    if name.lower().endswith(HTML_SUFFIXES):
        return assemble(html_blocks(original))
    return clean(original)
