"""What a document or its name may hold is shown as text and refused plainly: lookalike
names, terminal escapes, Markdown images inside a sentence, math, byte-order marks, pages
without text, PDF bytes pasted as text."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from assistant.errors import SourceError
from assistant.names import checked_name, name_key
from assistant.staging import stage_file, stage_text
from index.chunk import split_sentences
from ui.cli import printable


def test_names_in_nfc_and_nfd_or_another_case_are_the_same_name() -> None:
    nfc, nfd = (
        unicodedata.normalize("NFC", "Café notes"),
        unicodedata.normalize("NFD", "Café notes"),
    )
    assert nfc != nfd
    assert checked_name(nfd) == nfc
    assert name_key(nfc) == name_key(nfd) == name_key("CAFÉ NOTES")
    assert name_key("Café notes") != name_key("Cafe notes")


def test_terminal_escapes_are_printed_as_text() -> None:
    shown = printable("Pier log\x1b]0;owned\x07 \u202eevil\nnext\tline é")
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
    assert shown == "Pier log\\x1b]0;owned\\x07 \\u202eevil\nnext\tline é"


def test_a_markdown_image_inside_a_sentence_stays_in_that_sentence() -> None:
    text = "The pier camera ![x](https://example.org/cam.png) recorded the storm. It broke!"
    sentences = [text[a:b] for a, b in split_sentences(text)]
    assert sentences == [
        "The pier camera ![x](https://example.org/cam.png) recorded the storm.",
        "It broke!",
    ]


def test_a_file_holding_only_a_byte_order_mark_is_refused_as_empty(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="empty"):
        stage_file(tmp_path, b"\xef\xbb\xbf \n", "bom.txt")


def test_pdf_bytes_pasted_as_text_are_refused_without_naming_a_server_path(
    tmp_path: Path,
) -> None:
    with pytest.raises(SourceError) as refused:
        stage_text(tmp_path, "%PDF-1.4 not really", "report")
    assert "PDF" in str(refused.value) and str(tmp_path) not in str(refused.value)


@pytest.mark.slow
def test_a_page_of_only_script_is_a_source_error_naming_no_server_path(
    assistant: object, data_dir: Path
) -> None:
    page = b"<html><body><script>var a = 1;</script><style>p {}</style></body></html>"
    with pytest.raises(SourceError) as refused:
        assistant.add_document(content=page, name="script.html")  # type: ignore[attr-defined]
    assert "script.html" in str(refused.value) and str(data_dir) not in str(refused.value)


@pytest.mark.slow
def test_the_chat_never_typesets_document_text_as_math(assistant: object) -> None:
    from ui.chat.app import build_app

    config = build_app(assistant).get_config_file()  # type: ignore[arg-type]
    chatbots = [c for c in config["components"] if c["type"] == "chatbot"]
    assert chatbots and all(c["props"]["latex_delimiters"] == [] for c in chatbots)


@pytest.mark.slow
def test_a_document_over_the_size_limit_is_refused_in_one_line_and_nothing_changes(
    tmp_path: Path, article_copy: Path
) -> None:
    from assistant.api import Assistant
    from assistant.settings import Settings

    settings = Settings(data_dir=tmp_path / "data", sources=[article_copy], max_document_chars=200)
    library = Assistant(settings)
    before = library.list_documents()
    long_text = "The ferry leaves at seven from pier two. " * 10
    with pytest.raises(SourceError, match="over the 200 character limit") as refused:
        library.add_document(text=long_text, name="long notes")
    assert "\n" not in str(refused.value)
    page = f"<html><body><p>{'x' * 150}</p><script>{'y' * 5000}</script></body></html>"
    assert library.add_document(content=page.encode(), name="page.html").chunks >= 1
    assert [d.id for d in library.list_documents()][: len(before)] == [d.id for d in before]
    assert not list((tmp_path / "data" / "documents" / ".incoming").glob("*"))
