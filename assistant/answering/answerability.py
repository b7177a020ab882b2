"""Is the answer in the article? A small logistic model over evidence features, asked
before a single-fact answer is given (summaries, lists and document questions are not
gated by it).

The shipped model was fitted on development data only (the bundled article's dev set and
the SQuAD 2.0 Normans article), its threshold chosen on the same data; coefficients,
scaling and threshold ship as ``answerability.json``, versioned with the features they
read. ``python -m eval.answerability`` now fits on more (the devdocs questions and SQuAD
2.0 articles with near-miss unanswerables, Normans kept out) and scores each set held
out; that refit did not beat this model (``eval/README.md``). At run time it is a dot
product and a sigmoid.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_FILE = Path(__file__).with_name("answerability.json")
# The features, in the model's order (``ExtractiveAnswerer.features`` computes them).
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

    def answerable(self, features: dict[str, float]) -> bool:
        return self.probability(features) >= self.threshold


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
