"""A loopback web site serving one article page and each way a link can go wrong, and a
maker of real PDFs, for the bring-your-own-documents tests."""

from __future__ import annotations

import gzip
import ssl
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGE = """<!doctype html><html><head><title>The Skerry Point lighthouse</title></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>The Skerry Point lighthouse</h1>
<p>The lighthouse at Skerry Point was first lit in 1867 by the keeper Elspeth Morrow.</p>
<p>Its lamp burned whale oil until 1904, when it was converted to paraffin.</p>
<p>The tower was automated in 1987 and the last keeper, Duncan Reid, moved to Oban.</p>
</article><footer>Copyright 2024 Coastal News. All rights reserved.</footer></body></html>
"""


# What a compression bomb expands to: far past the 10 MB page limit.
BOMB_BYTES = 256 * 1024 * 1024


@cache
def gzip_bomb() -> bytes:
    """About 250 KB of gzip holding ``BOMB_BYTES`` of zeros."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    return b"".join(deflate.compress(zeros) for _ in range(BOMB_BYTES >> 20)) + deflate.flush()


@cache
def brotli_bomb() -> bytes:
    import brotli

    squeeze = brotli.Compressor(quality=5)
    zeros = bytes(1 << 20)
    return b"".join(squeeze.process(zeros) for _ in range(BOMB_BYTES >> 20)) + squeeze.finish()


class Gate:
    """Holds the answers of ``/held`` until a test opens it (or a minute passes)."""

    arrived = threading.Semaphore(0)  # released once per request to /held
    opened = threading.Event()
    answered = threading.Event()

    @classmethod
    def reset(cls) -> None:
        cls.arrived = threading.Semaphore(0)
        cls.opened.clear()
        cls.answered.clear()


class _Site(BaseHTTPRequestHandler):
    """A loopback site: one article and each way a link can go wrong."""

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        try:
            self._answer()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should on a hostile page

    def _answer(self) -> None:
        if self.path.split("?")[0] in HOSTILE:
            HOSTILE[self.path.split("?")[0]](self)
        elif self.path == "/lighthouse.html":
            self._send(200, "text/html; charset=utf-8", PAGE.encode())
        elif self.path == "/moved":
            self._redirect("/lighthouse.html")
        elif self.path == "/to-file":
            self._redirect("file:///etc/passwd")
        elif self.path == "/image.png":
            self._send(200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64))
        elif self.path == "/slow":
            time.sleep(3)
            self._send(200, "text/html", PAGE.encode())
        else:
            self._send(404, "text/plain", b"not found")

    def _send(self, status: int, kind: str, body: bytes, encoding: str | None = None) -> None:
        self.send_response(status)
        self.send_header("content-type", kind)
        if encoding:
            self.send_header("content-encoding", encoding)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def drip(self) -> None:
        """The page at a byte every 0.1 s: about a minute for the whole of it."""
        self.send_response(200)
        self.send_header("content-type", "text/html")
        self.send_header("content-length", str(len(PAGE.encode())))
        self.end_headers()
        for byte in PAGE.encode():
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(0.1)

    def held(self) -> None:
        Gate.arrived.release()
        Gate.opened.wait(60)
        self._send(200, "text/html", PAGE.encode())
        Gate.answered.set()

    def echo_host(self) -> None:
        text = f"host {self.headers['host']} served by {self.server.server_address[0]}"
        self._send(200, "text/plain", text.encode())

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("location", location)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


HOSTILE = {
    "/gzip-page": lambda h: h._send(200, "text/html", gzip.compress(PAGE.encode()), "gzip"),
    "/br-page": lambda h: h._send(200, "text/html", _brotli(PAGE.encode()), "br"),
    "/gzip-twice": lambda h: h._send(200, "text/html", gzip.compress(gzip_bomb()), "gzip, gzip"),
    "/gzip-bomb": lambda h: h._send(200, "text/html", gzip_bomb(), "gzip"),
    "/br-bomb": lambda h: h._send(200, "text/html", brotli_bomb(), "br"),
    "/zstd": lambda h: h._send(200, "text/html", b"(\xb5/\xfd", "zstd"),
    "/drip": _Site.drip,
    "/held": _Site.held,
    "/echo-host": _Site.echo_host,
}


def _brotli(data: bytes) -> bytes:
    import brotli

    compressed: bytes = brotli.compress(data)
    return compressed


@contextmanager
def serving_site(
    host: str = "127.0.0.1", port: int = 0, tls: ssl.SSLContext | None = None
) -> Iterator[str]:
    """The site on a loopback address (a free port unless given; over TLS with ``tls``),
    for the ``with`` block; yields its base URL."""
    server = ThreadingHTTPServer((host, port), _Site)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{'https' if tls else 'http'}://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def make_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A real PDF (reportlab) with these paragraphs on each page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    style = getSampleStyleSheet()["Normal"]
    story: list[object] = []
    for number, paragraphs in enumerate(pages):
        if number:
            story.append(PageBreak())
        story += [Paragraph(text, style) for text in paragraphs]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def certificate(tmp_path: Path, name: str) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A self-signed certificate for ``name``: the server's TLS context, and a client
    context that trusts only it."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / f"{name}.pem", tmp_path / f"{name}.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert_file, key_file)
    return server, ssl.create_default_context(cafile=str(cert_file))
