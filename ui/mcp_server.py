"""The MCP server: ``assistant mcp`` exposes the assistant's tools over stdio:
``ask_article``, ``add_document``, ``list_documents`` and ``remove_document``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.api import Assistant

T = TypeVar("T")


def build_server(settings: Settings) -> Any:
    """An MCP server whose tools answer with cited spans and manage the documents."""
    from mcp.server.mcpserver import MCPServer
    from mcp.server.mcpserver.exceptions import ToolError

    from assistant.errors import UserError

    server = MCPServer("article-assistant")
    loaded: list[Assistant] = []

    def use(action: Callable[[Assistant], T]) -> T:
        """Run ``action`` on the assistant (loaded on first use, so the handshake is
        instant); the caller's mistakes come back as a tool error saying what they were."""
        from assistant.api import Assistant

        if not loaded:
            loaded.append(Assistant(settings))
        try:
            return action(loaded[0])
        except (UserError, ValueError) as exc:
            raise ToolError(str(exc)) from None

    @server.tool()
    def ask_article(
        question: str,
        history: list[dict[str, str]] | None = None,
        documents: list[str] | None = None,
    ) -> dict[str, Any]:
        """Answer a question about the indexed article(s).

        Returns the answer with inline [n] markers, whether the assistant abstained, and
        citations: each an exact span (source, start, end, text) of the source file, with
        its document_id (and page, for a PDF). ``history`` is earlier turns as
        {"role", "content"} objects, oldest first; ``documents`` limits the answer to
        these document ids (see list_documents).
        """
        return use(lambda a: a.ask(question, history=history, documents=documents).model_dump())

    @server.tool()
    def add_document(
        url: str | None = None,
        path: str | None = None,
        text: str | None = None,
        name: str | None = None,
    ) -> dict[str, Any]:
        """Add a document to answer from: a web page (``url``), a local file (``path``:
        .txt, .md, .html or .pdf) or ``text`` with a ``name``. A document of the same
        name is replaced. Returns the document (its id, name, title, chunks, ...)."""
        file = Path(path).expanduser() if path is not None else None
        return use(lambda a: a.add_document(file=file, url=url, text=text, name=name).model_dump())

    @server.tool()
    def list_documents() -> list[dict[str, Any]]:
        """The documents answers are drawn from: id, name, origin, kind, title, author,
        date, ``spans`` (where the file shows title, author and date), chunks."""
        return use(lambda a: [d.model_dump() for d in a.list_documents()])

    @server.tool()
    def remove_document(document_id: str) -> dict[str, Any]:
        """Stop answering from a document (by id) and delete its stored copy."""
        return use(lambda a: a.remove_document(document_id).model_dump())

    return server


def run(settings: Settings) -> None:
    """Serve MCP on stdio until the client disconnects."""
    build_server(settings).run()
