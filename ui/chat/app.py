"""The Gradio chat: streamed answers with citation chips, a sources panel, the article."""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from pydantic.fields import FieldInfo

from assistant.answers import Answer
from assistant.documents import DocumentView
from assistant.errors import UserError
from assistant.library import SUPPORTED
from assistant.settings import Settings, adjustable_fields
from ui.chat import render

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
# Clicking a chip opens the Sources tab and scrolls its card into view.
CHIP_SCRIPT = """
<script>
document.addEventListener("click", (event) => {
  const chip = event.target.closest("a.cite-chip");
  if (!chip) return;
  event.preventDefault();
  const tab = [...document.querySelectorAll("#side-tabs button[role=tab]")]
    .find((b) => b.textContent.trim().startsWith("Sources"));
  if (tab) tab.click();
  setTimeout(() => {
    const card = document.getElementById(chip.getAttribute("href").slice(1));
    if (!card) return;
    document.querySelectorAll(".source-card.active").forEach((c) => c.classList.remove("active"));
    card.classList.add("active");
    card.scrollIntoView({behavior: "smooth", block: "center"});
  }, 80);
});
</script>
"""


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

    def article_of(cited: list[list[Any]]) -> str:
        """The document cited last, with every span of it cited so far highlighted."""
        shown = documents()
        source = cited[-1][0] if cited and cited[-1][0] in shown else next(iter(shown))
        spans = [(start, end) for name, start, end in cited if name == source]
        return render.article_html(source, shown[source], spans)

    adjustable = adjustable_fields()

    def respond(
        message: str,
        history: list[dict[str, Any]],
        cited: list[list[Any]],
        turns: list[tuple[str, Answer]],
        scope: list[str],
        *choices: Any,
    ) -> Iterator[tuple[Any, ...]]:
        keep = gr.skip()
        if not message.strip():
            yield keep, keep, keep, keep, keep, keep, keep, keep, keep
            return
        asked = [*history, {"role": "user", "content": message}]
        pending = {"role": "assistant", "content": render.PENDING}
        # Clear the box and show the question at once; later steps leave the box alone,
        # so a next question typed meanwhile survives.
        yield "", [*asked, pending], keep, keep, keep, keep, keep, keep, keep
        turn = sum(1 for m in history if m["role"] == "user") + 1
        answer = None
        try:
            chosen = assistant.configured(**dict(zip(adjustable, choices)))
            # Each step is shown as soon as it is verified: real streaming.
            for answer in chosen.stream(message, history=history, documents=scope or None):
                bot = {"role": "assistant", "content": render.answer_html(answer, turn)}
                # The sources panel grows with the answer, so chips work on partial answers.
                panel = render.sources_html(answer, documents(), turn)
                caption = _searched_caption(answer)
                yield keep, [*asked, bot], panel, keep, caption, keep, keep, keep, keep
        except UserError as exc:
            gr.Warning(str(exc))
            yield message, history, keep, keep, keep, keep, keep, keep, keep
            return
        except Exception:  # shown as a warning, logged with its traceback
            log.exception("answering failed")
            gr.Warning("Something went wrong while answering; see the server log.")
            yield message, history, keep, keep, keep, keep, keep, keep, keep
            return
        if answer is None:
            return
        cited = cited + [[c.source, c.start, c.end] for c in answer.citations]
        turns = [*turns, (message, answer)]
        yield (
            keep,
            keep,
            keep,
            article_of(cited),
            keep,
            cited,
            turns,
            answer.with_sources(),
            _export(turns),
        )

    def ask(question: str) -> dict[str, Any]:
        try:
            return assistant.ask(question).model_dump()
        except UserError as exc:
            raise gr.Error(str(exc)) from None

    def reset() -> tuple[Any, ...]:
        return (
            "",
            [],
            render.sources_html(None, documents(), 0),
            article_of([]),
            "",
            [],
            [],
            "",
            None,
        )

    def listing() -> tuple[Any, Any, Any]:
        """The documents table, the remove picker and the scope picker, as they are now."""
        listed = assistant.list_documents()
        choices = [(d.name, d.id) for d in listed]
        return (
            render.documents_html(listed),
            gr.Dropdown(choices=choices, value=None),
            gr.CheckboxGroup(choices=choices, value=[]),
        )

    def change(action: Callable[[], Any], done: str) -> tuple[Any, ...]:
        """Run a change to the documents; one line says what happened or why not."""
        try:
            document = action()
        except (*UserError, ValueError) as exc:
            gr.Warning(str(exc))
            return (f"**Refused:** {exc}", *listing(), gr.skip())
        # The last output is the input used, emptied (None clears a textbox and a file).
        return (f"{done}: **{document.name}** ({document.chunks} chunks)", *listing(), None)

    def add_file(path: str | None, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:
        if not path:
            return (gr.skip(),) * 5
        progress(0.1, desc="Indexing the document…")
        name = Path(path).name
        return change(lambda: assistant.add_document(file=Path(path), name=name), "Added")

    def add_url(url: str, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:
        progress(0.1, desc="Fetching and indexing the page…")
        return change(lambda: assistant.add_document(url=url), "Added")

    def add_text(text: str, name: str, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:
        progress(0.1, desc="Indexing the text…")
        return change(lambda: assistant.add_document(text=text, name=name), "Added")

    def remove(document_id: str | None, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:
        if not document_id:
            return ("Choose a document to remove.", *listing())
        progress(0.1, desc="Removing the document…")
        return change(lambda: assistant.remove_document(document_id), "Removed")[:4]

    with gr.Blocks(title="Article assistant") as app:
        gr.Markdown(
            "## Article assistant\nAsk about the article — or add your own in the Documents "
            "tab. Every answer quotes the passages it rests on; click a number to see the "
            "passage in context."
        )
        cited_state = gr.State([])
        turns_state = gr.State([])
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=300):
                chatbot = gr.Chatbot(elem_id="chat", height=460, label="Chat", buttons=["copy"])
                searched = gr.Markdown(elem_id="searched")
                with gr.Row():
                    question = gr.Textbox(
                        elem_id="question",
                        placeholder="Ask a question about the article…",
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
                        show_label=False,
                        lines=6,
                        buttons=["copy"],
                        interactive=False,
                    )
                gr.Examples(EXAMPLES, inputs=question, label="Try")
            with gr.Column(scale=2, min_width=300), gr.Tabs(elem_id="side-tabs"):
                with gr.Tab("Sources", elem_id="sources-tab"):
                    sources = gr.HTML(render.sources_html(None, documents(), 0), elem_id="sources")
                with gr.Tab("Article", elem_id="article-tab"):
                    article = gr.HTML(article_of([]), elem_id="article")
                with gr.Tab("Documents", elem_id="documents-tab"):
                    table, removable, scope = _documents_panel()
                    upload = gr.File(
                        label="Add a file (.txt, .md, .html, .pdf) — drop it here",
                        file_types=list(SUPPORTED),
                        type="filepath",
                        elem_id="upload",
                    )
                    with gr.Row():
                        url = gr.Textbox(
                            placeholder="https://…", show_label=False, scale=4, elem_id="url"
                        )
                        add_link = gr.Button("Add link", scale=1, elem_id="add-url")
                    with gr.Accordion("Paste text", open=False):
                        pasted_name = gr.Textbox(label="Name", elem_id="paste-name")
                        pasted = gr.Textbox(label="Text", lines=6, elem_id="paste-text")
                        add_pasted = gr.Button("Add text", elem_id="add-text")
                    with gr.Row():
                        remove_button = gr.Button(
                            "Remove", variant="stop", scale=1, elem_id="remove-document"
                        )
                    status = gr.Markdown(elem_id="documents-status")
                with gr.Tab("Settings", elem_id="settings-tab"):
                    controls = [
                        control(name, info, getattr(assistant.settings, name))
                        for name, info in adjustable.items()
                    ]
        outputs = [
            question,
            chatbot,
            sources,
            article,
            searched,
            cited_state,
            turns_state,
            copyable,
            export,
        ]
        inputs = [question, chatbot, cited_state, turns_state, scope, *controls]
        question.submit(respond, inputs, outputs, api_visibility="private")
        send.click(respond, inputs, outputs, api_visibility="private")
        clear.click(reset, None, outputs, api_visibility="private")
        changed = [status, table, removable, scope]
        upload.upload(add_file, upload, [*changed, upload], api_visibility="private")
        add_link.click(add_url, url, [*changed, url], api_visibility="private")
        url.submit(add_url, url, [*changed, url], api_visibility="private")
        add_pasted.click(
            add_text, [pasted, pasted_name], [*changed, pasted], api_visibility="private"
        )
        remove_button.click(remove, removable, changed, api_visibility="private")
        # Each page load shows the documents as they are now, not as at start-up.
        app.load(listing, None, [table, removable, scope], api_visibility="private")
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


def _documents_panel() -> tuple[Any, Any, Any]:
    """The documents table, the picker of a document to remove, and the scope picker;
    each page load fills them with the documents as they are then."""
    import gradio as gr

    scope = gr.CheckboxGroup(label="Answer from (none ticked: all documents)", elem_id="scope")
    table = gr.HTML(elem_id="documents")
    removable = gr.Dropdown(label="Document to remove", elem_id="remove-choice")
    return table, removable, scope


def _export(turns: list[tuple[str, Answer]]) -> str:
    """The conversation written as a Markdown file, for the export button."""
    folder = Path(tempfile.mkdtemp(prefix="conversation-"))
    path = folder / "conversation.md"
    path.write_text(render.conversation_markdown(turns), encoding="utf-8")
    return str(path)


def _searched_caption(answer: Answer) -> str:
    parts = []
    if answer.standalone_question != answer.question:
        parts.append(f"Searched as: *{answer.standalone_question}*")
    if answer.answerer != "extractive":
        parts.append(f"Answered by: `{answer.answerer}`")
    return " · ".join(parts)


def control(name: str, info: FieldInfo, value: Any) -> Any:
    """The settings-panel control for one adjustable setting, from its declaration:
    a dropdown for a choice, a slider for a bounded number."""
    import gradio as gr

    label = info.title or name
    elem_id = f"setting-{name.replace('_', '-')}"
    choices = get_args(info.annotation)
    if choices:
        return gr.Dropdown(
            list(choices), value=value, label=label, info=info.description, elem_id=elem_id
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


def start(assistant: Assistant, host: str, port: int, block: bool = True) -> gr.Blocks:
    """Serve the chat on ``host:port``; with ``block=False`` return at once (``.close()``)."""
    app = build_app(assistant)
    app.launch(
        server_name=host,
        server_port=port,
        share=False,
        css=STYLE,
        head=CHIP_SCRIPT,
        prevent_thread_lock=not block,
        quiet=not block,
    )
    return app


def launch(settings: Settings, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Build the assistant and serve the chat until interrupted."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from assistant.api import Assistant

    start(Assistant(settings), host, port)
