"""Summaries and conclusions: the sentences of a document that say what it is about.

The strategy for a summary or a conclusion question: no search is involved, the document
is the first one retrieved from. A sentence's summary score adds three things: how
central it is (LexRank over the sentence vectors), how close it is to the document's
title, and, but for a conclusion, how near the opening it stands (news leads, a report's
"This report examines ...", a guide's "This guide walks you through ..."). Headings and
fragments are left out. The main point comes first, the rest in document order; a
conclusion takes its sentences from the closing paragraphs.
"""

from __future__ import annotations

import re

import numpy as np
from langchain_core.documents import Document

from assistant.answering.candidates import ScoredSentence, SentenceScorer
from assistant.answering.evidence import Evidence
from assistant.answering.intent import Kind
from assistant.answering.selection import LEANS_BACK
from assistant.answering.strategies.base import Strategy
from assistant.tuning import AnswerTuning

_ENDS_SENTENCE = re.compile(r"[.!?][\"'”’)]*$")


class SummaryStrategy(Strategy):
    """A summary of the first document retrieved from, or its conclusion."""

    def choose(self, evidence: Evidence) -> list[ScoredSentence]:
        intent = evidence.intent
        conclusion = intent.kind is Kind.CONCLUSION
        return summarise(
            self.scorer,
            evidence.passages,
            conclusion=conclusion,
            length=intent.summary_length,
            sentence_count=intent.summary_sentences,
        )


def summarise(
    scorer: SentenceScorer,
    passages: list[Document],
    *,
    conclusion: bool = False,
    length: str = "short",
    sentence_count: int | None = None,
) -> list[ScoredSentence]:
    """The best-scoring body sentences of the first document retrieved from (see the
    module docstring), the main point first and the rest in document order; for a
    conclusion, of its closing paragraphs only. ``length`` ("brief", "short",
    "detailed") sets how many sentences and characters, unless ``sentence_count`` says how
    many (up to the tuning's most); a short summary takes no sentence that leans on the
    one before it, a detailed one spans two paragraphs."""
    sources = scorer.sources_of(passages)
    if not sources:
        return []
    tuning = scorer.tuning
    sentences = scorer.index.sentences
    document = scorer.positions_of(sources[:1])
    body = [i for i in document if sentences[i].role == "body"]
    body = [i for i in body if _reads_as_sentence(sentences[i].text, tuning.min_words)] or body
    if not body:
        return []
    vectors = np.asarray(scorer.index.sentence_vectors[body])
    centrality = lexrank(vectors, tuning)
    score = centrality / float(centrality.max())
    titles = [i for i in document if sentences[i].role == "title"]
    if titles:
        score = score + tuning.title_weight * (
            vectors @ np.asarray(scorer.index.sentence_vectors[titles[0]])
        )
    paragraphs = sorted({sentences[i].paragraph for i in body})
    if conclusion:
        closing = paragraphs[
            -max(tuning.closing_paragraphs, round(len(paragraphs) * tuning.closing_share)) :
        ]
        keep = [k for k, i in enumerate(body) if sentences[i].paragraph in set(closing)]
        body, vectors, score = [body[k] for k in keep], vectors[keep], score[keep]
    else:
        order = {p: k for k, p in enumerate(paragraphs)}
        score = score + tuning.lead_weight / np.array(
            [1.0 + order[sentences[i].paragraph] for i in body]
        )
    wanted, budget = tuning.summary_lengths["conclusion" if conclusion else length]
    if sentence_count is not None:
        wanted = max(1, min(sentence_count, tuning.summary_most_sentences))
        budget = max(budget, wanted * tuning.summary_sentence_chars)
    texts = [sentences[i].text for i in body]
    chosen: list[int] = []
    used = 0
    for k in np.argsort(-score, kind="stable"):
        if len(chosen) >= wanted:
            break
        if used + len(texts[k]) > budget or texts[k] in (texts[c] for c in chosen):
            continue
        if length != "detailed" and LEANS_BACK.match(texts[k]):
            continue
        if any(float(vectors[k] @ vectors[c]) >= tuning.summary_redundant for c in chosen):
            continue
        seen = {sentences[body[c]].paragraph for c in chosen}
        one_pick_left = len(chosen) == wanted - 1 and len(seen) == 1
        if length == "detailed" and one_pick_left and sentences[body[k]].paragraph in seen:
            continue  # the last pick must bring a second paragraph in
        chosen.append(int(k))
        used += len(texts[k]) + 1
    top = float(score.max()) or 1.0
    picks = [ScoredSentence(body[c], float(score[c]) / top) for c in chosen]
    return picks[:1] + sorted(picks[1:], key=lambda s: s.position)


def _reads_as_sentence(text: str, min_words: int) -> bool:
    return len(text.split()) >= min_words and _ENDS_SENTENCE.search(text) is not None


def lexrank(vectors: np.ndarray, tuning: AnswerTuning = AnswerTuning()) -> np.ndarray:
    """LexRank centrality of unit sentence vectors: PageRank over the graph linking two
    sentences whose cosine similarity reaches the tuning's LexRank threshold. A sentence
    like no other spreads its vote evenly, so it gains nothing from standing alone."""
    count = len(vectors)
    damping = tuning.lexrank_damping
    links = (vectors @ vectors.T >= tuning.lexrank_threshold).astype(np.float64)
    np.fill_diagonal(links, 0.0)
    degree = links.sum(axis=1, keepdims=True)
    transition = np.where(degree > 0, links / np.maximum(degree, 1.0), 1.0 / count)
    rank = np.full(count, 1.0 / count)
    for _ in range(100):
        updated = (1 - damping) / count + damping * (transition.T @ rank)
        if np.abs(updated - rank).sum() < 1e-8:
            break
        rank = updated
    return rank
