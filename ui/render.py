"""HTML for the chat: answers with citation chips, source cards, the highlighted article.

Pure functions of an Answer and the source text, so they are tested without a browser.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from assistant.answers import Answer, Citation
from assistant.extractive import compose_sentence
from index.clean import clean

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


def paragraph_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The blank-line-delimited paragraph of ``text`` holding ``[start, end)``."""
    left = text.rfind("\n\n", 0, start)
    right = text.find("\n\n", end)
    return (0 if left < 0 else left + 2), (len(text) if right < 0 else right)


def highlighted(text: str, spans: Iterable[tuple[int, int]], offset: int = 0) -> str:
    """``text`` escaped, with each (absolute) span wrapped in <mark>."""
    out, cursor = [], 0
    for start, end in sorted(spans):
        a, b = max(start - offset, cursor), min(end - offset, len(text))
        if a >= b:
            continue
        out += [html.escape(text[cursor:a]), "<mark>", html.escape(text[a:b]), "</mark>"]
        cursor = b
    out.append(html.escape(text[cursor:]))
    return "".join(out)


def source_card(citation: Citation, source_text: str, turn: int) -> str:
    """One cited passage: the exact span highlighted inside its paragraph."""
    start, end = paragraph_around(source_text, citation.start, citation.end)
    percent = round(100 * citation.start / max(len(source_text), 1))
    return (
        f'<div class="source-card" id="src-{turn}-{citation.id}">'
        f'<div class="source-head"><span class="source-id">{citation.id}</span> '
        f"<code>{html.escape(citation.source)}</code> · characters "
        f"{citation.start}–{citation.end} · {percent}% into the article · "
        f"score {citation.score:.2f}</div>"
        f'<p class="source-text">'
        f"{highlighted(source_text[start:end], [(citation.start, citation.end)], start)}</p>"
        "</div>"
    )


def sources_html(answer: Answer | None, source_texts: dict[str, str], turn: int) -> str:
    """The sources panel for the latest answer."""
    if answer is None:
        return '<p class="muted">Sources of the latest answer appear here.</p>'
    if answer.abstained or not answer.citations:
        return '<p class="muted">No passage of the article answers this question.</p>'
    return "".join(source_card(c, source_texts[c.source], turn) for c in answer.citations)


def article_html(source: str, source_text: str, cited: Iterable[tuple[int, int]]) -> str:
    """The cleaned article, every span cited so far highlighted."""
    spans = sorted(set(cited))
    paragraphs = []
    for block in clean(source_text).blocks:
        inside = [(s, e) for s, e in spans if s < block.original_end and e > block.original_start]
        paragraphs.append(f"<p>{highlighted(block.text, inside, block.original_start)}</p>")
    return (
        f'<div class="article"><div class="muted">{html.escape(source)} · '
        f"{len(spans)} cited span(s) highlighted</div>{''.join(paragraphs)}</div>"
    )
