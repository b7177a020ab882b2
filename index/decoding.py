"""A page body's content encoding undone with a bound on the output: a few kilobytes of
gzip or brotli can hold gigabytes, so the limit applies to what comes out, not what goes
in. One encoding at most (identity, gzip, deflate or br); a page encoded twice is refused.
"""

from __future__ import annotations

import zlib
from typing import Protocol

from index.errors import SourceError

ACCEPTED = "gzip, deflate, br"


class Decoder(Protocol):
    def decode(self, data: bytes) -> bytes: ...

    def flush(self) -> bytes: ...


class _Bounded:
    """Counts what a decoder gives out and refuses past ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        self.limit = self.left = limit

    def take(self, out: bytes) -> bytes:
        self.left -= len(out)
        if self.left < 0:
            raise SourceError(f"the page is over the {self.limit} byte limit once decompressed")
        return out


class _Identity(_Bounded):
    def decode(self, data: bytes) -> bytes:
        return self.take(data)

    def flush(self) -> bytes:
        return b""


class _Zlib(_Bounded):
    """gzip, or deflate in its zlib wrapping or raw (servers send either)."""

    def __init__(self, limit: int, gzip: bool) -> None:
        super().__init__(limit)
        self._gzip = gzip
        self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS if gzip else zlib.MAX_WBITS)
        self._started = False

    def decode(self, data: bytes) -> bytes:
        try:
            out = self._inflate.decompress(data, self.left + 1)
        except zlib.error as exc:
            if self._gzip or self._started:
                raise SourceError("the page's compressed data is corrupt") from exc
            self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self._inflate.decompress(data, self.left + 1)
        self._started = True
        return self.take(out)

    def flush(self) -> bytes:
        return self.take(self._inflate.flush(self.left + 1))


class _Brotli(_Bounded):
    def __init__(self, limit: int) -> None:
        import brotli

        super().__init__(limit)
        self._error = brotli.error
        self._inflate = brotli.Decompressor()

    def decode(self, data: bytes) -> bytes:
        try:
            return self.take(self._inflate.process(data, output_buffer_limit=self.left + 1))
        except self._error as exc:
            raise SourceError("the page's compressed data is corrupt") from exc

    def flush(self) -> bytes:
        if not self._inflate.is_finished():
            raise SourceError("the page's compressed data is cut short")
        return b""


def decoder_for(content_encoding: str, limit: int) -> Decoder:
    """A decoder for a ``Content-Encoding`` header's value, giving at most ``limit`` bytes."""
    codings = [c.strip().lower() for c in content_encoding.split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if len(codings) > 1:
        raise SourceError("the page is compressed more than once, which is refused")
    coding = codings[0] if codings else "identity"
    if coding == "identity":
        return _Identity(limit)
    if coding in ("gzip", "x-gzip"):
        return _Zlib(limit, gzip=True)
    if coding == "deflate":
        return _Zlib(limit, gzip=False)
    if coding == "br":
        return _Brotli(limit)
    raise SourceError(f"the page is compressed as {coding[:40]}, which cannot be read")
