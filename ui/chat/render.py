"""HTML for the chat: answers with citation chips, source cards, the highlighted article.

Pure functions of an Answer and the source text, so they are tested without a browser.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from assistant.answers import CITATION_MARKER, Answer, Citation
from assistant.documents import DocumentView
from assistant.library import DocumentInfo

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
        return f'<div class="abstain">{html.escape(answer.answer)}</div>'
    if any(not s.supported for s in answer.sentences):
        parts = [
            _chips(html.escape(s.composed()), turn)
            if s.supported
            else f'<span class="unsupported" title="Not verified against the article">'
            f"{html.escape(s.text)}</span>"
            for s in answer.sentences
        ]
        return '<div class="answer">' + " ".join(parts) + "</div>"
    return '<div class="answer">' + _chips(html.escape(answer.answer), turn) + "</div>"


def _chips(escaped: str, turn: int) -> str:
    return CITATION_MARKER.sub(lambda m: chip(int(m.group(1)), turn), escaped)


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


def source_card(citation: Citation, document: DocumentView, turn: int) -> str:
    """One cited passage: the exact span highlighted inside its paragraph."""
    paragraph = document.paragraph_at(citation.start)
    percent = round(100 * citation.start / max(document.length, 1))
    return (
        f'<div class="source-card" id="src-{turn}-{citation.id}">'
        f'<div class="source-head"><span class="source-id">{citation.id}</span> '
        f"<code>{html.escape(citation.source)}</code> · "
        + (f"page {citation.page} · " if citation.page is not None else "")
        + f"characters {citation.start}–{citation.end} · {percent}% into the document · "
        f"score {citation.score:.2f}</div>"
        f'<p class="source-text">'
        f"{highlighted(paragraph.text, [paragraph.local_span(citation.start, citation.end)])}</p>"
        "</div>"
    )


def sources_html(answer: Answer | None, documents: dict[str, DocumentView], turn: int) -> str:
    """The sources panel for the latest answer."""
    if answer is None:
        return '<p class="muted">Sources of the latest answer appear here.</p>'
    if answer.abstained or not answer.citations:
        return '<p class="muted">No passage of the article answers this question.</p>'
    by_document: dict[str, list[Citation]] = {}
    for citation in answer.citations:
        by_document.setdefault(citation.source, []).append(citation)
    return "".join(
        f'<section class="source-document"><h4>{html.escape(source)}</h4>'
        + "".join(source_card(c, documents[source], turn) for c in citations)
        + "</section>"
        for source, citations in by_document.items()
    )


def documents_html(documents: Iterable[DocumentInfo]) -> str:
    """The documents answers are drawn from, as a table."""
    rows = "".join(
        "<tr>"
        f"<td>{html.escape(d.name)}</td><td>{html.escape(d.title or '')}</td>"
        f"<td>{d.kind}{f', {d.pages} pages' if d.pages else ''}</td><td>{d.chunks}</td>"
        f"<td>{html.escape((d.added_at or '').replace('T', ' ')[:16])}</td>"
        "</tr>"
        for d in documents
    )
    return (
        '<table class="documents"><thead><tr><th>Name</th><th>Title</th><th>Kind</th>'
        f"<th>Chunks</th><th>Added</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def conversation_markdown(turns: Iterable[tuple[str, Answer]]) -> str:
    """A conversation as Markdown: each question, its answer and the answer's sources."""
    parts = ["# Conversation with the article assistant\n"]
    for question, answer in turns:
        parts.append(f"## {question}\n\n{answer.with_sources()}\n")
    return "\n".join(parts)


def article_html(source: str, document: DocumentView, cited: Iterable[tuple[int, int]]) -> str:
    """The cleaned document, every span of it cited so far highlighted."""
    spans = sorted(set(cited))
    paragraphs = []
    for paragraph in document.paragraphs:
        inside = [
            paragraph.local_span(s, e)
            for s, e in spans
            if s < paragraph.end and e > paragraph.start
        ]
        paragraphs.append(f"<p>{highlighted(paragraph.text, inside)}</p>")
    return (
        f'<div class="article"><div class="muted">{html.escape(source)} · '
        f"{len(spans)} cited span(s) highlighted</div>{''.join(paragraphs)}</div>"
    )
