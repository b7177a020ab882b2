"""The MCP server: ``assistant mcp`` exposes ``ask_article`` over stdio."""

from __future__ import annotations

from typing import Any

from assistant.settings import Settings


def build_server(settings: Settings) -> Any:
    """An MCP server whose ``ask_article`` tool answers with cited spans."""
    from mcp.server.mcpserver import MCPServer
    from mcp.server.mcpserver.exceptions import ToolError

    from assistant.api import Assistant
    from assistant.errors import InvalidQuestionError

    server = MCPServer("article-assistant")
    assistant: Assistant | None = None

    @server.tool()
    def ask_article(question: str, history: list[dict[str, str]] | None = None) -> dict[str, Any]:
        """Answer a question about the indexed article.

        Returns the answer with inline [n] markers, whether the assistant abstained, and
        citations: each an exact span (source, start, end, text) of the source file.
        ``history`` is earlier turns as {"role", "content"} objects, oldest first.
        """
        nonlocal assistant
        if assistant is None:  # loaded on first use, so the handshake is instant
            assistant = Assistant(settings)
        try:
            return assistant.ask(question, history=history).model_dump()
        except InvalidQuestionError as exc:  # the caller's mistake: say what it was
            raise ToolError(str(exc)) from None

    return server


def run(settings: Settings) -> None:
    """Serve MCP on stdio until the client disconnects."""
    build_server(settings).run()
