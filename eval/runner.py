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
from eval.metrics import Outcome, always_abstain, assess, summarise
from eval.question_sets import Item, article_settings, is_squad, load_items, load_squad
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

    @property
    def splits(self) -> list[str]:
        return sorted({i.split for i in self.items})

    def summary(self, split: str | None = None) -> dict[str, Any]:
        """The metrics of each system (and of always abstaining) on one split, or all."""
        items = [i for i in self.items if split is None or i.split == split]
        return {
            "n_questions": len(items),
            **{
                name: summarise([o for o in outcomes if split is None or o.item.split == split])
                for name, outcomes in self.outcomes.items()
            },
            "always-abstain": always_abstain(items),
        }


def _spans(docs: list[Any]) -> list[tuple[int, int]]:
    return [(d.metadata["start"], d.metadata["end"]) for d in docs]


def run_eval(
    settings: Settings,
    dataset: Path | None = None,
    split: str | None = None,
    progress: bool = True,
) -> EvalResult:
    """Ask every item of ``dataset`` (default: the bundled article's dev and test sets;
    one split, or all) to the assistant and the baseline.

    A SQuAD 2.0 file (``.json``) is an external article: its paragraphs are indexed as
    one document in a data dir of its own, and every question is asked about it.
    """
    with tempfile.TemporaryDirectory() as work:
        if dataset is not None and is_squad(dataset):
            title, text, items = load_squad(dataset)
            settings = article_settings(settings, title, text, Path(work))
        else:
            items = load_items(dataset, split)
        return _run(settings, items, Path(work), progress)


def _run(settings: Settings, items: list[Item], work: Path, progress: bool) -> EvalResult:
    assistant = Assistant(settings)
    embeddings = assistant.embeddings
    judge = SupportJudge(embeddings)
    retriever = assistant.as_retriever()
    ours = SystemUnderTest(
        "assistant", assistant.as_runnable(), lambda q: _spans(retriever.invoke(q))
    )
    article = load_source(settings.sources[0], PROJECT_ROOT)
    baseline_chain, baseline_retriever = build_baseline(
        article, embeddings, work / "baseline", settings
    )
    baseline = SystemUnderTest(
        "baseline",
        baseline_chain,
        lambda q: _spans(baseline_retriever.invoke(q, k=RECALL_DEPTH)),
    )
    outcomes = {
        system.name: [
            assess(_ask(system, item), judge)
            for item in tqdm(items, desc=system.name, disable=not progress, unit="q")
        ]
        for system in (ours, baseline)
    }
    log = getattr(assistant.answer_step, "log", None)
    verification = (
        {k: v for k, v in vars(log).items() if isinstance(v, int)} if log is not None else None
    )
    return EvalResult(items, outcomes, verification)


def _ask(system: SystemUnderTest, item: Item) -> Outcome:
    answer = system.chain.invoke({"question": item.question, "history": item.history})
    retrieved = system.retrieve(condense(item.question, normalise_history(item.history)))
    return Outcome(item=item, answer=answer, retrieved=retrieved)
