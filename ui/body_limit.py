"""Request bodies counted as they arrive: a body over its limit is answered 413 as soon
as the limit is passed, whether or not it declared a Content-Length (a chunked body
declares none), so no endpoint ever reads more than its limit."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        # Closing the connection stops the server from reading (and discarding) the rest.
        super().__init__(
            413,
            f"the request body is over the {limit} byte limit",
            headers={"Connection": "close"},
        )


class BodyLimit:
    """ASGI middleware: at most ``limit_for(path)`` bytes of body per request."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            refusal = BodyTooLarge(limit)
            response = JSONResponse({"detail": refusal.detail}, 413, headers=refusal.headers)
            await response(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Raised inside the endpoint's read, so FastAPI answers it as a 413.
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, counted, send)
