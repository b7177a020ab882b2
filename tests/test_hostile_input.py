"""Hostile input, one test per case of issue 21: links that aim inwards or cannot be
parsed, pages that are compressed bombs or dripped slowly, files built to break the PDF
reader, bodies too large, names with invisible characters, and floods of requests. Each
is refused in one line and leaves nothing behind."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.library import documents_dir
from assistant.ports import free_port
from assistant.settings import Settings
from assistant.staging import discard, stage_file, stage_text
from index.errors import SourceError
from index.fetch import REFUSED_ADDRESS, fetch_page
from tests.local_site import PAGE, Gate, certificate, serving_site

MIB = 1 << 20

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


@pytest.mark.parametrize(("certified", "fetched"), [("secure.test", True), ("other.test", False)])
def test_tls_to_the_checked_address_verifies_the_links_own_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, certified: str, fetched: bool
) -> None:
    import httpcore._sync.connection

    server_tls, trusting = certificate(tmp_path, certified)
    monkeypatch.setattr(httpcore._sync.connection, "default_ssl_context", lambda: trusting)
    with serving_site(tls=server_tls) as site:
        port = int(site.rsplit(":", 1)[1])
        fake_dns(monkeypatch, {"secure.test": [["127.0.0.1"]]})
        url = f"https://secure.test:{port}/echo-host"
        if fetched:
            page = fetch_page(url, allow_private=True)
            assert page.body.decode() == f"host secure.test:{port} served by 127.0.0.1"
        else:
            with pytest.raises(SourceError, match="cannot fetch"):
                fetch_page(url, allow_private=True)


# --- pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/gzip-page", "/br-page"])
def test_a_compressed_page_is_read(site: str, path: str) -> None:
    assert fetch_page(site + path, allow_private=True).body == PAGE.encode()


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/gzip-twice", "compressed more than once"),
        ("/gzip-bomb", "over the 10000000 byte limit once decompressed"),
        ("/br-bomb", "over the 10000000 byte limit once decompressed"),
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


HOSTILE_PDFS = pytest.mark.parametrize(
    "content",
    [nested_arrays_pdf(50_000), inflating_pdf(1024)],
    ids=["50000-deep-nested-arrays", "stream-inflating-to-1-GiB"],
)


@HOSTILE_PDFS
def test_a_hostile_pdf_is_refused_in_one_line_and_leaves_nothing_on_disk(
    tmp_path: Path, content: bytes
) -> None:
    with pytest.raises(SourceError, match=r"^hostile\.pdf: ") as refused:
        stage_file(tmp_path, content, "hostile.pdf")
    assert "\n" not in str(refused.value)
    assert not [p for p in documents_dir(tmp_path).rglob("*") if p.is_file()]


# --- names ----------------------------------------------------------------------------


def test_a_document_name_is_cleaned_of_control_bidi_and_zero_width_characters(
    tmp_path: Path,
) -> None:
    staged = stage_text(
        tmp_path, "The pier was built in 1890.", "\u202eharbour\u200b\tnotes\u2066\x07"
    )
    assert staged.name == "harbour notes"
    discard(staged)
    with pytest.raises(SourceError, match="needs a name"):
        stage_text(tmp_path, "The pier was built in 1890.", "\u200b\u200d\u202e\ufeff")


def test_staging_left_by_a_stopped_process_is_cleaned_and_a_fresh_one_kept(
    tmp_path: Path,
) -> None:
    import os

    from assistant.staging import STALE_STAGING_SECONDS, remove_stale_staging

    left = stage_text(tmp_path, "The pier was built in 1890.", "left over").path.parent
    fresh = stage_text(tmp_path, "The pier was rebuilt in 1990.", "fresh").path.parent
    long_ago = left.stat().st_mtime - STALE_STAGING_SECONDS - 1
    os.utime(left, (long_ago, long_ago))
    remove_stale_staging(tmp_path)
    assert not left.exists() and fresh.exists()


# --- the HTTP API -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def server_settings(tmp_path_factory: pytest.TempPathFactory, article_copy: Path) -> Settings:
    return Settings(
        data_dir=tmp_path_factory.mktemp("hostile"),
        sources=[article_copy],
        allow_private_urls=True,
        max_concurrent_adds=2,
        rate_limit="100000/minute",
        rate_limit_changes="100000/minute",
    )


@pytest.fixture(scope="module")
def served(server_settings: Settings) -> Iterator[tuple[Any, str]]:
    from assistant.api import Assistant
    from ui.http_api import serving

    assistant = Assistant(server_settings)
    with serving(assistant, free_port()) as url:
        yield assistant, url


@pytest.fixture
def api(served: tuple[Any, str]) -> str:
    return served[1]


def stored_files(settings: Settings) -> set[Path]:
    return {p for p in documents_dir(settings.data_dir).rglob("*") if p.is_file()}


def counted(total: int, head: bytes = b"", tail: bytes = b"") -> tuple[Iterator[bytes], list[int]]:
    """A chunked body of ``total`` bytes of 'a' (between ``head`` and ``tail``) and a
    list holding how many bytes of it were taken so far."""
    sent = [0]

    def chunks() -> Iterator[bytes]:
        yield head
        while sent[0] < total:
            sent[0] += MIB
            yield b"a" * MIB
        yield tail

    return chunks(), sent


@pytest.mark.slow
def test_a_chunked_question_of_200_MB_is_refused_413_once_past_64_KiB(api: str) -> None:
    body, sent = counted(200 * MIB, b'{"question": "')
    refused = httpx.post(
        f"{api}/ask", content=body, headers={"content-type": "application/json"}, timeout=120
    )
    assert refused.status_code == 413, refused.text
    assert "over the 65536 byte limit" in refused.json()["detail"]
    assert sent[0] < 64 * MIB  # the rest was never sent, let alone read


@pytest.mark.slow
def test_a_chunked_upload_of_400_MB_is_refused_413_once_past_20_MB(
    api: str, server_settings: Settings
) -> None:
    before = (httpx.get(f"{api}/documents").json(), stored_files(server_settings))
    head = (
        b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
        b"Content-Type: text/plain\r\n\r\n"
    )
    body, sent = counted(400 * MIB, head, b"\r\n--XyZ--\r\n")
    refused = httpx.post(
        f"{api}/documents",
        content=body,
        headers={"content-type": "multipart/form-data; boundary=XyZ"},
        timeout=120,
    )
    assert refused.status_code == 413, refused.text
    assert "over the 20000000 byte limit" in refused.json()["detail"]
    assert sent[0] < 84 * MIB
    assert (httpx.get(f"{api}/documents").json(), stored_files(server_settings)) == before


@pytest.mark.slow
def test_chunked_pasted_text_of_100_MB_is_refused_413_and_nothing_is_written(
    api: str, server_settings: Settings
) -> None:
    before = stored_files(server_settings)
    body, sent = counted(100 * MIB, b'{"name": "huge", "text": "', b'"}')
    refused = httpx.post(
        f"{api}/documents", content=body, headers={"content-type": "application/json"}, timeout=120
    )
    assert refused.status_code == 413, refused.text
    assert sent[0] < 84 * MIB
    assert stored_files(server_settings) == before


@pytest.mark.slow
@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:99999/", "http://[::1/"],
    ids=["port-out-of-range", "unclosed-ipv6-bracket"],
)
def test_a_malformed_link_gets_400_in_one_line(api: str, url: str) -> None:
    refused = httpx.post(f"{api}/documents", json={"url": url}, timeout=60)
    assert refused.status_code == 400, refused.text
    assert refused.json()["detail"].startswith(url) and "\n" not in refused.json()["detail"]


@pytest.mark.slow
@HOSTILE_PDFS
def test_a_hostile_pdf_upload_gets_400_and_leaves_nothing_on_disk(
    api: str, server_settings: Settings, content: bytes
) -> None:
    before = (httpx.get(f"{api}/documents").json(), stored_files(server_settings))
    refused = httpx.post(
        f"{api}/documents",
        files={"file": ("hostile.pdf", content, "application/pdf")},
        timeout=120,
    )
    assert refused.status_code == 400, refused.text
    assert refused.json()["detail"].startswith("hostile.pdf: ")
    assert (httpx.get(f"{api}/documents").json(), stored_files(server_settings)) == before


def add_in_background(url: str, body: dict[str, str]) -> tuple[threading.Thread, list[Any]]:
    answers: list[Any] = []
    thread = threading.Thread(
        target=lambda: answers.append(httpx.post(f"{url}/documents", json=body, timeout=120))
    )
    thread.start()
    return thread, answers


@pytest.mark.slow
def test_a_slow_fetch_holds_up_no_other_change(api: str, site: str) -> None:
    Gate.reset()
    fetching, fetched = add_in_background(api, {"url": f"{site}/held"})
    try:
        assert Gate.arrived.acquire(timeout=60)
        added = httpx.post(
            f"{api}/documents",
            json={"text": "The quay was paved in 1921.", "name": "quay"},
            timeout=120,
        )
        assert added.status_code == 201, added.text
        removed = httpx.delete(f"{api}/documents/{added.json()['id']}", timeout=120)
        assert removed.status_code == 200, removed.text
        assert not Gate.answered.is_set()  # both done while the page was still on its way
    finally:
        Gate.opened.set()
        fetching.join()
    assert fetched[0].status_code == 201, fetched[0].text


@pytest.mark.slow
def test_adds_past_the_bound_get_429_with_retry_after(api: str, site: str) -> None:
    Gate.reset()
    held = [add_in_background(api, {"url": f"{site}/held?{n}"}) for n in range(2)]
    try:
        assert Gate.arrived.acquire(timeout=60) and Gate.arrived.acquire(timeout=60)
        refused = httpx.post(
            f"{api}/documents", json={"text": "The slipway is new.", "name": "slipway"}, timeout=60
        )
        assert refused.status_code == 429, refused.text
        assert int(refused.headers["retry-after"]) > 0
    finally:
        Gate.opened.set()
        for thread, _ in held:
            thread.join()
    assert [answers[0].status_code for _, answers in held] == [201, 201]


@pytest.mark.slow
def test_health_answers_while_every_worker_thread_waits_for_a_build(
    served: tuple[Any, str],
) -> None:
    assistant, api = served
    with assistant._shared.build_lock:
        # Removals wait for the build lock, each in a worker thread, until none is free.
        waiting = [
            threading.Thread(
                target=httpx.delete, args=(f"{api}/documents/nope",), kwargs={"timeout": 120}
            )
            for _ in range(45)
        ]
        for thread in waiting:
            thread.start()
        saturated = False
        while not saturated:
            try:
                httpx.get(f"{api}/documents", timeout=1)
            except httpx.ReadTimeout:
                saturated = True
        health = httpx.get(f"{api}/health", timeout=60)
        assert health.status_code == 200 and health.json()["status"] == "ok"
    for thread in waiting:
        thread.join()


@pytest.mark.slow
def test_a_document_removed_while_its_text_is_read_is_not_found_not_a_crash(
    served: tuple[Any, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.errors import DocumentNotFoundError

    assistant, _ = served
    document = assistant.add_document(text="The lock gates were replaced in 1977.", name="gates")
    lookup = assistant._source

    def lookup_then_remove(document_id: str, index: Any = None) -> Any:
        found = lookup(document_id, index)
        monkeypatch.undo()
        assistant.remove_document(document_id)  # its file goes before it is read
        return found

    monkeypatch.setattr(assistant, "_source", lookup_then_remove)
    with pytest.raises(DocumentNotFoundError):
        assistant.document_text(document.id)


@pytest.mark.slow
def test_past_the_rate_limit_a_caller_gets_429_with_retry_after(server_settings: Settings) -> None:
    from assistant.api import Assistant
    from ui.http_api import serving

    tight = server_settings.model_copy(
        update={"rate_limit": "3/minute", "rate_limit_changes": "1/minute"}
    )
    with serving(Assistant(tight), free_port(), api_key="k") as api:
        key = {"authorization": "Bearer k"}
        for _ in range(3):
            assert httpx.post(f"{api}/ask", json={"question": ""}, headers=key).status_code == 400
        for path in ("/ask", "/v1/chat/completions", "/documents"):
            limited = httpx.post(f"{api}{path}", json={}, headers=key)
            assert limited.status_code == 429, (path, limited.text)
            assert 0 < int(limited.headers["retry-after"]) <= 60
        assert httpx.get(f"{api}/health").status_code == 200
