"""HTML for the Documents tab: the documents as cards that fit any width, and the one
line that says how an action on them went."""

from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import PurePath

from assistant.library import DocumentInfo, counted

KINDS = {"file": "File", "url": "Web page", "text": "Pasted text", "pdf": "PDF"}


def title_of(document: DocumentInfo) -> str:
    """The title a document gives itself, else the name it was given (a pasted text's
    name, a file's name)."""
    return document.title or document.name


def origin_of(document: DocumentInfo) -> str:
    """Where it came from as a reader knows it: the link, the file's own name (never
    the folder it was uploaded through) or "pasted"."""
    if document.kind == "url":
        return document.origin
    if document.kind == "text":
        return "pasted text"
    return PurePath(document.origin).name or document.name


def _facts(document: DocumentInfo) -> str:
    kind = KINDS[document.kind]
    if document.pages:
        kind += f", {document.pages} page{'s' if document.pages != 1 else ''}"
    added = (document.added_at or "").replace("T", " ")[:16]
    facts = [kind, f"{document.size:,} characters", counted(document.chunks, "chunk")]
    return " · ".join(facts + ([f"added {added} UTC"] if added else []))


def _card(document: DocumentInfo) -> str:
    byline = " · ".join(html.escape(part) for part in (document.author, document.date) if part)
    origin = html.escape(origin_of(document))
    if document.kind == "url":
        origin = f'<a href="{origin}" rel="noopener noreferrer" target="_blank">{origin}</a>'
    return (
        '<li class="doc-card">'
        f'<div class="doc-title">{html.escape(title_of(document))}</div>'
        + (f'<div class="doc-byline">{byline}</div>' if byline else "")
        + f'<div class="doc-facts">{_facts(document)}</div>'
        f'<div class="doc-origin">From: {origin}</div>'
        "</li>"
    )


def documents_html(documents: Iterable[DocumentInfo]) -> str:
    """The documents answers are drawn from, one card each."""
    cards = "".join(_card(d) for d in documents)
    return f'<ul class="doc-list" aria-label="Documents in the library">{cards}</ul>'


def outcome_html(message: str, refused: bool = False) -> str:
    """How one action went, in one line (a refusal says why, once)."""
    if not message:
        return ""
    kind = "refused" if refused else "done"
    return f'<p class="outcome {kind}" role="status">{html.escape(message)}</p>'


def _titles(documents: list[DocumentInfo], shown: int = 2) -> str:
    quoted = [f"“{title_of(d)}”" for d in documents[:shown]]
    rest = len(documents) - shown
    if rest > 0:
        return ", ".join(quoted) + f" and {rest} more"
    return " and ".join(quoted)


def answering_from(documents: list[DocumentInfo], chosen: list[str]) -> tuple[str, str]:
    """What the chat answers from, as a line above the question box and as the box's
    placeholder: the ticked documents (none ticked: all), by their titles."""
    picked = [d for d in documents if d.id in chosen] or documents
    if len(picked) == 1:
        title = title_of(picked[0])
        return f"Answering from “{title}”.", f"Ask a question about “{title}”…"
    everything = len(picked) == len(documents)
    line = (
        f"Answering from all {len(picked)} documents: {_titles(picked)}."
        if everything
        else f"Answering from {_titles(picked)}."
    )
    return line, f"Ask a question about these {len(picked)} documents…"
