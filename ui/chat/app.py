"""The Gradio chat: streamed answers with citation chips, a sources panel, the article."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from pydantic.fields import FieldInfo

from assistant.answers import Answer
from assistant.errors import UserError
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

    documents = assistant.documents()
    default_source = next(iter(documents))

    def article_of(cited: list[list[Any]]) -> str:
        """The document cited last, with every span of it cited so far highlighted."""
        source = cited[-1][0] if cited else default_source
        spans = [(start, end) for name, start, end in cited if name == source]
        return render.article_html(source, documents[source], spans)

    adjustable = adjustable_fields()

    def respond(
        message: str, history: list[dict[str, Any]], cited: list[list[Any]], *choices: Any
    ) -> Iterator[tuple[Any, ...]]:
        keep = gr.skip()
        if not message.strip():
            yield keep, keep, keep, keep, keep, keep
            return
        asked = [*history, {"role": "user", "content": message}]
        pending = {"role": "assistant", "content": render.PENDING}
        # Clear the box and show the question at once; later steps leave the box alone,
        # so a next question typed meanwhile survives.
        yield "", [*asked, pending], keep, keep, keep, keep
        try:
            chosen = assistant.configured(**dict(zip(adjustable, choices)))
            *partials, answer = chosen.stream(message, history=history)
        except UserError as exc:
            gr.Warning(str(exc))
            yield message, history, keep, keep, keep, keep
            return
        except Exception:  # shown as a warning, logged with its traceback
            log.exception("answering failed")
            gr.Warning("Something went wrong while answering; see the server log.")
            yield message, history, keep, keep, keep, keep
            return
        turn = sum(1 for m in history if m["role"] == "user") + 1
        cited = cited + [[c.source, c.start, c.end] for c in answer.citations]
        searched = _searched_caption(answer)
        for partial in partials:
            bot = {"role": "assistant", "content": render.answer_html(partial, turn)}
            yield keep, [*asked, bot], keep, keep, searched, cited
        bot = {"role": "assistant", "content": render.answer_html(answer, turn)}
        yield (
            keep,
            [*asked, bot],
            render.sources_html(answer, documents, turn),
            article_of(cited),
            searched,
            cited,
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
            render.sources_html(None, documents, 0),
            article_of([]),
            "",
            [],
        )

    with gr.Blocks(title="Article assistant") as app:
        gr.Markdown(
            "## Article assistant\nAsk about the article. Every answer quotes the passages it "
            "rests on; click a number to see the passage in context."
        )
        cited_state = gr.State([])
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
                clear = gr.Button("Clear conversation", elem_id="clear-button", size="sm")
                gr.Examples(EXAMPLES, inputs=question, label="Try")
            with gr.Column(scale=2, min_width=300), gr.Tabs(elem_id="side-tabs"):
                with gr.Tab("Sources", elem_id="sources-tab"):
                    sources = gr.HTML(render.sources_html(None, documents, 0), elem_id="sources")
                with gr.Tab("Article", elem_id="article-tab"):
                    article = gr.HTML(article_of([]), elem_id="article")
                with gr.Tab("Settings", elem_id="settings-tab"):
                    controls = [
                        control(name, info, getattr(assistant.settings, name))
                        for name, info in adjustable.items()
                    ]
        outputs = [question, chatbot, sources, article, searched, cited_state]
        inputs = [question, chatbot, cited_state, *controls]
        question.submit(respond, inputs, outputs, api_visibility="private")
        send.click(respond, inputs, outputs, api_visibility="private")
        clear.click(reset, None, outputs, api_visibility="private")
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
