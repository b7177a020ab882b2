"""The Gradio chat: streamed answers with citation chips, a sources panel, the article."""

from __future__ import annotations

import hmac
import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from pydantic.fields import FieldInfo

from assistant.answers import Answer
from assistant.documents import DocumentView
from assistant.errors import LLMUnavailableError, UserError
from assistant.library import DocumentInfo, counted, left_out_line
from assistant.settings import Settings, adjustable_fields
from ui import access
from ui.chat import library_view, render

if TYPE_CHECKING:
    import gradio as gr

    from assistant.api import Assistant

log = logging.getLogger(__name__)

EXAMPLES = [
    "How many troops did North Korea send to join the invasion?",
    "Who supplied Russia with Yemeni mercenaries?",
    "How many casualties did Russia suffer in November 2024?",
    "What were foreign recruits promised?",
]
API_CONCURRENCY = 16
STYLE = (Path(__file__).parent / "style.css").read_text(encoding="utf-8")
# Citation numbers open their answer's passages in the article view, show their quote on
# hover and focus; answers are labelled for assistive technology as plain text.
SCRIPT = f"<script>\n{(Path(__file__).parent / 'chat.js').read_text(encoding='utf-8')}</script>"


def build_app(assistant: Assistant) -> gr.Blocks:
    """The chat app; ``api_name="ask"`` returns the ``assistant ask --json`` object."""
    import gradio as gr

    views: dict[str, Any] = {}

    def documents() -> dict[str, DocumentView]:
        """The documents as shown (cleaned text, paragraphs), rebuilt when the index changes."""
        build_id = assistant.index.manifest.build_id
        if views.get("build_id") != build_id:
            views.update(build_id=build_id, documents=assistant.documents())
        shown: dict[str, DocumentView] = views["documents"]
        return shown

    adjustable = adjustable_fields()

    def respond(
        message: str,
        history: list[dict[str, Any]],
        turns: list[tuple[str, Answer]],
        scope: list[str],
        *choices: Any,
    ) -> Iterator[tuple[Any, ...]]:
        keep = gr.skip()
        if not message.strip():
            yield (keep,) * 8
            return
        # A failure shown in the chat is no turn of the conversation.
        history = [t for t in history if not render.is_failure(t.get("content"))]
        asked = [*history, {"role": "user", "content": message}]
        pending = {"role": "assistant", "content": render.PENDING}
        # Clear the box and show the question at once; later steps leave the box alone,
        # so a next question typed meanwhile survives.
        yield "", [*asked, pending], keep, keep, keep, keep, keep, keep
        turn = len(turns) + 1
        answer = None
        try:
            chosen = assistant.configured(**dict(zip(adjustable, choices)))
            # Each step is shown as soon as it is verified: real streaming.
            # The conversation as the core reads it: the answers' own text with their [n]
            # markers (the chat shows them as HTML, in which no name or quotation is found).
            conversation = [
                said
                for asked_before, answered in turns
                for said in (
                    {"role": "user", "content": asked_before},
                    {"role": "assistant", "content": answered.answer},
                )
            ]
            for answer in chosen.stream(message, history=conversation, documents=scope or None):
                bot = {"role": "assistant", "content": render.answer_html(answer, turn)}
                # The sources panel and article view grow with the answer, so its numbers
                # open their passages while it is still being written.
                so_far = [*turns, (message, answer)]
                panel = render.sources_html(so_far, documents(), writing=True)
                article_view = render.article_html(so_far, documents())
                caption = _searched_caption(answer)
                yield keep, [*asked, bot], panel, article_view, caption, keep, keep, keep
        except UserError as exc:
            # Said in the answer's place, with what to do; the question stays in the box.
            failed = {"role": "assistant", "content": render.failure_html(_remedy(exc))}
            yield message, [*asked, failed], keep, keep, keep, keep, keep, keep
            return
        except Exception:  # said in the chat, logged with its traceback
            log.exception("answering failed")
            said = "Something went wrong while answering; the server log says what."
            failed = {"role": "assistant", "content": render.failure_html(said)}
            yield message, [*asked, failed], keep, keep, keep, keep, keep, keep
            return
        if answer is None:
            return
        turns = [*turns, (message, answer)]
        done = render.sources_html(turns, documents())
        yield keep, keep, done, keep, keep, turns, answer.with_sources(), _export(turns)

    def ask(question: str) -> dict[str, Any]:
        try:
            return assistant.ask(question).model_dump()
        except UserError as exc:
            raise gr.Error(str(exc)) from None

    def reset() -> tuple[Any, ...]:
        shown = documents()
        empty_sources, empty_article = (
            render.sources_html([], shown),
            render.article_html([], shown),
        )
        return "", [], empty_sources, empty_article, "", [], "", None

    def example(chosen: gr.SelectData) -> str:
        return str(chosen.value["text"])

    # Gradio passes the clicked example by this annotation, which it must resolve.
    example.__annotations__["chosen"] = gr.SelectData

    def scoped(chosen: list[str]) -> tuple[Any, Any]:
        """The line above the question box and the box's placeholder for ``chosen``."""
        line, placeholder = library_view.answering_from(assistant.list_documents(), chosen)
        return line, gr.Textbox(placeholder=placeholder)

    def listing() -> tuple[Any, ...]:
        """The documents list, the remove and scope pickers (titles, as the list shows
        them), and what the chat answers from, as they are now."""
        listed = assistant.list_documents()
        choices = [(library_view.title_of(d), d.id) for d in listed]
        line, placeholder = library_view.answering_from(listed, [])
        return (
            library_view.documents_html(listed),
            gr.Dropdown(choices=choices, value=None),
            gr.CheckboxGroup(choices=choices, value=[]),
            line,
            gr.Textbox(placeholder=placeholder),
        )

    def change(slot: int, action: Callable[[], DocumentInfo], done: str) -> tuple[Any, ...]:
        """Run a change to the documents. Its outcome is one line beside the control
        used (``slot`` of the four), the other lines are cleared; the last output is the
        input used, emptied (None clears a textbox and a file) — a refused file too."""
        outcomes = [""] * 4
        try:
            document = action()
        except (UserError, ValueError) as exc:
            log.info("documents: refused: %s", exc)
            outcomes[slot] = library_view.outcome_html(str(exc), refused=True)
            return (*outcomes, *listing(), None if slot == 0 else gr.skip())
        if document.already_present:
            message = f"Already in the library: {document.name} (nothing changed)"
        else:
            message = f"{done}: {document.name} ({counted(document.chunks, 'chunk')})"
            left_out = left_out_line(document)
            if left_out:
                message += f". {left_out}"
        outcomes[slot] = library_view.outcome_html(message)
        return (*outcomes, *listing(), None)

    def add_file(path: str | None, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:
        if not path:
            return (gr.skip(),) * 10
        progress(0.1, desc="Indexing the document…")
        # The upload's own name: Gradio's temporary folder is no origin a reader knows.
        upload = Path(path)
        try:
            return change(
                0,
                lambda: assistant.add_document(content=upload.read_bytes(), name=upload.name),
                "Added",
            )
        finally:
            # Added or refused, the library holds its own copy: the upload is not kept.
            upload.unlink(missing_ok=True)

    def add_url(url: str, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:
        progress(0.1, desc="Fetching and indexing the page…")
        return change(1, lambda: assistant.add_document(url=url), "Added")

    def add_text(text: str, name: str, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:
        progress(0.1, desc="Indexing the text…")
        done = change(2, lambda: assistant.add_document(text=text, name=name), "Added")
        return (*done, done[-1])  # the name is emptied (or kept) with the text

    def remove(document_id: str | None, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:
        if not document_id:
            asked = library_view.outcome_html("Choose a document to remove first.", refused=True)
            return ("", "", "", asked, *(gr.skip(),) * 5)
        progress(0.1, desc="Removing the document…")
        return change(3, lambda: assistant.remove_document(document_id), "Removed")[:-1]

    # Gradio's cache of uploads and outputs is emptied of files older than an hour, hourly.
    with gr.Blocks(title="Article assistant", delete_cache=(3600, 3600)) as app:
        gr.Markdown(
            "# Article assistant\nAsk about the article — or add your own in the Documents "
            "tab. Every answer quotes the passages it rests on; click a number to see the "
            "passage in the article."
        )
        turns_state = gr.State([])
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=300):
                chatbot = gr.Chatbot(
                    elem_id="chat",
                    height=460,
                    label="Chat",
                    buttons=["copy"],
                    examples=[{"text": q} for q in EXAMPLES],
                    # A document's "$$...$$" is its text, never math to typeset.
                    latex_delimiters=[],
                )
                searched = gr.Markdown(elem_id="searched")
                scope_line = gr.Markdown(elem_id="answering-from")
                with gr.Row():
                    question = gr.Textbox(
                        elem_id="question",
                        placeholder="Ask a question…",
                        label="Your question",
                        show_label=False,
                        scale=5,
                        max_lines=4,
                        submit_btn=False,
                    )
                    send = gr.Button("Ask", variant="primary", elem_id="ask-button", scale=1)
                with gr.Row():
                    clear = gr.Button("Clear conversation", elem_id="clear-button", size="sm")
                    export = gr.DownloadButton(
                        "Export conversation (.md)", elem_id="export-button", size="sm"
                    )
                with gr.Accordion("Copy the answer with its sources", open=False):
                    copyable = gr.Textbox(
                        elem_id="answer-with-sources",
                        label="The answer with its sources",
                        show_label=False,
                        lines=6,
                        buttons=["copy"],
                        interactive=False,
                    )
            with gr.Column(scale=2, min_width=300), gr.Tabs(elem_id="side-tabs"):
                with gr.Tab("Sources", elem_id="sources-tab"):
                    sources = gr.HTML(render.sources_html([], documents()), elem_id="sources")
                with gr.Tab("Article", elem_id="article-tab"):
                    article = gr.HTML(render.article_html([], documents()), elem_id="article")
                with gr.Tab("Documents", elem_id="documents-tab"):
                    panel = _documents_panel()
                with gr.Tab("Settings", elem_id="settings-tab"):
                    controls = [
                        control(name, info, getattr(assistant.settings, name))
                        for name, info in adjustable.items()
                    ]
        outputs = [question, chatbot, sources, article, searched, turns_state, copyable, export]
        inputs = [question, chatbot, turns_state, panel.scope, *controls]
        question.submit(respond, inputs, outputs, api_visibility="private")
        send.click(respond, inputs, outputs, api_visibility="private")
        clear.click(reset, None, outputs, api_visibility="private")
        chatbot.example_select(example, None, question, api_visibility="private").then(
            respond, inputs, outputs, api_visibility="private"
        )
        changed = [*panel.outcomes, panel.table, panel.removable, panel.scope, scope_line, question]
        for event, handler, given, emptied in [
            (panel.upload.upload, add_file, [panel.upload], [panel.upload]),
            (panel.add_link.click, add_url, [panel.url], [panel.url]),
            (panel.url.submit, add_url, [panel.url], [panel.url]),
            (
                panel.add_pasted.click,
                add_text,
                [panel.pasted, panel.pasted_name],
                [panel.pasted, panel.pasted_name],
            ),
        ]:
            event(handler, given, [*changed, *emptied], api_visibility="private")
        panel.remove_button.click(remove, panel.removable, changed, api_visibility="private")
        # Each page load shows the documents as they are now, not as at start-up.
        app.load(
            listing,
            None,
            [panel.table, panel.removable, panel.scope, scope_line, question],
            api_visibility="private",
        )
        panel.scope.change(scoped, panel.scope, [scope_line, question], api_visibility="private")
        hidden_question = gr.Textbox(visible=False)
        hidden_answer = gr.JSON(visible=False)
        # Answering is thread-safe and takes ~10 ms: let API callers run side by side.
        hidden_question.submit(
            ask,
            hidden_question,
            hidden_answer,
            api_name="ask",
            concurrency_limit=API_CONCURRENCY,
        )
    return app


@dataclass
class DocumentsPanel:
    """The Documents tab's controls, top to bottom: add a file, a link or pasted text
    (each with the line saying how its add went), the list, the scope, remove."""

    upload: Any
    url: Any
    add_link: Any
    pasted_name: Any
    pasted: Any
    add_pasted: Any
    table: Any
    scope: Any
    removable: Any
    remove_button: Any
    outcomes: list[Any]


def _documents_panel() -> DocumentsPanel:
    """The Documents tab; each page load fills its list and pickers."""
    import gradio as gr

    def outcome(elem_id: str) -> Any:
        return gr.HTML(elem_id=elem_id, elem_classes=["outcome-line"])

    gr.Markdown("## Add a document", elem_classes=["panel-heading"])
    # No file_types: a file of another type reaches the library, which says why not.
    upload = gr.File(
        label="A file (.txt, .md, .html, .pdf): drop it here", elem_id="upload", height=150
    )
    upload_outcome = outcome("upload-outcome")
    with gr.Row(equal_height=True):
        url = gr.Textbox(
            label="A link to a web page",
            show_label=False,
            placeholder="A link to a web page: https://…",
            scale=4,
            elem_id="url",
            min_width=160,
        )
        add_link = gr.Button("Add link", scale=1, elem_id="add-url", min_width=90)
    url_outcome = outcome("url-outcome")
    with gr.Accordion("Paste text", open=False, elem_id="paste"):
        pasted_name = gr.Textbox(label="Name", elem_id="paste-name")
        pasted = gr.Textbox(label="Text", lines=6, elem_id="paste-text")
        add_pasted = gr.Button("Add text", elem_id="add-text")
    paste_outcome = outcome("paste-outcome")
    gr.Markdown("## In the library", elem_classes=["panel-heading"])
    table = gr.HTML(elem_id="documents")
    scope = gr.CheckboxGroup(label="Answer from (none ticked: all documents)", elem_id="scope")
    with gr.Row(equal_height=True):
        removable = gr.Dropdown(
            label="Document to remove", elem_id="remove-choice", scale=4, min_width=160
        )
        remove_button = gr.Button(
            "Remove", variant="stop", scale=1, elem_id="remove-document", min_width=90
        )
    remove_outcome = outcome("remove-outcome")
    return DocumentsPanel(
        upload,
        url,
        add_link,
        pasted_name,
        pasted,
        add_pasted,
        table,
        scope,
        removable,
        remove_button,
        [upload_outcome, url_outcome, paste_outcome, remove_outcome],
    )


def _export(turns: list[tuple[str, Answer]]) -> str:
    """The conversation written as a Markdown file, for the export button."""
    folder = Path(tempfile.mkdtemp(prefix="conversation-"))
    path = folder / "conversation.md"
    path.write_text(render.conversation_markdown(turns), encoding="utf-8")
    return str(path)


def _remedy(error: Exception) -> str:
    """A failure's one line, with what the user can do about it."""
    if isinstance(error, LLMUnavailableError):
        return (
            f"This answer could not be written: {error}. Your question is still in the box: "
            "choose “Offline: quote the documents” under Settings to answer without an LLM."
        )
    return str(error)


def _searched_caption(answer: Answer) -> str:
    parts = []
    if answer.standalone_question != answer.question:
        parts.append(f"Searched as: *{answer.standalone_question}*")
    chosen, _, used = answer.answerer.partition("->")
    if used:
        parts.append(
            f"The chosen answerer ({chosen}) could not be used, so this answer quotes the "
            "documents offline."
        )
    elif chosen != "extractive":
        parts.append(f"Written by: {chosen}, checked against the documents")
    return " · ".join(parts)


def control(name: str, info: FieldInfo, value: Any) -> Any:
    """The settings-panel control for one adjustable setting, from its declaration:
    a dropdown for a choice, a slider for a bounded number."""
    import gradio as gr

    label = info.title or name
    elem_id = f"setting-{name.replace('_', '-')}"
    choices = get_args(info.annotation)
    if choices:
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        labels = extra.get("labels")
        named = labels if isinstance(labels, dict) else {}
        return gr.Dropdown(
            [(str(named.get(c, c)), c) for c in choices],
            value=value,
            label=label,
            info=info.description,
            elem_id=elem_id,
        )
    bounds = {type(m).__name__: m for m in info.metadata}
    minimum, maximum = bounds["Ge"].ge, bounds["Le"].le
    whole = info.annotation is int
    return gr.Slider(
        minimum,
        maximum,
        value=value,
        step=1 if whole else 0.01,
        label=label,
        info=info.description,
        elem_id=elem_id,
    )


class ChatRefusedError(UserError):
    """The chat would be open to the network without a key."""


def _media_types(path: str) -> tuple[str, ...]:
    # Gradio's own routes: JSON calls, multipart uploads, the login form.
    return (access.JSON, access.MULTIPART, access.FORM)


def start(assistant: Assistant, host: str, port: int, block: bool = True) -> gr.Blocks:
    """Serve the chat on ``host:port``; with ``block=False`` return at once (``.close()``).

    The access policy is the HTTP API's (``ui/access.py``); with ``ASSISTANT_API_KEY`` set
    the chat and its API routes need a login whose password is the key, and without one
    it refuses to listen beyond this machine.
    """
    settings = assistant.settings
    key = settings.api_key.get_secret_value() if settings.api_key else None
    if key is None and not access.is_loopback(host):
        raise ChatRefusedError(
            f"refusing to open the chat on {host} without ASSISTANT_API_KEY: "
            "set a key, or serve on 127.0.0.1"
        )

    def signed_in(_user: str, password: str) -> bool:
        return key is not None and hmac.compare_digest(password.encode(), key.encode())

    app = build_app(assistant)
    app.launch(
        server_name=host,
        server_port=port,
        share=False,
        css=STYLE,
        head=SCRIPT,
        prevent_thread_lock=not block,
        quiet=not block,
        auth=signed_in if key is not None else None,
        auth_message="Sign in with the assistant's API key as the password (any user name).",
        max_file_size=access.MAX_UPLOAD_BYTES,
        footer_links=[],  # Gradio's own settings panel and API page are not the user's
        app_kwargs={
            "middleware": access.middleware(
                bind_host=host,
                hosts=settings.allowed_hosts,
                cors_origins=(),
                media_types_for=_media_types,
            )
        },
    )
    return app


def launch(settings: Settings, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Build the assistant and serve the chat until interrupted."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from assistant.api import Assistant

    start(Assistant(settings), host, port)
