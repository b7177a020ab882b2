"""A document's title, author and date carry the span of the source file that shows
them: ``source_text[start:end]`` is the value; a value the page does not show has none."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from assistant.library import DocumentInfo
from assistant.ports import free_port
from assistant.settings import Settings
from benchmarks.scale import WordHashEmbeddings
from index import load
from index.build import build
from index.clean import MetadataSpans, clean_source, document_metadata
from index.manifest import ChunkerSettings, read_manifest, write_manifest
from index.pdf import pdf_text
from index.records import SourceRecord
from tests.conftest import run_cli
from tests.local_site import make_pdf

BODY = "The ferry was delayed by six hours. Passengers waited in the port until noon."
HTML_PAGE = f"""<!doctype html>
<html><head><title>Storm Over the Channel | Coast Daily</title>
<meta name="description" content="A storm closes the port"></head>
<body><header>Coast Daily</header>
<article><header><h1>Storm Over the Channel</h1>
<p class="byline">By <a href="/authors/ks">Katherine Spencer</a>, March 4, 2026</p></header>
<p>{BODY}</p></article></body></html>
"""
# Author and date only in meta tags: the page shows neither.
META_ONLY_PAGE = """<!doctype html>
<html><head><title>Storm Over the Channel</title>
<meta name="author" content="Katherine Spencer">
<meta property="article:published_time" content="2026-03-04"></head>
<body><article><h1>Storm Over the Channel</h1>
<p>The ferry was delayed by six hours. Passengers waited in the port until noon.</p>
</article></body></html>
"""
TEXT_PAGE = (
    f"Storm Over the Channel - coast.example\n\nBy Katherine Spencer, March 4, 2026\n\n{BODY}\n"
)
MARKDOWN = (
    "# Storm Over the Channel\n\n"
    f"*Written by Katherine Spencer — Updated 12 January 2026*\n\n{BODY}\n"
)
EXPECTED = {"title": "Storm Over the Channel", "author": "Katherine Spencer"}


def shown(file_name: str, source: str) -> dict[str, str | None]:
    """Each field's value and what the source file holds at its span."""
    found = document_metadata(clean_source(file_name, source))
    spans = found["spans"]
    assert isinstance(spans, dict)
    result: dict[str, str | None] = {}
    for key in ("title", "author", "date"):
        span = spans[key]
        assert (span is None) == (key not in found), key
        result[key] = source[span["start"] : span["end"]] if span else None
        assert result[key] == found.get(key), key
    return result


def test_an_html_header_bylines_name_and_date_are_spans_of_the_file() -> None:
    assert shown("page.html", HTML_PAGE) == {**EXPECTED, "date": "March 4, 2026"}


def test_a_plain_text_bylines_name_and_date_are_spans_of_the_file() -> None:
    assert shown("page.txt", TEXT_PAGE) == {**EXPECTED, "date": "March 4, 2026"}


def test_a_text_files_spans_are_those_the_readme_shows() -> None:
    page = f"Storm Over the Channel\n\nBy Katherine Spencer, March 4, 2026\n\n{BODY}\n"
    assert document_metadata(clean_source("page.txt", page))["spans"] == {
        "title": {"start": 0, "end": 22},
        "author": {"start": 27, "end": 44},
        "date": {"start": 46, "end": 59},
    }


def test_a_markdown_heading_and_byline_are_spans_without_their_marks() -> None:
    assert shown("notes.md", MARKDOWN) == {**EXPECTED, "date": "12 January 2026"}


def test_a_dateline_of_its_own_is_the_dates_span() -> None:
    page = f"Storm Over the Channel\n\nPublished March 3, 2025\n\n{BODY}\n"
    assert shown("page.txt", page)["date"] == "Published March 3, 2025"


@pytest.mark.parametrize(
    "dateline", ["Dunmore, 3 March 2025", "The Coast Daily, 3 March 2025", "DUNMORE, 3 March 2025"]
)
def test_a_datelines_place_or_paper_is_not_part_of_its_date(dateline: str) -> None:
    page = f"# Storm Over the Channel\n\nBy Katherine Spencer\n\n{dateline}\n\n{BODY}\n"
    assert shown("page.md", page) == {**EXPECTED, "date": "3 March 2025"}


def test_a_credits_line_between_bars_gives_its_byline_and_date() -> None:
    page = (
        "# Storm Over the Channel\n\n"
        "Coast Water Services | Published 3 March 2025 | Notice prepared by Katherine Spencer,"
        f" Head of Operations\n\n{BODY}\n"
    )
    assert shown("page.md", page) == {**EXPECTED, "date": "Published 3 March 2025"}


def test_a_pdfs_fields_are_spans_of_its_stored_text(tmp_path: Path) -> None:
    pdf = make_pdf(
        tmp_path / "report.pdf",
        [["Storm Over the Channel", "By Katherine Spencer, March 4, 2026", BODY]],
    )
    text, _ = pdf_text(pdf)
    assert shown("text.txt", text) == {**EXPECTED, "date": "March 4, 2026"}


def test_an_author_and_date_only_in_meta_tags_have_no_value_and_no_span() -> None:
    assert shown("page.html", META_ONLY_PAGE) == {
        "title": "Storm Over the Channel",
        "author": None,
        "date": None,
    }


def test_a_document_indexed_before_spans_were_kept_reads_them_as_null() -> None:
    source = {
        "id": "abc-123",
        "name": "page.txt",
        "path": "page.txt",
        "sha256": "0" * 64,
        "chars": 120,
        "metadata": {"title": "Storm Over the Channel", "author": "Katherine Spencer"},
    }
    info = DocumentInfo.of(SourceRecord.model_validate(source))
    assert info.author == "Katherine Spencer"
    assert info.spans.model_dump() == {"title": None, "author": None, "date": None}


@pytest.mark.slow
def test_an_index_built_before_spans_were_kept_gains_them_at_its_next_build(
    tmp_path: Path,
) -> None:
    page = tmp_path / "storm.txt"
    page.write_text(TEXT_PAGE, encoding="utf-8")
    notes = tmp_path / "notes.md"
    notes.write_text(MARKDOWN, encoding="utf-8")
    data_dir, chunker = tmp_path / "data", ChunkerSettings(500, 1)
    older, _ = build(data_dir, load.load_sources([page], tmp_path), chunker, WordHashEmbeddings)
    older.sources[0].metadata.spans = None  # as a build before spans wrote it
    write_manifest(data_dir, older)
    stored = read_manifest(data_dir)
    assert stored is not None
    assert DocumentInfo.of(stored.sources[0]).spans == MetadataSpans()

    newer, built = build(
        data_dir, load.load_sources([page, notes], tmp_path), chunker, WordHashEmbeddings
    )
    assert built and newer.changes["unchanged"] == ["storm.txt"]
    author = DocumentInfo.of(newer.sources[0]).spans.author
    assert author is not None
    assert TEXT_PAGE[author.start : author.end] == "Katherine Spencer"


@pytest.mark.slow
def test_the_spans_are_listed_over_http_and_by_the_cli(tmp_path: Path) -> None:
    from assistant.api import Assistant
    from ui.http_api import serving

    page = tmp_path / "storm.html"
    page.write_text(HTML_PAGE, encoding="utf-8")
    data_dir = tmp_path / "data"
    built = run_cli("index", "build", str(page), data_dir=data_dir)
    assert built.returncode == 0, built.stderr

    listed = run_cli("docs", "list", "--json", data_dir=data_dir)
    assert listed.returncode == 0, listed.stderr
    (cli_document,) = json.loads(listed.stdout)
    with serving(Assistant(Settings(data_dir=data_dir)), free_port()) as url:
        (http_document,) = httpx.get(f"{url}/documents").json()
        text = httpx.get(f"{url}/documents/{http_document['id']}/text").json()["text"]
    assert cli_document == http_document
    assert text == HTML_PAGE
    for key, value in {**EXPECTED, "date": "March 4, 2026"}.items():
        span = http_document["spans"][key]
        assert http_document[key] == value
        assert text[span["start"] : span["end"]] == value
