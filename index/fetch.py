"""Fetching a web page to index: http(s) only, bounded in time, size and redirects, and
never a loopback or private address unless allowed (a server adding URLs for others
must not become a way into its own network)."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from index.errors import SourceError

MAX_PAGE_BYTES = 10_000_000
MAX_REDIRECTS = 5
TIMEOUT_SECONDS = 15.0
# Content types kept, with the suffix the snapshot is saved under.
PAGE_TYPES = {"text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt"}
USER_AGENT = "article-assistant (+https://github.com/)"


@dataclass(frozen=True)
class FetchedPage:
    """A page as fetched: where it ended up, its body and the suffix of its kind."""

    url: str
    body: bytes
    suffix: str


def _check_address(url: str, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise SourceError(f"{url}: only http and https links can be added")
    if not parts.hostname:
        raise SourceError(f"{url}: no host in the link")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise SourceError(f"{url}: cannot resolve {parts.hostname}") from exc
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global:
            raise SourceError(
                f"{url}: {parts.hostname} is a private or loopback address; refused "
                "(set ASSISTANT_ALLOW_PRIVATE_URLS=true to allow)"
            )


def fetch_page(
    url: str, allow_private: bool = False, timeout: float = TIMEOUT_SECONDS
) -> FetchedPage:
    """Fetch ``url`` (following up to ``MAX_REDIRECTS`` redirects, each checked like the
    first); raise ``SourceError`` with a one-line reason for anything but an HTML or text
    page of at most ``MAX_PAGE_BYTES``."""
    import httpx

    with httpx.Client(
        timeout=timeout, follow_redirects=False, headers={"user-agent": USER_AGENT}
    ) as client:
        for _ in range(MAX_REDIRECTS + 1):
            _check_address(url, allow_private)
            try:
                with client.stream("GET", url) as response:
                    if response.is_redirect:
                        url = urljoin(url, response.headers.get("location", ""))
                        continue
                    if response.status_code >= 400:
                        raise SourceError(f"{url}: the server answered {response.status_code}")
                    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
                    if kind not in PAGE_TYPES:
                        raise SourceError(
                            f"{url}: {kind or 'unknown content'} is not a web page or text"
                        )
                    body = bytearray()
                    for piece in response.iter_bytes():
                        body += piece
                        if len(body) > MAX_PAGE_BYTES:
                            raise SourceError(
                                f"{url}: the page is over the {MAX_PAGE_BYTES} byte limit"
                            )
                    return FetchedPage(str(response.url), bytes(body), PAGE_TYPES[kind])
            except httpx.TimeoutException as exc:
                raise SourceError(f"{url}: no answer within {timeout:g} s") from exc
            except httpx.HTTPError as exc:
                raise SourceError(f"{url}: cannot fetch ({type(exc).__name__})") from exc
    raise SourceError(f"{url}: more than {MAX_REDIRECTS} redirects")
