"""Summaries: the most central sentences of a document (LexRank over its sentence vectors).

Selection for a summary or a conclusion question: no search is involved, the document
is the first one retrieved from. The main point comes first, the rest in document
order; a conclusion takes its sentences from the closing paragraphs.
"""

from __future__ import annotations

import numpy as np
from langchain_core.documents import Document

from assistant.answering.candidates import ScoredSentence, SentenceScorer
from assistant.answering.selection import LEANS_BACK

# LexRank's similarity threshold and damping; sentences this similar to a chosen one are
# left out; conclusions come from the last CLOSING_PARAGRAPHS paragraphs.
LEXRANK_THRESHOLD = 0.3
LEXRANK_DAMPING = 0.85
SUMMARY_REDUNDANT = 0.75
CLOSING_PARAGRAPHS = 2
# Sentences and characters of each length of summary (issue 20: a short one is at most
# three sentences and 450 characters).
SUMMARY_LENGTHS = {
    "brief": (2, 320),
    "short": (3, 450),
    "detailed": (6, 1_500),
    "conclusion": (2, 450),
}


def summarise(
    scorer: SentenceScorer, passages: list[Document], conclusion: bool, length: str = "short"
) -> list[ScoredSentence]:
    """The most central body sentences of the first document retrieved from, the main
    point first and the rest in document order; for a conclusion, of its closing
    paragraphs only. ``length`` ("brief", "short", "detailed") sets how many sentences
    and characters; a short summary takes no sentence that leans on the one before it,
    a detailed one spans two paragraphs."""
    sources = scorer.sources_of(passages)
    if not sources:
        return []
    sentences = scorer.index.sentences
    body = [i for i in scorer.positions_of(sources[:1]) if sentences[i].role == "body"]
    if conclusion:
        paragraphs = sorted({sentences[i].paragraph for i in body})
        closing = set(paragraphs[-CLOSING_PARAGRAPHS:])
        body = [i for i in body if sentences[i].paragraph in closing]
    if not body:
        return []
    vectors = np.asarray(scorer.index.sentence_vectors[body])
    centrality = lexrank(vectors)
    wanted, budget = SUMMARY_LENGTHS["conclusion" if conclusion else length]
    texts = [sentences[i].text for i in body]
    chosen: list[int] = []
    used = 0
    for k in np.argsort(-centrality, kind="stable"):
        if len(chosen) >= wanted:
            break
        if used + len(texts[k]) > budget or texts[k] in (texts[c] for c in chosen):
            continue
        if length != "detailed" and LEANS_BACK.match(texts[k]):
            continue
        if any(float(vectors[k] @ vectors[c]) >= SUMMARY_REDUNDANT for c in chosen):
            continue
        seen = {sentences[body[c]].paragraph for c in chosen}
        one_pick_left = len(chosen) == wanted - 1 and len(seen) == 1
        if length == "detailed" and one_pick_left and sentences[body[k]].paragraph in seen:
            continue  # the last pick must bring a second paragraph in
        chosen.append(int(k))
        used += len(texts[k]) + 1
    top = float(centrality.max()) or 1.0
    picks = [ScoredSentence(body[c], float(centrality[c]) / top) for c in chosen]
    return picks[:1] + sorted(picks[1:], key=lambda s: s.position)


def lexrank(vectors: np.ndarray) -> np.ndarray:
    """LexRank centrality of unit sentence vectors: PageRank over the graph linking two
    sentences whose cosine similarity reaches ``LEXRANK_THRESHOLD``. A sentence like no
    other spreads its vote evenly, so it gains nothing from standing alone."""
    count = len(vectors)
    links = (vectors @ vectors.T >= LEXRANK_THRESHOLD).astype(np.float64)
    np.fill_diagonal(links, 0.0)
    degree = links.sum(axis=1, keepdims=True)
    transition = np.where(degree > 0, links / np.maximum(degree, 1.0), 1.0 / count)
    rank = np.full(count, 1.0 / count)
    for _ in range(100):
        updated = (1 - LEXRANK_DAMPING) / count + LEXRANK_DAMPING * (transition.T @ rank)
        if np.abs(updated - rank).sum() < 1e-8:
            break
        rank = updated
    return rank
