"""Visible text of an HTML page, every character mapped back to its place in the file.

Parsed with the standard library's ``html.parser`` (tolerant of broken markup). Text in
block elements becomes blocks; scripts, styles, navigation, headers, footers, asides and
forms are skipped (but for an article's own header, inside ``<article>`` or ``<main>``:
its headline and byline); whitespace runs collapse to one space; entities are decoded. Each kept
character records the span of the file it came from (one character, or a whole entity),
so a sentence maps back to ``html[start:end]`` — markup inside it included — and
``visible_text(html[start:end]) == sentence``.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from index.blocks import Block

# Elements whose content is never article text.
SKIPPED = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "button",
        "select",
        "iframe",
        "head",
        "annotation",
    }
)
# Of those, the page's own furniture, whose text is reported as left out (the others hold
# code, controls or nothing a reader sees).
FURNITURE = frozenset({"nav", "header", "footer", "aside", "form"})
# Elements that end a block of text.
BLOCK_ELEMENTS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "table",
        "tr",
        "td",
        "th",
        "dd",
        "dt",
        "br",
        "hr",
        "title",
        "body",
        "html",
    }
)
_SPACE = re.compile(r"\s")


class _Extractor(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.skipping: list[str] = []
        self.title: list[tuple[str, int, int]] | None = None
        self.blocks: list[list[tuple[str, int, int]]] = [[]]
        self.titles: list[list[tuple[str, int, int]]] = []
        self.furniture: list[list[tuple[str, int, int]]] = [[]]
        self.inside_article = 0

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _in_furniture(self) -> bool:
        return self.skipping[0] in FURNITURE and not (set(self.skipping) - FURNITURE - {"button"})

    def _emit(self, char: str, start: int, end: int) -> None:
        if self._hidden():
            if not self._in_furniture():
                return
            target = self.furniture[-1]
        else:
            target = self.title if self.title is not None else self.blocks[-1]
        if _SPACE.match(char):
            if not target or target[-1][0] == " ":
                return
            char = " "
        target.append((char, start, end))

    def _break(self) -> None:
        """End the block being read: the visible one, or the furniture's."""
        runs = self.furniture if self.skipping else self.blocks
        if runs[-1]:
            runs.append([])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("article", "main"):
            self.inside_article += 1
        if tag == "title":
            self.title = []
        elif tag == "header" and self.inside_article and not self.skipping:
            self._break()
        elif tag in SKIPPED:
            self.skipping.append(tag)
            if tag in FURNITURE:
                self._break()
        elif tag in BLOCK_ELEMENTS:
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_ELEMENTS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("article", "main"):
            self.inside_article = max(0, self.inside_article - 1)
        if tag == "title" and self.title is not None:
            self.titles.append(self.title)
            self.title = None
        elif self.skipping:
            if tag in BLOCK_ELEMENTS or tag in FURNITURE:
                self._break()
            if tag == self.skipping[-1]:
                self.skipping.pop()
        elif tag in BLOCK_ELEMENTS:
            self._break()

    def _hidden(self) -> bool:
        return bool(self.skipping) and self.title is None

    def handle_data(self, data: str) -> None:
        start = self._offset()
        for i, char in enumerate(data):
            self._emit(char, start + i, start + i + 1)

    def _reference(self, raw: str) -> None:
        start = self._offset()
        end = start + len(raw)
        for char in unescape(raw):
            self._emit(char, start, end)

    def handle_entityref(self, name: str) -> None:
        self._reference(self._raw(f"&{name}"))

    def handle_charref(self, name: str) -> None:
        self._reference(self._raw(f"&#{name}"))

    def _raw(self, reference: str) -> str:
        """The reference as written: with its closing ';' when it has one."""
        closed = self.source.startswith(f"{reference};", self._offset())
        return f"{reference};" if closed else reference


def _trimmed(chars: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    while chars and chars[-1][0] == " ":
        chars = chars[:-1]
    while chars and chars[0][0] == " ":
        chars = chars[1:]
    return chars


def _block(chars: list[tuple[str, int, int]]) -> Block:
    return Block(
        text="".join(c for c, _, _ in chars),
        original_start=chars[0][1],
        clean_start=0,
        char_spans=tuple((start, end) for _, start, end in chars),
    )


def html_parts(source: str) -> tuple[list[Block], list[Block]]:
    """Every block of visible text in ``source``, the page title first, before cleaning;
    and the blocks of the page's furniture (navigation, headers, footers, asides, forms)."""
    parser = _Extractor(source)
    parser.feed(source)
    parser.close()
    runs = [t for t in (_trimmed(c) for c in [*parser.titles[:1], *parser.blocks]) if t]
    furniture = [t for t in map(_trimmed, parser.furniture) if t]
    return [_block(run) for run in runs], [_block(run) for run in furniture]


def html_blocks(source: str) -> list[Block]:
    """Every block of visible text in ``source``, the page title first, before cleaning."""
    return html_parts(source)[0]


def visible_text(fragment: str) -> str:
    """The text a reader sees in an HTML fragment, as ``html_blocks`` produces it."""
    return " ".join(block.text for block in html_blocks(fragment))
