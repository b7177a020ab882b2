"""Is the answer in the article? A small logistic model over evidence features, asked
before a single-fact answer is given (summaries, lists and document questions are not
gated by it).

The shipped model was fitted on development data only (the bundled article's dev set and
the SQuAD 2.0 Normans article), its threshold chosen on the same data; coefficients,
scaling and threshold ship as ``answerability.json``, versioned with the features they
read (``features``). ``python -m training.fit_answerability`` now fits on more (the devdocs
questions and SQuAD 2.0 articles with near-miss unanswerables, Normans kept out) and
scores each set held out; that refit did not beat this model (``eval/README.md``). At run
time it is a dot product and a sigmoid.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.answering.evidence import Evidence
from assistant.answering.intent import AnswerType, holds
from index.text import content_words, prefix, specific_terms, within_decade, words

MODEL_FILE = Path(__file__).with_name("answerability.json")
# The features, in the model's order (``features`` computes them). Tried beside them: the
# reader's best reading and its margin over the next, refitted only on data the reader
# never trained on (dev, devdocs2's questions, the reader's four held-out SQuAD articles:
# 1,576 gated questions). Held out by article the gate alone read SQuAD better (overall
# 0.496 -> 0.522), but in the assistant, beside the reader's own abstention, the tuned-on
# sets lost answers: 450 against 456 of 662 right (449 with the reader's abstention off,
# 451 at threshold 0.4); the reading raised the chance of near misses it reads high.
FEATURES = (
    "best_score",
    "second_score",
    "best_cosine",
    "best_overlap",
    "question_words_retrieved",
    "question_terms_missing_from_best",
    "unknown_terms",
    "unfamiliar_share",
    "figure_missing",
    "searches_agree",
    "answer_type_held",
    "top_dense_similarity",
)
VERSION = 2


@dataclass(frozen=True)
class AnswerabilityModel:
    """Standardised features -> logistic probability that the article holds the answer."""

    means: tuple[float, ...]
    scales: tuple[float, ...]
    coefficients: tuple[float, ...]
    intercept: float
    threshold: float

    def probability(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(
            c * (features[name] - m) / s
            for name, m, s, c in zip(FEATURES, self.means, self.scales, self.coefficients)
        )
        return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_FILE) -> AnswerabilityModel | None:
    """The shipped model, or None when there is none for these features (then only the
    evidence threshold decides)."""
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("version") != VERSION or tuple(data.get("features", ())) != FEATURES:
        return None
    return AnswerabilityModel(
        means=tuple(data["means"]),
        scales=tuple(data["scales"]),
        coefficients=tuple(data["coefficients"]),
        intercept=float(data["intercept"]),
        threshold=float(data["threshold"]),
    )


def features(evidence: Evidence) -> dict[str, float]:
    """What the model reads (``FEATURES``) of the evidence for a question: the question
    searched, its passages and their sentences by evidence score (best first)."""
    scorer, intent, passages = evidence.scorer, evidence.intent, evidence.passages
    question, scored = intent.standalone, evidence.by_evidence
    index = scorer.index
    asked_words = set(content_words(question))
    asked_terms = specific_terms(question)
    retrieved_words = {
        w
        for doc in passages
        for i in scorer.sentences_of_chunk(doc.metadata["ordinal"])
        for w in scorer.sentence_words(i)
    }
    # the best sentence as the reader reads it: a table row with its column headers, whose
    # words ("2026-27") a question looking a value up names
    best = scorer.reader_text(scored[0].position) if scored else None
    best_words = set(words(best)) if best else set()
    cosine = (
        float(index.sentence_vectors[scored[0].position] @ scorer.encoder(question))
        if scored
        else 0.0
    )
    overlap = (
        len(asked_words & scorer.sentence_words(scored[0].position)) / len(asked_words)
        if scored and asked_words
        else 0.0
    )
    best_prefixes = {prefix(w) for w in best_words}
    missing = {
        t
        for t in asked_terms
        if t not in best_words
        and prefix(t) not in best_prefixes
        and not any(within_decade(w, t) for w in best_words)
    }
    wanted = intent.answer_type
    top = passages[0].metadata if passages else {}
    return {
        "best_score": scored[0].score if scored else 0.0,
        "second_score": scored[1].score if len(scored) > 1 else 0.0,
        "best_cosine": cosine,
        "best_overlap": overlap,
        "question_words_retrieved": (
            len(asked_words & retrieved_words) / len(asked_words) if asked_words else 1.0
        ),
        "question_terms_missing_from_best": (
            len(missing) / len(asked_terms) if asked_terms else 0.0
        ),
        "unknown_terms": float(len(scorer.unknown_terms(question))),
        "unfamiliar_share": scorer.unfamiliar_share(question),
        "figure_missing": float(
            intent.figure is not None and (best is None or not intent.states_figure(best))
        ),
        "searches_agree": float(top.get("bm25", 0.0) > 0 and top.get("dense_similarity", 0.0) > 0),
        # The model was fitted before reasons were a type: a "why" reads as untyped.
        "answer_type_held": (
            0.5
            if wanted in (None, AnswerType.REASON)
            # against the question searched, as the model was fitted
            else float(best is not None and holds(best, wanted, question))
        ),
        "top_dense_similarity": max(
            (float(d.metadata.get("dense_similarity", 0.0)) for d in passages), default=0.0
        ),
    }
