"""``FakeLLMServer``, a fake: a real OpenAI-compatible HTTP server on loopback replying with
scripted completions, for what a real model will not do on demand (invented quotes,
out-of-range ids, malformed JSON, timeouts, obeying injected instructions) and for timing
our own code around a model (the bench's streaming figures)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import StreamingResponse

from assistant.ports import free_port


class FakeLLMServer:
    """Scripted chat completions over real HTTP.

    ``reply`` is what the next answer call returns (or a function of the request making
    it), ``rewrite`` what the next follow-up rewrite (a plain-text call) returns. Streamed
    calls get the reply in ``pieces`` server-sent chunks, ``piece_delay`` apart.
    """

    def __init__(self) -> None:
        import uvicorn

        self.reply: str | Callable[[dict[str, Any]], str] = "{}"
        self.rewrite: str = ""
        self.delay = 0.0
        self.pieces = 6
        self.piece_delay = 0.0
        self.requests: list[dict[str, Any]] = []
        # (monotonic time, characters of the reply sent so far) for each streamed piece.
        self.sent: list[tuple[float, int]] = []
        app = FastAPI()

        @app.post("/v1/chat/completions")
        async def complete(request: Request) -> Any:
            import asyncio

            body = await request.json()
            self.requests.append(body)
            await asyncio.sleep(self.delay)
            reply = self.reply(body) if callable(self.reply) else self.reply
            content = reply if "response_format" in body else self.rewrite
            if body.get("stream"):
                return StreamingResponse(self._chunks(content), media_type="text/event-stream")
            return {
                "id": "fake",
                "object": "chat.completion",
                "created": 0,
                "model": "fake",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            }

        self.port = free_port()
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        while not self.server.started:
            time.sleep(0.05)

    async def _chunks(self, content: str) -> AsyncIterator[str]:
        import asyncio

        size = max(1, -(-len(content) // self.pieces))
        for start in range(0, len(content), size):
            delta = {"content": content[start : start + size]}
            if start == 0:
                delta["role"] = "assistant"
            yield f"data: {json.dumps(self._chunk(delta, None))}\n\n"
            self.sent.append((time.monotonic(), start + len(delta["content"])))
            await asyncio.sleep(self.piece_delay)
        yield f"data: {json.dumps(self._chunk({}, 'stop'))}\n\n"
        yield "data: [DONE]\n\n"

    @staticmethod
    def _chunk(delta: dict[str, str], finish: str | None) -> dict[str, Any]:
        return {
            "id": "fake",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": "fake",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def yemen_reply(request: dict[str, Any]) -> str:
    """A scripted reply for the bundled article: two sentences quoting the passage about
    Yemeni mercenaries by the number the request's prompt gives it."""
    prompt = request["messages"][-1]["content"]
    pid = next(
        int(block.lstrip("[").split("]")[0])
        for block in prompt.split("\n\n[")
        if "Yemeni mercenaries" in block
    )
    return json.dumps(
        {
            "sentences": [
                {
                    "text": "A company linked to the Houthis supplied the mercenaries.",
                    "passage_ids": [pid],
                    "quote": "a company linked to the Houthis supplied Russia",
                },
                {
                    "text": "Russia received hundreds of Yemeni mercenaries.",
                    "passage_ids": [pid],
                    "quote": "supplied Russia with hundreds of Yemeni mercenaries",
                },
            ]
        }
    )
