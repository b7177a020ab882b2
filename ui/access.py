"""Who may talk to a front door: one policy for the HTTP API and the chat.

- **Host**: only requests naming an allowed host (loopback names, the bound address and
  ``Settings.allowed_hosts``) are answered, so a DNS-rebinding page cannot read the library
  (Starlette's ``TrustedHostMiddleware``).
- **Writes from other sites**: a request that changes something (POST, PUT, PATCH, DELETE)
  is refused (403) when the browser says it comes from another site (``Sec-Fetch-Site``) or
  its ``Origin`` is not this server's own or one of ``Settings.cors_origins``; a web page the
  user visits cannot add or replace their documents.
- **Media types**: a write's body must be one of the types its route declares (415
  otherwise), so a "simple" cross-site form or ``text/plain`` fetch is never parsed as JSON.
- **CORS**: off unless ``Settings.cors_origins`` names origins.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Collection
from urllib.parse import urlsplit

from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

# The largest document accepted by any front door (an upload or pasted text).
MAX_UPLOAD_BYTES = 20_000_000
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
JSON = "application/json"
MULTIPART = "multipart/form-data"
FORM = "application/x-www-form-urlencoded"


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or address) only listens on this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(bind_host: str, configured: Collection[str]) -> list[str]:
    """The Host header values answered: loopback names, the bound address (unless it is
    every interface) and the configured names."""
    hosts = [*LOOPBACK_HOSTS, *configured]
    if bind_host not in ("0.0.0.0", "::", ""):
        hosts.append(bind_host)
    return sorted(set(hosts))


class SameSiteWrites:
    """ASGI middleware: writes only from this server's own pages (or configured origins),
    with a body of a media type the route declares."""

    def __init__(
        self,
        app: ASGIApp,
        media_types_for: Callable[[str], Collection[str]],
        cors_origins: Collection[str] = (),
    ) -> None:
        self.app = app
        self.media_types_for = media_types_for
        self.cors_origins = {o.rstrip("/") for o in cors_origins}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in WRITES:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._refusal(scope["method"], scope["path"], headers)
        if refusal is not None:
            status, detail = refusal
            await JSONResponse({"detail": detail}, status)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _refusal(self, method: str, path: str, headers: dict[str, str]) -> tuple[int, str] | None:
        origin = headers.get("origin")
        configured = origin is not None and origin.rstrip("/") in self.cors_origins
        if not configured:
            site = headers.get("sec-fetch-site")
            if site is not None and site not in ("same-origin", "none"):
                return 403, "cross-site requests may not change anything here"
            if origin is not None and not _same_origin(origin, headers.get("host", "")):
                return 403, "cross-origin requests may not change anything here"
        media_type = headers.get("content-type", "").split(";")[0].strip().lower()
        has_body = headers.get("content-length", "0") != "0" or "transfer-encoding" in headers
        if not media_type and not has_body and method == "DELETE":
            return None
        declared = self.media_types_for(path)
        if media_type not in declared:
            return 415, f"send the body as {' or '.join(sorted(declared))}"
        return None


def _same_origin(origin: str, host: str) -> bool:
    """Whether ``origin`` (``scheme://host[:port]``) names the host the request was sent to."""
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and bool(host) and parts.netloc.lower() == host.lower()


def middleware(
    *,
    bind_host: str,
    hosts: Collection[str],
    cors_origins: Collection[str],
    media_types_for: Callable[[str], Collection[str]],
) -> list[Middleware]:
    """The access policy as Starlette middleware, outermost first."""
    from starlette.middleware.cors import CORSMiddleware

    stack = [
        Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(bind_host, hosts)),
        Middleware(SameSiteWrites, media_types_for=media_types_for, cors_origins=cors_origins),
    ]
    if cors_origins:
        stack.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(cors_origins),
                allow_methods=["GET", "POST", "DELETE"],
                allow_headers=["Authorization", "Content-Type"],
            )
        )
    return stack
