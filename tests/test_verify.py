"""Quotes an LLM gives are located in their passage, and cited as whole source sentences."""

from __future__ import annotations

import pytest

from assistant.answering.verify import VerificationLog, cite, locate
from index.chunk import Chunk, Sentence

PASSAGE = (
    "North Korea has sent around 10,000 troops to Russia. They are said to be "
    "fighting in the Kursk region, according to officials."
)


def test_exact_quote_is_found_at_its_offsets() -> None:
    quote = "sent around 10,000 troops"
    start, end = locate(quote, PASSAGE)  # type: ignore[misc]
    assert PASSAGE[start:end] == quote


def test_quote_with_other_whitespace_is_found() -> None:
    span = locate("sent   around\n10,000 troops", PASSAGE)
    assert span is not None and PASSAGE[span[0] : span[1]] == "sent around 10,000 troops"


def test_quote_with_a_typo_is_found_fuzzily_and_widened_to_words() -> None:
    span = locate("fighting in the Kursk regoin", PASSAGE)
    assert span is not None
    found = PASSAGE[span[0] : span[1]]
    assert "Kursk" in found and not found[0].isspace() and not found[-1].isspace()


@pytest.mark.parametrize("quote", ["troops", "Completely unrelated words about cooking pasta"])
def test_short_or_absent_quotes_are_not_located(quote: str) -> None:
    assert locate(quote, PASSAGE) is None


def test_surrounding_quotation_marks_are_ignored() -> None:
    assert locate("“sent around 10,000 troops”", PASSAGE) is not None


def test_citation_covers_every_source_sentence_the_quote_touches() -> None:
    offset = 100  # the chunk starts 100 characters into its file
    first_end = PASSAGE.index(" They")
    inside = [
        Sentence("a.txt", offset, offset + first_end, PASSAGE[:first_end], 0),
        Sentence(
            "a.txt", offset + first_end + 1, offset + len(PASSAGE), PASSAGE[first_end + 1 :], 1
        ),
    ]
    chunk = Chunk("a.txt", offset, offset + len(PASSAGE), PASSAGE, 0, "hash")
    log = VerificationLog()
    one = cite(chunk, inside, "around 10,000 troops", "claim", judge=None, verification=log)  # type: ignore[arg-type]
    both = cite(chunk, inside, "troops to Russia. They are said", "claim", None, log)  # type: ignore[arg-type]
    assert one == (inside[0].start, inside[0].end)
    assert both == (inside[0].start, inside[1].end)
    assert log.quotes_not_found == 0
