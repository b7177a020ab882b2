"""A loopback web site serving one article page and each way a link can go wrong, and a
maker of real PDFs, for the bring-your-own-documents tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
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


class _Site(BaseHTTPRequestHandler):
    """A loopback site: one article and each way a link can go wrong."""

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        if self.path == "/lighthouse.html":
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

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("content-type", kind)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("location", location)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving_site() -> Iterator[str]:
    """The site on a free loopback port, for the ``with`` block; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


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
