"""Fetching a web page to index: http(s) only, bounded in time, size and redirects, and
never a loopback or private address unless allowed (a server adding URLs for others
must not become a way into its own network).

Each link's host is resolved once, every address it has is checked
(``index.addresses``), and the connection goes to a checked address: the HTTP client is
given a network backend that connects only to addresses pinned here, so a name that
answers differently the second time (DNS rebinding) is never looked up a second time.
The URL keeps its name, so the Host header and the TLS name (SNI and certificate check)
are the link's own. One deadline covers the whole fetch, connects and reads included.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import time
from dataclasses import dataclass, field
from typing import Any

import httpcore

from index.addresses import is_public, resolve
from index.decoding import ACCEPTED, decoder_for
from index.errors import SourceError

log = logging.getLogger(__name__)

MAX_PAGE_BYTES = 10_000_000
MAX_REDIRECTS = 5
TIMEOUT_SECONDS = 15.0
# Content types kept, with the suffix the snapshot is saved under.
PAGE_TYPES = {"text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt"}
USER_AGENT = "article-assistant (+https://github.com/)"
REDIRECTS = (301, 302, 303, 307, 308)
REFUSED_ADDRESS = "that link points inside this server's network, so it can't be added"
_HOST_NAME = re.compile(r"[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?")
_NETWORK_ERRORS = (
    httpcore.NetworkError,
    httpcore.ProtocolError,
    httpcore.UnsupportedProtocol,
    httpcore.ProxyError,
)


@dataclass(frozen=True)
class FetchedPage:
    """A page as fetched: where it ended up, its body and the suffix of its kind."""

    url: str
    body: bytes
    suffix: str


@dataclass(frozen=True)
class _Link:
    """A link taken apart and checked: scheme, host (a name or an address), port."""

    url: str
    scheme: str
    host: str
    port: int
    netloc: bytes
    target: bytes

    def request_url(self) -> httpcore.URL:
        return httpcore.URL(
            scheme=self.scheme.encode(), host=self.host.encode(), port=self.port, target=self.target
        )


def _link(url: str) -> _Link:
    """``url`` parsed, or ``SourceError`` saying in one line what is wrong with it."""
    import httpx

    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
        raise SourceError(f"{url[:200]}: not a valid link") from exc
    if parsed.scheme not in ("http", "https"):
        raise SourceError(f"{url[:200]}: only http and https links can be added")
    host = parsed.raw_host.decode("ascii").lower()
    if not host:
        raise SourceError(f"{url[:200]}: no host in the link")
    port = parsed.port if parsed.port is not None else (443 if parsed.scheme == "https" else 80)
    if not 1 <= port <= 65535:
        raise SourceError(f"{url[:200]}: the port must be a number from 1 to 65535")
    if not (_HOST_NAME.fullmatch(host) or _is_address(host)):
        raise SourceError(f"{url[:200]}: not a valid host name")
    netloc = parsed.netloc.split(b"@")[-1]
    return _Link(str(parsed), parsed.scheme, host, port, netloc, parsed.raw_path)


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


@dataclass
class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the fetch's deadline."""

    inner: httpcore.NetworkStream
    deadline: float

    def _left(self, timeout: float | None) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("the fetch's deadline passed")
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, self._left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, self._left(timeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        tls = self.inner.start_tls(ssl_context, server_hostname, self._left(timeout))
        return _DeadlineStream(tls, self.deadline)

    def get_extra_info(self, info: str) -> Any:
        return self.inner.get_extra_info(info)


@dataclass
class _PinnedBackend(httpcore.NetworkBackend):
    """Connects a host only to the addresses pinned for it, by the fetch's deadline."""

    deadline: float
    pinned: dict[str, list[str]] = field(default_factory=dict)
    inner: httpcore.SyncBackend = field(default_factory=httpcore.SyncBackend)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        addresses = self.pinned.get(host)
        if not addresses:
            raise httpcore.ConnectError(f"{host} was not checked")
        failure: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in addresses:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise httpcore.ConnectTimeout("the fetch's deadline passed")
            try:
                stream = self.inner.connect_tcp(
                    address,
                    port,
                    left if timeout is None else min(timeout, left),
                    local_address,
                    socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return _DeadlineStream(stream, self.deadline)
        assert failure is not None
        raise failure

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


def _pin(link: _Link, backend: _PinnedBackend, allow_private: bool) -> None:
    """Resolve the link's host once, check every address, and pin them for connecting."""
    try:
        addresses = resolve(link.host, link.port)
    except SourceError as exc:
        raise SourceError(f"{link.url}: {exc}") from exc
    refused = [str(a) for a in addresses if not is_public(a)]
    if refused and not allow_private:
        log.warning(
            "refused %s: %s resolves to %s, not a public address "
            "(ASSISTANT_ALLOW_PRIVATE_URLS=true allows it)",
            link.url,
            link.host,
            ", ".join(refused),
        )
        raise SourceError(f"{link.url}: {REFUSED_ADDRESS}")
    backend.pinned[link.host] = [str(a) for a in addresses]


def fetch_page(
    url: str, allow_private: bool = False, timeout: float = TIMEOUT_SECONDS
) -> FetchedPage:
    """Fetch ``url`` (following up to ``MAX_REDIRECTS`` redirects, each checked like the
    first), all within ``timeout`` seconds; raise ``SourceError`` with a one-line reason
    for anything but an HTML or text page of at most ``MAX_PAGE_BYTES``, decompressed."""
    deadline = time.monotonic() + timeout
    backend = _PinnedBackend(deadline)
    with httpcore.ConnectionPool(network_backend=backend, retries=0) as pool:
        for _ in range(MAX_REDIRECTS + 1):
            link = _link(url)
            _pin(link, backend, allow_private)
            try:
                page, url = _get(pool, link, deadline)
            except httpcore.TimeoutException as exc:
                raise SourceError(f"{link.url}: no complete answer within {timeout:g} s") from exc
            except _NETWORK_ERRORS as exc:
                raise SourceError(f"{link.url}: cannot fetch ({type(exc).__name__})") from exc
            if page is not None:
                return page
    raise SourceError(f"{url[:200]}: more than {MAX_REDIRECTS} redirects")


def _get(
    pool: httpcore.ConnectionPool, link: _Link, deadline: float
) -> tuple[FetchedPage | None, str]:
    """One request: the page, or None and the URL a redirect points to."""
    import httpx

    left = max(deadline - time.monotonic(), 0.001)
    headers = [
        (b"Host", link.netloc),
        (b"User-Agent", USER_AGENT.encode()),
        (b"Accept-Encoding", ACCEPTED.encode()),
    ]
    with pool.stream(
        "GET",
        link.request_url(),
        headers=headers,
        extensions={"timeout": {"connect": left, "read": left, "write": left, "pool": left}},
    ) as response:
        fields = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in response.headers}
        location = fields.get("location", "")
        if response.status in REDIRECTS and location:
            try:
                return None, str(httpx.URL(link.url).join(location))
            except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
                raise SourceError(f"{link.url}: redirects to an invalid link") from exc
        if response.status >= 400:
            raise SourceError(f"{link.url}: the server answered {response.status}")
        kind = fields.get("content-type", "").split(";")[0].strip().lower()
        if kind not in PAGE_TYPES:
            raise SourceError(
                f"{link.url}: {kind[:60] or 'unknown content'} is not a web page or text"
            )
        try:
            decoder = decoder_for(fields.get("content-encoding", ""), MAX_PAGE_BYTES)
            body, received = bytearray(), 0
            for piece in response.iter_stream():
                received += len(piece)
                if received > MAX_PAGE_BYTES:
                    raise SourceError(f"the page is over the {MAX_PAGE_BYTES} byte limit")
                body += decoder.decode(piece)
            body += decoder.flush()
        except SourceError as exc:
            raise SourceError(f"{link.url}: {exc}") from exc
        return FetchedPage(link.url, bytes(body), PAGE_TYPES[kind]), link.url
