"""Run the assistant and the naive baseline over a question set, side by side."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langchain_core.runnables import Runnable
from tqdm import tqdm

from assistant.answering.support import SupportJudge
from assistant.answers import Answer
from assistant.api import Assistant
from assistant.condense import condense
from assistant.conversation import normalise_history
from assistant.settings import PROJECT_ROOT, Settings
from eval.baseline import build_baseline
from eval.datasets import Item, load_items
from eval.metrics import Outcome, assess, summarise
from index.load import load_source

RECALL_DEPTH = 5


@dataclass
class SystemUnderTest:
    name: str
    chain: Runnable[Any, Answer]
    retrieve: Callable[[str], list[tuple[int, int]]]


@dataclass
class EvalResult:
    items: list[Item]
    outcomes: dict[str, list[Outcome]]
    verification: dict[str, int] | None = None

    def summary(self) -> dict[str, Any]:
        return {
            "n_questions": len(self.items),
            **{name: summarise(outcomes) for name, outcomes in self.outcomes.items()},
        }


def _spans(docs: list[Any]) -> list[tuple[int, int]]:
    return [(d.metadata["start"], d.metadata["end"]) for d in docs]


def run_eval(
    settings: Settings,
    dataset: Path | None = None,
    split: str | None = "test",
    progress: bool = True,
) -> EvalResult:
    """Ask every item of ``dataset`` (default: the bundled article's sets; one split, or
    all) to the assistant and the baseline."""
    items = load_items(dataset, split)
    assistant = Assistant(settings)
    embeddings = assistant.embeddings
    judge = SupportJudge(embeddings)
    retriever = assistant.as_retriever()
    ours = SystemUnderTest(
        "assistant", assistant.as_runnable(), lambda q: _spans(retriever.invoke(q))
    )
    outcomes: dict[str, list[Outcome]] = {}
    with tempfile.TemporaryDirectory() as work:
        article = load_source(settings.sources[0], PROJECT_ROOT)
        baseline_chain, baseline_retriever = build_baseline(
            article, embeddings, Path(work), settings
        )
        baseline = SystemUnderTest(
            "baseline",
            baseline_chain,
            lambda q: _spans(baseline_retriever.invoke(q, k=RECALL_DEPTH)),
        )
        for system in (ours, baseline):
            outcomes[system.name] = [
                assess(_ask(system, item), judge)
                for item in tqdm(items, desc=system.name, disable=not progress, unit="q")
            ]
    log = getattr(assistant.answer_step, "log", None)
    verification = (
        {k: v for k, v in vars(log).items() if isinstance(v, int)} if log is not None else None
    )
    return EvalResult(items, outcomes, verification)


def _ask(system: SystemUnderTest, item: Item) -> Outcome:
    answer = system.chain.invoke({"question": item.question, "history": item.history})
    retrieved = system.retrieve(condense(item.question, normalise_history(item.history)))
    return Outcome(item=item, answer=answer, retrieved=retrieved)
