"""A Markdown table's row is read by the reader with its column headers."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answering.reader import load_reader, table_cells, table_row_text

HEADER = "| Ticket | Adult | Child |"
ROW = "| Day return | £12 | £6 |"


def test_a_row_is_read_as_its_cells_after_their_headers() -> None:
    assert table_row_text(ROW, HEADER) == "Ticket: Day return; Adult: £12; Child: £6"


def test_the_header_the_rule_under_it_and_prose_are_read_as_written() -> None:
    assert table_row_text(HEADER, HEADER) == HEADER
    assert table_cells("|---|:--:|---|") is None
    assert table_cells("Tickets cost £12.") is None
    # a row that does not fit its header is read as written
    assert table_row_text("| Day return | £12 |", HEADER) == "| Day return | £12 |"


def test_a_rows_header_is_the_first_row_of_its_table_in_its_document() -> None:
    from types import SimpleNamespace

    from assistant.answering.candidates import SentenceScorer

    lines = [("a", "Fares:"), ("a", HEADER), ("a", "|---|---|---|"), ("a", ROW), ("b", ROW)]
    sentences = [SimpleNamespace(source=source, text=text) for source, text in lines]
    scorer = object.__new__(SentenceScorer)
    of_source = {"a": range(0, 4), "b": range(4, 5)}
    # only what reader_text reads
    scorer.index = SimpleNamespace(
        sentences=sentences, tables=SimpleNamespace(sentences_of_source=of_source.get)
    )
    assert scorer.reader_text(3) == "Ticket: Day return; Adult: £12; Child: £6"
    assert scorer.reader_text(0) == "Fares:"
    # another document's row has no header of its own: read as written
    assert scorer.reader_text(4) == ROW


@pytest.mark.slow
def test_the_reader_reads_a_row_with_its_headers_as_answering(tmp_path: Path) -> None:
    reader = load_reader(tmp_path)
    assert reader is not None
    question = "How much is a child's day return ticket?"
    bare, read = reader.scores(question, [ROW, table_row_text(ROW, HEADER)])
    assert read > 0.5 and read > bare


FORECAST = """# Household waste: our forecasts

The council expects recycling to rise as the new food waste service beds in.

| Measure | 2024-25 | 2025-26 | 2026-27 |
|---|---|---|---|
| Household recycling rate | 41% | 45% | 49% |
| Residual waste per household | 512 kg | 480 kg | 455 kg |

Figures are forecasts and will be reviewed each spring.
"""


@pytest.mark.slow
def test_a_value_found_only_under_a_column_header_is_answered_not_abstained(
    tmp_path: Path, article_copy: Path
) -> None:
    from assistant.api import Assistant
    from assistant.settings import Settings

    assistant = Assistant(Settings(data_dir=tmp_path / "data", sources=[article_copy]))
    document = assistant.add_document(text=FORECAST, name="forecasts")
    answer = assistant.ask(
        "What household recycling rate does the council forecast for 2026-27?",
        documents=[document.id],
    )
    assert not answer.abstained
    assert "49%" in answer.answer
    text = assistant.document_text(document.id)
    assert all(text[c.start : c.end] == c.text for c in answer.citations)
