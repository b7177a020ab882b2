"""The Gradio chat over the assistant."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from assistant.answers import Answer
from assistant.errors import InvalidQuestionError
from assistant.settings import Settings

if TYPE_CHECKING:
    import gradio as gr

    from assistant.api import Assistant

EXAMPLES = [
    "How many troops did North Korea send to join the invasion?",
    "Who supplied Russia with Yemeni mercenaries?",
    "How many casualties did Russia suffer in November 2024?",
    "How many foreigners were granted Russian citizenship for military service?",
]


def render(answer: Answer) -> str:
    """Markdown for one answer: the text, then its numbered sources."""
    if answer.abstained:
        return f"_{answer.answer}_"
    sources = "\n".join(
        f"{c.id}. {c.text} — `{c.source}:{c.start}-{c.end}` (score {c.score:.2f})"
        for c in answer.citations
    )
    return f"{answer.answer}\n\n**Sources**\n\n{sources}"


def build_app(assistant: Assistant) -> gr.Blocks:
    """The chat app, with an ``ask`` API endpoint returning the ``ask --json`` object."""
    import gradio as gr

    def chat(message: str, history: list[dict[str, Any]]) -> str:
        if not message.strip():
            return ""
        try:
            return render(assistant.ask(message, history=history))
        except InvalidQuestionError as exc:
            raise gr.Error(str(exc)) from None

    def ask(question: str) -> dict[str, Any]:
        try:
            return assistant.ask(question).model_dump()
        except InvalidQuestionError as exc:
            raise gr.Error(str(exc)) from None

    with gr.Blocks(title="Article assistant") as app:
        gr.ChatInterface(
            chat,
            title="Article assistant",
            description="Ask about the article; every answer quotes the passages it rests on.",
            examples=EXAMPLES,
            chatbot=gr.Chatbot(elem_id="chat", height=520),
            api_name="chat",
        )
        hidden_question = gr.Textbox(visible=False)
        hidden_answer = gr.JSON(visible=False)
        hidden_question.submit(ask, hidden_question, hidden_answer, api_name="ask")
    return app


def launch(settings: Settings, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Build the assistant and serve the chat until interrupted."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from assistant.api import Assistant

    build_app(Assistant(settings)).launch(server_name=host, server_port=port, share=False)
