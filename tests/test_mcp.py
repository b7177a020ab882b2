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
        result = await session.call_tool("ask_article", arguments)
        return tools, result


def test_ask_article_tool_answers_with_exact_spans(
    data_dir: Path, assistant: object, article_text: str
) -> None:
    tools, result = asyncio.run(
        call_ask_article(data_dir, {"question": "Who supplied Russia with Yemeni mercenaries?"})
    )
    assert tools == ["ask_article"]
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
