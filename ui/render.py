"""HTML for the chat: answers with citation chips, source cards, the highlighted article.

Pure functions of an Answer and the source text, so they are tested without a browser.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.answers import Answer, Citation
from assistant.extractive import compose_sentence
from index.clean import Block, CleanedText, clean_source


@dataclass(frozen=True)
class Document:
    """A source as the chat shows it: its cleaned blocks and its length in characters."""

    cleaned: CleanedText
    length: int

    @classmethod
    def of(cls, name: str, text: str) -> Document:
        return cls(clean_source(name, text), len(text))


_MARKER = re.compile(r"\[(\d+)\]")
PENDING = '<div class="pending">Searching the article…</div>'


def chip(citation_id: int, turn: int) -> str:
    """A clickable citation marker; the page script opens the card its href names.

    The chat sanitises its HTML (no data- attributes), so the href carries the target.
    """
    return (
        f'<a class="cite-chip" href="#src-{turn}-{citation_id}" '
        f'title="Show source {citation_id}">{citation_id}</a>'
    )


def answer_html(answer: Answer, turn: int) -> str:
    """The answer with ``[n]`` markers turned into chips; abstentions and sentences that
    could not be verified against the article are styled apart."""
    if answer.abstained:
        return (
            '<div class="abstain"><strong>Not in the article.</strong> '
            f"{html.escape(answer.answer)}</div>"
        )
    if any(not s.supported for s in answer.sentences):
        parts = [
            _chips(html.escape(compose_sentence(s)), turn)
            if s.supported
            else f'<span class="unsupported" title="Not verified against the article">'
            f"{html.escape(s.text)}</span>"
            for s in answer.sentences
        ]
        return '<div class="answer">' + " ".join(parts) + "</div>"
    return '<div class="answer">' + _chips(html.escape(answer.answer), turn) + "</div>"


def _chips(escaped: str, turn: int) -> str:
    return _MARKER.sub(lambda m: chip(int(m.group(1)), turn), escaped)


def highlighted(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` escaped, with each span of it wrapped in <mark>."""
    out, cursor = [], 0
    for start, end in sorted(spans):
        a, b = max(start, cursor), min(end, len(text))
        if a >= b:
            continue
        out += [html.escape(text[cursor:a]), "<mark>", html.escape(text[a:b]), "</mark>"]
        cursor = b
    out.append(html.escape(text[cursor:]))
    return "".join(out)


def _block_of(document: Document, start: int) -> Block:
    return next(
        (b for b in document.cleaned.blocks if b.original_start <= start < b.original_end),
        document.cleaned.blocks[0],
    )


def source_card(citation: Citation, document: Document, turn: int) -> str:
    """One cited passage: the exact span highlighted inside its paragraph."""
    block = _block_of(document, citation.start)
    percent = round(100 * citation.start / max(document.length, 1))
    return (
        f'<div class="source-card" id="src-{turn}-{citation.id}">'
        f'<div class="source-head"><span class="source-id">{citation.id}</span> '
        f"<code>{html.escape(citation.source)}</code> · characters "
        f"{citation.start}–{citation.end} · {percent}% into the document · "
        f"score {citation.score:.2f}</div>"
        f'<p class="source-text">'
        f"{highlighted(block.text, [block.to_local(citation.start, citation.end)])}</p>"
        "</div>"
    )


def sources_html(answer: Answer | None, documents: dict[str, Document], turn: int) -> str:
    """The sources panel for the latest answer."""
    if answer is None:
        return '<p class="muted">Sources of the latest answer appear here.</p>'
    if answer.abstained or not answer.citations:
        return '<p class="muted">No passage of the article answers this question.</p>'
    return "".join(source_card(c, documents[c.source], turn) for c in answer.citations)


def article_html(source: str, document: Document, cited: Iterable[tuple[int, int]]) -> str:
    """The cleaned document, every span of it cited so far highlighted."""
    spans = sorted(set(cited))
    paragraphs = []
    for block in document.cleaned.blocks:
        inside = [
            block.to_local(s, e)
            for s, e in spans
            if s < block.original_end and e > block.original_start
        ]
        paragraphs.append(f"<p>{highlighted(block.text, inside)}</p>")
    return (
        f'<div class="article"><div class="muted">{html.escape(source)} · '
        f"{len(spans)} cited span(s) highlighted</div>{''.join(paragraphs)}</div>"
    )
