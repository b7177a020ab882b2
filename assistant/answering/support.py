"""Does a piece of text support a claim? A documented judge that needs no LLM.

A claim is supported by its evidence when all of these hold:

1. **Specifics agree**: every number, month, year and proper name in the claim occurs in
   the evidence (numbers compared after removing thousands separators; a name also
   matches a word sharing its first five letters, so 'Nepalis' matches 'Nepal'). A
   claim that turns '45,000' into '54,000' or 'November' into 'October' fails here,
   whatever its overlap.
2. **Polarity agrees**: a claim with a negation ('not', 'never', "n't", 'no', ...) needs
   a negation in the evidence; a claim without one must not repeat the words the
   evidence negates (the three content words after its negation).
3. **Enough overlap**: ``0.5 * lexical + 0.5 * semantic >= SUPPORT_THRESHOLD``, where
   *lexical* is the share of the claim's content words found in the evidence and
   *semantic* the MiniLM cosine similarity of claim and evidence.

``SUPPORT_THRESHOLD`` was set on the hand-labelled pairs in
``eval/datasets/judge_pairs.jsonl``; ``python -m eval.judge`` prints the judge's accuracy
on them. The evaluation uses it to score answers; generative answerers use it to verify
each sentence against the passages it cites.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from index.text import PREFIX_LETTERS, WORD, content_words, normalise, prefix, specific_terms

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

SUPPORT_THRESHOLD = 0.6
NEGATED_WORDS = 3
_NEGATION = re.compile(r"\b(?:not|no|never|none|nor|neither|without|cannot)\b|n[’']t\b", re.I)
_MONTHS = (
    "january february march april may june july august september october november december"
).split()


@dataclass(frozen=True)
class Verdict:
    supported: bool
    score: float
    missing_specifics: frozenset[str]
    polarity_agrees: bool


def specifics(text: str) -> set[str]:
    """Numbers, months and names in ``text``, normalised."""
    terms = specific_terms(text)
    terms |= {normalise(x) for x in WORD.findall(text) if x.lower() in _MONTHS}
    return terms


def _present(term: str, evidence_words: set[str]) -> bool:
    if term in evidence_words:
        return True
    if any(ch.isdigit() for ch in term) or len(term) < PREFIX_LETTERS:
        return False
    return any(prefix(w) == prefix(term) for w in evidence_words)


def missing_specifics(claim: str, evidence: str) -> frozenset[str]:
    """The numbers, months and names of ``claim`` that ``evidence`` does not contain."""
    evidence_words = {normalise(w) for w in WORD.findall(evidence)}
    return frozenset(t for t in specifics(claim) if not _present(t, evidence_words))


def polarity_agrees(claim: str, evidence: str) -> bool:
    """Rule 2: a negated claim needs a negation in the evidence; a plain claim must not
    repeat the words the evidence negates."""
    if _NEGATION.search(claim):
        return _NEGATION.search(evidence) is not None
    claim_words = set(content_words(claim))
    for negation in _NEGATION.finditer(evidence):
        negated = content_words(evidence[negation.end() :])[:NEGATED_WORDS]
        if negated and set(negated) <= claim_words:
            return False
    return True


class SupportJudge:
    """Judges (claim, evidence) pairs; see the module docstring for the rule."""

    def __init__(self, embeddings: Embeddings, threshold: float = SUPPORT_THRESHOLD) -> None:
        self.embeddings = embeddings
        self.threshold = threshold

    def judge(self, claim: str, evidence: str) -> Verdict:
        missing = missing_specifics(claim, evidence)
        claim_words = set(content_words(claim))
        polarity = polarity_agrees(claim, evidence)
        lexical = (
            len(claim_words & set(content_words(evidence))) / len(claim_words)
            if claim_words
            else 0.0
        )
        vectors = np.asarray(self.embeddings.embed_documents([claim, evidence]))
        semantic = float(vectors[0] @ vectors[1])
        score = 0.5 * lexical + 0.5 * semantic
        supported = not missing and polarity and score >= self.threshold
        return Verdict(supported, score, missing, polarity)

    def supports(self, claim: str, evidence: str) -> bool:
        return self.judge(claim, evidence).supported
