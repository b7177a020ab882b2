"""Choose the abstention threshold on the dev split and report it on the test split.

Run: ``python -m eval.calibrate``. A question counts as abstained when it names something
the article never mentions or when its best sentence scores below the threshold.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

from assistant.api import Assistant
from assistant.condense import condense
from assistant.conversation import normalise_history
from eval.datasets import Item, load_items


@dataclass(frozen=True)
class Evidence:
    item: Item
    best_score: float
    names_unknown: bool
    about_document: bool


def gather(assistant: Assistant, items: list[Item]) -> list[Evidence]:
    """The best sentence score of each item, as the answerer sees it."""
    evidence = []
    for item in items:
        query = condense(item.question, normalise_history(item.history))
        passages = assistant.as_retriever().invoke(query)
        scored = assistant.answerer.evidence(query, passages, item.question)
        evidence.append(
            Evidence(
                item,
                scored[0].score if scored else 0.0,
                assistant.answerer.off_topic(query),
                bool(assistant.answerer.about_the_document(query)),
            )
        )
    return evidence


def rates(evidence: list[Evidence], threshold: float) -> tuple[float, float]:
    """(abstention accuracy on unanswerables, answer rate on answerables)."""
    unanswerable = [e for e in evidence if not e.item.answerable]
    answerable = [e for e in evidence if e.item.answerable]

    def abstains(e: Evidence) -> bool:
        return not e.about_document and (e.names_unknown or e.best_score < threshold)

    abstain_ok = sum(abstains(e) for e in unanswerable) / max(len(unanswerable), 1)
    answer_ok = sum(not abstains(e) for e in answerable) / max(len(answerable), 1)
    return abstain_ok, answer_ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    assistant = Assistant()
    dev = gather(assistant, load_items(split="dev"))
    test = gather(assistant, load_items(split="test"))
    thresholds = [round(0.30 + 0.01 * i, 2) for i in range(41)]
    best = max(thresholds, key=lambda t: (sum(rates(dev, t)), -t))
    out = sys.stdout
    out.write("threshold  dev_abstain_acc  dev_answer_rate  test_abstain_acc  test_answer_rate\n")
    for t in thresholds:
        d, t_ = rates(dev, t), rates(test, t)
        mark = "  <- chosen" if t == best else ""
        out.write(f"{t:9.2f}  {d[0]:15.2f}  {d[1]:15.2f}  {t_[0]:16.2f}  {t_[1]:16.2f}{mark}\n")
    out.write("\nper item (dev+test): id  answerable  best_score  names_unknown\n")
    for e in dev + test:
        out.write(f"{e.item.id}  {e.item.answerable!s:5}  {e.best_score:.3f}  {e.names_unknown}\n")


if __name__ == "__main__":
    main()
