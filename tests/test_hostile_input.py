"""Hostile input, one test per case of issue 21: links that aim inwards or cannot be
parsed, pages that are compressed bombs or dripped slowly, files built to break the PDF
reader, bodies too large, names with invisible characters, and floods of requests. Each
is refused in one line and leaves nothing behind."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.library import documents_dir, stage_file
from index.errors import SourceError
from index.fetch import REFUSED_ADDRESS, fetch_page
from tests.local_site import PAGE, serving_site

# --- links ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:99999/", "the port must be a number from 1 to 65535"),
        ("http://[::1/", "not a valid link"),
        ("http://%zz/", "not a valid host name"),
        ("gopher://example.org/", "only http and https"),
    ],
    ids=["port-out-of-range", "unclosed-ipv6-bracket", "bad-host", "other-scheme"],
)
def test_a_malformed_link_is_refused_in_one_line(url: str, reason: str) -> None:
    with pytest.raises(SourceError, match=reason) as refused:
        fetch_page(url, allow_private=True)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize(
    "host",
    [
        "[::7f00:1]",  # IPv4-compatible loopback
        "[::ffff:127.0.0.1]",  # IPv4-mapped loopback
        "[2002:7f00:1::]",  # 6to4 of loopback
        "[64:ff9b::7f00:1]",  # NAT64 of loopback
        "[64:ff9b::a00:1]",  # NAT64 of 10.0.0.1
        "224.0.0.1",  # multicast
        "10.0.0.1",
        "169.254.169.254",  # cloud metadata
        "[::1]",
        "localhost",
    ],
)
def test_a_link_to_an_inward_address_in_any_form_is_refused(host: str) -> None:
    with pytest.raises(SourceError, match=REFUSED_ADDRESS) as refused:
        fetch_page(f"http://{host}/")
    assert "ASSISTANT_ALLOW_PRIVATE_URLS" not in str(refused.value)


def fake_dns(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[list[str]]]) -> list[str]:
    """Resolve the names in ``answers`` to their next list of addresses (the last one
    repeats); other hosts resolve as usual. Returns the names looked up, in order."""
    real = socket.getaddrinfo
    asked: list[str] = []

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in answers:
            return real(host, port, *args, **kwargs)
        asked.append(host)
        addresses = answers[host][min(asked.count(host), len(answers[host])) - 1]
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port or 80))
            for address in addresses
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def test_a_name_with_one_inward_address_among_public_ones_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_dns(monkeypatch, {"mixed.test": [["93.184.215.14", "10.1.2.3"]]})
    with pytest.raises(SourceError, match=REFUSED_ADDRESS):
        fetch_page("http://mixed.test/")


@pytest.fixture
def two_sites() -> Iterator[int]:
    """The site twice on one port: at 127.0.0.1 (the address a name first resolves
    to) and at 127.0.0.2 (where a rebinding name points the second time)."""
    with serving_site("127.0.0.1") as first:
        port = int(first.rsplit(":", 1)[1])
        with serving_site("127.0.0.2", port):
            yield port


def test_the_connection_goes_to_the_checked_address_with_the_links_host_header(
    monkeypatch: pytest.MonkeyPatch, two_sites: int
) -> None:
    asked = fake_dns(monkeypatch, {"rebind.test": [["127.0.0.1"], ["127.0.0.2"]]})
    page = fetch_page(f"http://rebind.test:{two_sites}/echo-host", allow_private=True)
    assert page.body.decode() == f"host rebind.test:{two_sites} served by 127.0.0.1"
    assert asked == ["rebind.test"]


# --- pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/gzip-page", "/br-page"])
def test_a_compressed_page_is_read(site: str, path: str) -> None:
    assert fetch_page(site + path, allow_private=True).body == PAGE.encode()


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/gzip-twice", "compressed more than once"),
        ("/gzip-bomb", "over the size limit once decompressed"),
        ("/br-bomb", "over the size limit once decompressed"),
        ("/zstd", "compressed as zstd"),
    ],
)
def test_a_compression_bomb_or_unknown_encoding_is_refused(
    site: str, path: str, reason: str
) -> None:
    with pytest.raises(SourceError, match=reason) as refused:
        fetch_page(site + path, allow_private=True)
    assert "\n" not in str(refused.value)


def test_a_page_dripped_slowly_is_refused_at_one_deadline_for_the_whole_fetch(
    site: str,
) -> None:
    # Each byte comes within 0.1 s, so only a deadline for the whole fetch stops it
    # before the page is complete (about a minute).
    with pytest.raises(SourceError, match="no complete answer within 1 s"):
        fetch_page(f"{site}/drip", allow_private=True, timeout=1)


# --- files ----------------------------------------------------------------------------


def nested_arrays_pdf(depth: int) -> bytes:
    """A PDF whose page dictionary holds an array nested ``depth`` deep."""
    nested = b"[" * depth + b"]" * depth
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Deep " + nested + b" >>",
    ]
    return _pdf(objects)


def inflating_pdf(inflated_mib: int) -> bytes:
    """A PDF whose page content stream inflates to ``inflated_mib`` MiB of spaces."""
    stream = _deflated_spaces(inflated_mib)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    return _pdf(objects)


def _deflated_spaces(mib: int) -> bytes:
    """A zlib stream of ``mib`` MiB of spaces, made without compressing them all: after
    a full flush the compressor starts afresh, so every later MiB encodes the same."""
    import struct
    import zlib

    block = b" " * (1 << 20)
    deflate = zlib.compressobj(9)
    first = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    again = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    end = deflate.flush()[:-4]  # the final block, without the checksum of two MiB
    checksum = 1
    for _ in range(mib):
        checksum = zlib.adler32(block, checksum)
    return first + again * (mib - 1) + end + struct.pack(">I", checksum)


def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@pytest.mark.parametrize(
    "content",
    [nested_arrays_pdf(50_000), inflating_pdf(1024)],
    ids=["50000-deep-nested-arrays", "stream-inflating-to-1-GiB"],
)
def test_a_hostile_pdf_is_refused_in_one_line_and_leaves_nothing_on_disk(
    tmp_path: Path, content: bytes
) -> None:
    with pytest.raises(SourceError, match=r"^hostile\.pdf: ") as refused:
        stage_file(tmp_path, content, "hostile.pdf")
    assert "\n" not in str(refused.value)
    assert not [p for p in documents_dir(tmp_path).rglob("*") if p.is_file()]
