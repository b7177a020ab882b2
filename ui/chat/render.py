"""HTML for the chat: answers with citation chips, source cards, the numbered article.

Every answer of a conversation is a numbered turn; a chip ``#cite-T-N`` names citation N
of turn T, and the sources panel and article view hold every turn's citations, showing
the selected turn's (the newest, unless the reader picks another). Pure functions of
answers and source texts, so they are tested without a browser.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from itertools import pairwise

from assistant.answers import CITATION_MARKER, Answer, Citation
from assistant.documents import DocumentView, Paragraph

PENDING = '<div class="pending">Searching the article…</div>'
QUOTE_CHARS = 300
Turn = tuple[str, Answer]


def chip(citation: Citation | None, number: int, turn: int) -> str:
    """A citation number: a link to its span in the article view, named "source N" for
    screen readers, holding the quoted sentence the page script shows on hover and focus.

    The chat sanitises its HTML (no data- attributes), so the href carries the target.
    """
    quote = ""
    if citation is not None:
        text = " ".join(citation.text.split())
        text = text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"
        quote = f'<span class="cite-quote" hidden>{as_text(text)}</span>'
    return (
        f'<a class="cite-chip" href="#cite-{turn}-{number}">'
        f'<span class="sr-only">source </span>{number}{quote}</a>'
    )


FAILURE_CLASS = "failure"


def failure_html(message: str) -> str:
    """A question that could not be answered, said in the answer's place."""
    return f'<div class="{FAILURE_CLASS}" role="alert">{as_text(message)}</div>'


def is_failure(content: object) -> bool:
    """Whether a chat message is a ``failure_html`` notice (no turn of the conversation)."""
    return isinstance(content, str) and content.startswith(f'<div class="{FAILURE_CLASS}"')


# The chat renders its messages as Markdown (and would typeset math): these characters of
# a document's text are written as character references, so they show as themselves.
_MARKDOWN = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_{}[]#!|~$<>&\"'"})


def as_text(text: str) -> str:
    """``text`` for the chat bubble: shown as written, never read as HTML or Markdown
    (no images, links, emphasis or math out of a document's words)."""
    return text.translate(_MARKDOWN)


def answer_html(answer: Answer, turn: int) -> str:
    """The answer with ``[n]`` markers turned into chips; abstentions and sentences that
    could not be verified against the article are styled apart."""
    if answer.abstained:
        return f'<div class="abstain">{as_text(answer.answer)}</div>'
    if any(not s.supported for s in answer.sentences):
        parts = [
            _chips(s.composed(), answer, turn)
            if s.supported
            else f'<span class="unsupported" title="Not verified against the article">'
            f"{as_text(s.text)}</span>"
            for s in answer.sentences
        ]
        return '<div class="answer">' + " ".join(parts) + "</div>"
    return '<div class="answer">' + _chips(answer.answer, answer, turn) + "</div>"


def _chips(text: str, answer: Answer, turn: int) -> str:
    """``text`` as text, its ``[n]`` markers as chips."""
    by_id = {c.id: c for c in answer.citations}
    out, cursor = [], 0
    for marker in CITATION_MARKER.finditer(text):
        number = int(marker.group(1))
        out += [as_text(text[cursor : marker.start()]), chip(by_id.get(number), number, turn)]
        cursor = marker.end()
    out.append(as_text(text[cursor:]))
    return "".join(out)


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


def answer_choice(turns: Sequence[Turn], panel: str) -> str:
    """A picker of the answer whose citations a panel shows (the newest is chosen)."""
    if not turns:
        return ""
    options = "".join(
        f'<option value="{t}"{" selected" if t == len(turns) else ""}>'
        f"{t}. {html.escape(_short(question))}</option>"
        for t, (question, _) in enumerate(turns, start=1)
    )
    return (
        f'<div class="answer-choice"><label for="{panel}-answer">Answer shown</label> '
        f'<select id="{panel}-answer" class="turn-select">{options}</select></div>'
    )


def _short(question: str, limit: int = 60) -> str:
    question = " ".join(question.split())
    return question if len(question) <= limit else question[: limit - 1] + "…"


def _shown(turn: int, selected: int) -> str:
    return "" if turn == selected else " hidden"


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


def sources_html(
    turns: Sequence[Turn], documents: dict[str, DocumentView], writing: bool = False
) -> str:
    """The sources panel: each answer's cited passages, the newest answer's shown;
    ``aria-busy`` while the newest answer is still being written (``writing``)."""
    busy = "true" if writing else "false"
    if not turns:
        return (
            f'<div class="sources-panel" aria-busy="{busy}">'
            '<p class="muted">Sources of the latest answer appear here.</p></div>'
        )
    sections = []
    for turn, (question, answer) in enumerate(turns, start=1):
        if answer.abstained or not answer.citations:
            body = '<p class="muted">No passage of the documents answers this question.</p>'
        else:
            by_document: dict[str, list[Citation]] = {}
            for citation in answer.citations:
                by_document.setdefault(citation.source, []).append(citation)
            body = "".join(
                f'<section class="source-document"><p class="doc-name">{html.escape(source)}</p>'
                + "".join(source_card(c, documents[source], turn) for c in citations)
                + "</section>"
                for source, citations in by_document.items()
                if source in documents
            )
        sections.append(
            f'<section class="source-turn" data-turn="{turn}"{_shown(turn, len(turns))}>'
            f'<p class="muted">Sources of answer {turn}: {html.escape(_short(question))}</p>'
            f"{body}</section>"
        )
    return (
        f'<div class="sources-panel" aria-busy="{busy}">'
        f"{answer_choice(turns, 'sources')}{''.join(sections)}</div>"
    )


def article_html(turns: Sequence[Turn], documents: dict[str, DocumentView]) -> str:
    """The article view: each cited document once, every answer's spans marked with
    their answer and number; the newest answer's spans highlighted and numbered."""
    selected = len(turns)
    cited: dict[str, list[tuple[int, Citation]]] = {}
    for turn, (_, answer) in enumerate(turns, start=1):
        for citation in answer.citations:
            cited.setdefault(citation.source, []).append((turn, citation))
    shown = [name for name in cited if name in documents] or list(documents)[:1]
    notes = "".join(
        f'<p class="turn-note muted" data-turn="{turn}"{_shown(turn, selected)}>'
        f"{_note(turn, answer)}</p>"
        for turn, (_, answer) in enumerate(turns, start=1)
    )
    if not turns:
        notes = '<p class="turn-note muted">Ask a question to see the passages it cites.</p>'
    chosen = [name for name in shown if selected in _turns(cited, name)] or shown[:1]
    anchored: set[tuple[int, int]] = set()
    sections = []
    for name in shown:
        spans = cited.get(name, [])
        sections.append(
            f'<section class="article-doc" data-source="{html.escape(name)}" '
            f'data-turns="{" ".join(map(str, sorted(_turns(cited, name))))}"'
            f"{'' if name in chosen else ' hidden'}>"
            f'<p class="doc-name muted">{html.escape(name)}</p>'
            + "".join(
                f"<p>{_numbered(paragraph, spans, selected, anchored)}</p>"
                for paragraph in documents[name].paragraphs
            )
            + "</section>"
        )
    return (
        f'<div class="article" data-turn="{selected}">'
        f"{answer_choice(turns, 'article')}{notes}{''.join(sections)}</div>"
    )


def _turns(cited: dict[str, list[tuple[int, Citation]]], name: str) -> set[int]:
    return {turn for turn, _ in cited.get(name, [])}


def _note(turn: int, answer: Answer) -> str:
    back = f' <a class="back-to-answer" href="#answer-{turn}">Back to answer {turn}</a>'
    if answer.abstained or not answer.citations:
        return f"Answer {turn} cites no passage: the documents do not answer it.{back}"
    count = len(answer.citations)
    return (
        f"Answer {turn}: {count} cited passage{'s' if count != 1 else ''} highlighted, "
        f"numbered as in the answer.{back}"
    )


def _numbered(
    paragraph: Paragraph,
    spans: list[tuple[int, Citation]],
    selected: int,
    anchored: set[tuple[int, int]],
) -> str:
    """A paragraph escaped, each cited span in it marked with the citations covering it
    (``data-cites="T-N …"``), and a number badge ``#cite-T-N`` where a citation is first
    seen (``anchored`` holds those already badged)."""
    local = []
    for turn, citation in spans:
        if citation.start < paragraph.end and citation.end > paragraph.start:
            a, b = paragraph.local_span(citation.start, citation.end)
            a, b = max(a, 0), min(b, len(paragraph.text))
            if a < b:
                local.append((a, b, turn, citation.id))
    text = paragraph.text
    if not local:
        return html.escape(text)
    bounds = sorted({0, len(text), *(a for a, *_ in local), *(b for _, b, *_ in local)})
    out = []
    for a, b in pairwise(bounds):
        for start, _, turn, number in local:
            if start == a and (turn, number) not in anchored:
                anchored.add((turn, number))
                on = " on" if turn == selected else ""
                out.append(
                    f'<span class="span-no{on}" id="cite-{turn}-{number}" '
                    f'data-turn="{turn}">{number}</span>'
                )
        keys = [f"{t}-{n}" for s, e, t, n in local if s <= a and b <= e]
        segment = html.escape(text[a:b])
        if keys:
            on = " on" if any(k.startswith(f"{selected}-") for k in keys) else ""
            segment = f'<span class="cite-span{on}" data-cites="{" ".join(keys)}">{segment}</span>'
        out.append(segment)
    return "".join(out)


def conversation_markdown(turns: Iterable[Turn]) -> str:
    """A conversation as Markdown: each question, its answer and the answer's sources."""
    parts = ["# Conversation with the article assistant\n"]
    for question, answer in turns:
        parts.append(f"## {question}\n\n{answer.with_sources()}\n")
    return "\n".join(parts)
