"""The HTTP API: ``assistant serve``. FastAPI, with an OpenAI-compatible chat endpoint.

- ``POST /ask`` -> the ``assistant ask --json`` object; ``POST /ask/stream`` -> the same
  as server-sent events, one ``answer`` event per step, the last complete.
- ``POST /documents`` (JSON ``{"url"}`` or ``{"text", "name"}``, or a multipart
  ``file``) -> 201 and the document (200 when it was already there); ``GET /documents``,
  ``GET /documents/{id}``, ``GET /documents/{id}/text`` (the text citation offsets index), ``DELETE
  /documents/{id}``. ``/ask`` and the chat endpoint take ``"documents": [ids]`` to scope.
- ``GET /health`` (never needs a key), ``GET /openapi.json``.
- ``POST /v1/chat/completions`` and ``GET /v1/models``: any OpenAI client can use the
  assistant as a model; citations come as a "Sources" block in the message and as the
  extra ``citations`` / ``abstained`` fields.

When ``ASSISTANT_API_KEY`` is set, every endpoint but ``/health`` needs
``Authorization: Bearer <key>``. Questions and document requests are rate limited per key
(or client address), bodies are counted as they arrive (``ui/body_limit.py``), and
``/health`` runs on the event loop, so it answers even while every worker thread waits.
"""

from __future__ import annotations

import hmac
import json
import logging
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sse_starlette.sse import EventSourceResponse
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from assistant.answers import Answer
from assistant.conversation import Turn, message_text
from assistant.errors import (
    BusyError,
    DocumentNotFoundError,
    IndexingError,
    InvalidQuestionError,
    SourceError,
    StoreUnavailableError,
)
from assistant.library import DocumentInfo
from ui import access
from ui.body_limit import BodyLimit
from ui.rate_limit import RateLimits, caller_key

if TYPE_CHECKING:
    from assistant.api import Assistant

log = logging.getLogger(__name__)

MODEL_ID = "article-assistant"
MAX_BODY_BYTES = 64 * 1024
# A document (an upload or pasted text) may be larger than a question.
MAX_UPLOAD_BYTES = access.MAX_UPLOAD_BYTES
# Seconds a caller refused for a busy server is asked to wait.
BUSY_RETRY_SECONDS = 5
# The status of each error that is the caller's to fix; the message says what to fix.
CALLER_ERRORS: dict[type[Exception], int] = {
    InvalidQuestionError: 400,
    SourceError: 400,
    DocumentNotFoundError: 404,
    IndexingError: 409,  # e.g. removing the only document
}
DOCUMENTS_SCOPE = Field(
    default=None, description="Ids of the documents to answer from (default: all)."
)
STARTUP_SECONDS = 30


class AskRequest(BaseModel):
    question: str = Field(description="The question (1 to the configured maximum characters).")
    history: list[Turn] = Field(default_factory=list, description="Earlier turns, oldest first.")
    documents: list[str] | None = DOCUMENTS_SCOPE


class NewDocument(BaseModel):
    url: str | None = Field(default=None, description="An http(s) page to fetch and add.")
    text: str | None = Field(default=None, description="Text to add (needs a name).")
    name: str | None = Field(default=None, description="The name of pasted text.")


class ChatMessage(BaseModel):
    role: str
    content: str | list[dict[str, Any]] | None = None


class ChatRequest(BaseModel):
    model: str = MODEL_ID
    messages: list[ChatMessage]
    stream: bool = False
    documents: list[str] | None = DOCUMENTS_SCOPE


def _media_types(path: str) -> tuple[str, ...]:
    """The body types a write to ``path`` may send."""
    return (access.JSON, access.MULTIPART) if path == "/documents" else (access.JSON,)


def create_app(
    assistant: Assistant, api_key: str | None = None, host: str = "127.0.0.1"
) -> FastAPI:
    """The FastAPI app serving ``assistant``, bound to ``host``."""
    settings = assistant.settings
    app = FastAPI(
        title="article-assistant",
        version="0.1.0",
        description="Answers questions about an article with exact-span citations.",
        middleware=access.middleware(
            bind_host=host,
            hosts=settings.allowed_hosts,
            cors_origins=settings.cors_origins,
            media_types_for=_media_types,
        ),
    )

    limits = RateLimits(assistant.settings.rate_limit, assistant.settings.rate_limit_changes)
    app.add_middleware(
        BodyLimit,
        limit_for=lambda path: MAX_UPLOAD_BYTES if path == "/documents" else MAX_BODY_BYTES,
    )

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Any]) -> Response:
        # A middleware, not a dependency, so /openapi.json and /docs are guarded too.
        if api_key is not None and request.url.path != "/health":
            scheme, _, given = request.headers.get("authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(
                given.encode(), api_key.encode()
            ):
                return JSONResponse(
                    {"detail": "missing or wrong API key"},
                    401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
        caller = caller_key(api_key, request.client.host if request.client else None)
        wait = limits.retry_after(request.method, request.url.path, caller)
        if wait is not None:
            return JSONResponse(
                {"detail": f"too many requests; try again in {wait} s"},
                429,
                headers={"Retry-After": str(wait)},
            )
        response: Response = await call_next(request)
        return response

    async def the_callers_mistake(request: Request, exc: Exception) -> JSONResponse:
        status = next(CALLER_ERRORS[c] for c in type(exc).__mro__ if c in CALLER_ERRORS)
        return JSONResponse({"detail": str(exc)}, status)

    for error in CALLER_ERRORS:
        app.add_exception_handler(error, the_callers_mistake)

    @app.exception_handler(BusyError)
    async def busy(request: Request, exc: BusyError) -> JSONResponse:
        return JSONResponse(
            {"detail": str(exc)}, 429, headers={"Retry-After": str(BUSY_RETRY_SECONDS)}
        )

    @app.exception_handler(StoreUnavailableError)
    async def store_down(request: Request, exc: StoreUnavailableError) -> JSONResponse:
        log.error("store unavailable: %s", exc)
        return JSONResponse({"detail": "the index store is unavailable; try again later"}, 503)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("request failed: %s %s", request.method, request.url.path)
        return JSONResponse({"detail": "internal error"}, 500)

    @app.get("/health")
    async def health() -> dict[str, Any]:
        # On the event loop: never queued behind worker threads waiting for a build.
        manifest = assistant.index.manifest
        return {"status": "ok", "build_id": manifest.build_id, "chunks": manifest.chunk_count}

    @app.post("/ask", response_model=Answer)
    async def ask_endpoint(request: AskRequest) -> Answer:
        return await run_in_threadpool(
            assistant.ask, request.question, request.history, request.documents
        )

    @app.post("/ask/stream")
    async def ask_stream(request: AskRequest) -> EventSourceResponse:
        # Asked before the stream starts, so a bad question is a plain 400.
        steps = assistant.stream(
            request.question, history=request.history, documents=request.documents
        )

        async def events() -> AsyncIterator[dict[str, str]]:
            async for step in iterate_in_threadpool(steps):
                yield {"event": "answer", "data": step.model_dump_json()}
            yield {"event": "done", "data": "{}"}

        return EventSourceResponse(events())

    @app.post(
        "/documents",
        status_code=201,
        response_model=DocumentInfo,
        responses={
            200: {
                "description": "That very document (same name and content) was "
                "already there; nothing changed (``already_present``)."
            }
        },
        openapi_extra={
            "requestBody": {
                "content": {
                    "application/json": {"schema": NewDocument.model_json_schema()},
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "file": {"type": "string", "format": "binary"},
                                "name": {"type": "string"},
                            },
                            "required": ["file"],
                        }
                    },
                }
            }
        },
    )
    async def add_document(request: Request, response: Response) -> DocumentInfo:
        """Add a document: JSON ``{"url"}`` or ``{"text", "name"}``, or a multipart file
        (.txt, .md, .html, .pdf). Answers 201 with the document once it is indexed, or 200
        with it (``already_present``) when the same document was already there."""
        document = await _added(request)
        if document.already_present:
            response.status_code = 200
        return document

    async def _added(request: Request) -> DocumentInfo:
        """The document a ``POST /documents`` request adds."""
        from pydantic import ValidationError
        from starlette.datastructures import UploadFile

        if request.headers.get("content-type", "").startswith("multipart/form-data"):
            # The file is spooled to a temporary file as it arrives, never held whole.
            async with request.form(max_files=1, max_fields=1) as form:
                upload = form.get("file")
                if not isinstance(upload, UploadFile):
                    raise HTTPException(400, "a multipart upload needs a 'file' field")
                name = form.get("name")
                file_name = name if isinstance(name, str) and name else upload.filename or ""
                return await run_in_threadpool(
                    lambda: assistant.add_document(content=upload.file, name=file_name)
                )
        try:
            new = NewDocument.model_validate_json(await request.body())
        except ValidationError as exc:
            raise HTTPException(422, exc.errors()[0]["msg"]) from None
        if new.url is not None and new.text is None:
            return await run_in_threadpool(lambda: assistant.add_document(url=new.url))
        if new.text is not None and new.url is None:
            return await run_in_threadpool(
                lambda: assistant.add_document(text=new.text, name=new.name or "")
            )
        raise HTTPException(400, 'give {"url"} or {"text", "name"}, or upload a file')

    @app.get("/documents", response_model=list[DocumentInfo])
    def list_documents() -> list[DocumentInfo]:
        return assistant.list_documents()

    @app.get("/documents/{document_id}", response_model=DocumentInfo)
    def get_document(document_id: str) -> DocumentInfo:
        return assistant.get_document(document_id)

    @app.get("/documents/{document_id}/text")
    def document_text(document_id: str) -> dict[str, str]:
        """The text that this document's citation offsets index."""
        return {"text": assistant.document_text(document_id)}

    @app.delete("/documents/{document_id}", response_model=DocumentInfo)
    async def remove_document(document_id: str) -> DocumentInfo:
        return await run_in_threadpool(assistant.remove_document, document_id)

    @app.get("/v1/models")
    def models() -> dict[str, Any]:
        return {
            "object": "list",
            "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": MODEL_ID}],
        }

    @app.post("/v1/chat/completions", response_model=None)
    async def chat_completions(request: ChatRequest) -> dict[str, Any] | EventSourceResponse:
        turns = [
            {"role": m.role, "content": message_text(m.content) or ""}
            for m in request.messages
            if m.role != "system"
        ]
        if not turns or turns[-1]["role"] != "user":
            raise HTTPException(400, "the last message must be from the user")
        question, history = turns[-1]["content"], turns[:-1]
        completion_id = f"chatcmpl-{uuid.uuid4().hex}"
        created = int(time.time())
        if request.stream:
            steps = assistant.stream(question, history=history, documents=request.documents)
            return EventSourceResponse(_completion_chunks(steps, completion_id, created))
        answer = await run_in_threadpool(assistant.ask, question, history, request.documents)
        return {
            "id": completion_id,
            "object": "chat.completion",
            "created": created,
            "model": MODEL_ID,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": answer.with_sources()},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
            "citations": [c.model_dump() for c in answer.citations],
            "abstained": answer.abstained,
        }

    return app


async def _completion_chunks(
    steps: Iterator[Answer], completion_id: str, created: int
) -> AsyncIterator[str]:
    """OpenAI ``chat.completion.chunk`` events: text deltas, then citations, then [DONE]."""

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        body = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": MODEL_ID,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **extra,
        }
        return json.dumps(body)

    def deltas() -> Iterator[tuple[str, Answer]]:
        shown = ""
        for step in steps:
            text = step.answer
            yield (text[len(shown) :] if text.startswith(shown) else text), step
            shown = text

    yield chunk({"role": "assistant", "content": ""})
    final: Answer | None = None
    async for delta, step in iterate_in_threadpool(deltas()):
        final = step
        if delta:
            yield chunk({"content": delta})
    sources = final.with_sources()[len(final.answer) :] if final else ""
    if sources:
        yield chunk({"content": sources})
    yield chunk(
        {},
        "stop",
        citations=[c.model_dump() for c in final.citations] if final else [],
        abstained=final.abstained if final else True,
    )
    yield "[DONE]"


def _proxy_options(assistant: Assistant) -> dict[str, Any]:
    """uvicorn's X-Forwarded-For handling: trusted only from the configured proxies (by
    default from none, so a client cannot pick the address it is rate limited as)."""
    proxies = assistant.settings.forwarded_allow_ips
    if proxies is None:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": proxies}


def serve(assistant: Assistant, host: str, port: int, api_key: str | None) -> None:
    """Run the API with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(
        create_app(assistant, api_key, host),
        host=host,
        port=port,
        log_level="warning",
        **_proxy_options(assistant),
    )


@contextmanager
def serving(
    assistant: Assistant, port: int, host: str = "127.0.0.1", api_key: str | None = None
) -> Iterator[str]:
    """Serve the API in a background thread for the ``with`` block; yields its base URL."""
    import uvicorn

    config = uvicorn.Config(
        create_app(assistant, api_key, host),
        host=host,
        port=port,
        log_level="warning",
        **_proxy_options(assistant),
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the HTTP API did not start on {host}:{port}")
        time.sleep(0.05)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
