"""Checking what an LLM answerer wrote: where its quotes stand in the passages, and a
tally of what verification threw away."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

if TYPE_CHECKING:
    from assistant.answering.support import SupportJudge
    from index.chunk import Chunk, Sentence

FUZZY_MIN = 90.0
MIN_QUOTE_CHARS = 12


@dataclass
class VerificationLog:
    """What verification threw away, for measuring a model."""

    malformed: int = 0
    failed_calls: int = 0
    ids_out_of_range: int = 0
    quotes_not_found: int = 0
    citations_dropped: int = 0
    unsupported_sentences: int = 0
    off_question: int = 0
    model_abstained: int = 0
    fallbacks: int = 0
    events: list[str] = field(default_factory=list)


def locate(quote: str, passage: str) -> tuple[int, int] | None:
    """Where ``quote`` stands in ``passage``: exact, whitespace-normalised, then fuzzy."""
    quote = quote.strip().strip("\"“”'")
    if len(quote) < MIN_QUOTE_CHARS:
        return None
    at = passage.find(quote)
    if at >= 0:
        return at, at + len(quote)
    pattern = r"\s+".join(re.escape(part) for part in quote.split())
    match = re.search(pattern, passage)
    if match:
        return match.start(), match.end()
    alignment = fuzz.partial_ratio_alignment(quote, passage)
    if alignment is not None and alignment.score >= FUZZY_MIN:
        start, end = alignment.dest_start, alignment.dest_end
        # Widen to word boundaries so the span reads as text.
        while start > 0 and passage[start - 1].isalnum():
            start -= 1
        while end < len(passage) and passage[end].isalnum():
            end += 1
        return start, end
    return None


def cite(
    chunk: Chunk,
    inside: list[Sentence],
    quote: str,
    claim: str,
    judge: SupportJudge,
    verification: VerificationLog,
) -> tuple[int, int] | None:
    """The source span to cite for ``claim`` in ``chunk``: the sentence(s) of ``inside``
    (the chunk's sentences) holding the quote, or, when the quote is not found, the one
    sentence that best supports the claim; None when neither exists."""
    span = locate(quote, chunk.text)
    if span is not None:
        start, end = chunk.start + span[0], chunk.start + span[1]
        hit = [s for s in inside if s.start < end and s.end > start]
    else:
        verification.quotes_not_found += 1
        verdicts = [(judge.judge(claim, s.text), s) for s in inside]
        supported = [(v.score, s) for v, s in verdicts if v.supported]
        hit = [max(supported, key=lambda pair: pair[0])[1]] if supported else []
    if not hit:
        return None
    return min(s.start for s in hit), max(s.end for s in hit)
