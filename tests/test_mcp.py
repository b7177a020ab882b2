"""The MCP server, driven by a real MCP client session over stdio."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from assistant.settings import PROJECT_ROOT

pytestmark = pytest.mark.slow


async def call_ask_article(data_dir: Path, arguments: dict[str, Any]) -> tuple[list[str], Any]:
    tools, results = await call_tools(data_dir, [("ask_article", arguments)])
    return tools, results[0]


async def call_tools(
    data_dir: Path, calls: list[tuple[str, dict[str, Any]]]
) -> tuple[list[str], list[Any]]:
    """The server's tool names and the result of each call, in one stdio session."""
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client

    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "ui.cli", "mcp"],
        env={**os.environ, "ASSISTANT_DATA_DIR": str(data_dir)},
        cwd=str(PROJECT_ROOT),
    )
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        tools = [tool.name for tool in (await session.list_tools()).tools]
        return tools, [await session.call_tool(name, arguments) for name, arguments in calls]


def test_ask_article_tool_answers_with_exact_spans(
    data_dir: Path, assistant: object, article_text: str
) -> None:
    tools, result = asyncio.run(
        call_ask_article(data_dir, {"question": "Who supplied Russia with Yemeni mercenaries?"})
    )
    assert set(tools) == {"ask_article", "add_document", "list_documents", "remove_document"}
    assert not result.is_error
    answer = result.structured_content
    assert "Houthis" in answer["answer"] and answer["abstained"] is False
    for c in answer["citations"]:
        assert article_text[c["start"] : c["end"]] == c["text"]


def test_ask_article_reports_a_bad_question_as_a_tool_error(
    data_dir: Path, assistant: object
) -> None:
    _, result = asyncio.run(call_ask_article(data_dir, {"question": "   "}))
    assert result.is_error
    assert "question is empty" in str(result.content)


def test_documents_are_added_listed_asked_and_removed_through_mcp(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# Garden notes\n\nThe quince tree was planted by Agnes Hale in 1931.\n")
    _, (added, bad) = asyncio.run(
        call_tools(
            tmp_path / "data",
            [("add_document", {"path": str(notes)}), ("add_document", {"text": "x"})],
        )
    )
    assert not added.is_error, added.content
    document = added.structured_content
    assert document["name"] == "notes.md" and document["title"] == "Garden notes"
    assert bad.is_error and "needs a name" in str(bad.content)
    _, (listed, asked, removed, gone) = asyncio.run(
        call_tools(
            tmp_path / "data",
            [
                ("list_documents", {}),
                (
                    "ask_article",
                    {"question": "Who planted the quince tree?", "documents": [document["id"]]},
                ),
                ("remove_document", {"document_id": document["id"]}),
                ("remove_document", {"document_id": document["id"]}),
            ],
        )
    )
    assert document["id"] in {d["id"] for d in listed.structured_content["result"]}
    answer = asked.structured_content
    assert "Agnes Hale" in answer["answer"]
    assert answer["citations"][0]["document_id"] == document["id"]
    assert not removed.is_error and gone.is_error and "no document" in str(gone.content)
