"""Question sets on documents of their own: ``eval/datasets/heldout/`` and
``eval/datasets/heldout2/`` (the test sets: documents nobody tuned for) and
``eval/datasets/devdocs/`` to ``eval/datasets/devdocs4/`` (tuned on), each with
questions and conversations written by a helper session that saw only the documents.

Every document of a set is added to one library beside the bundled article (a news
page, a how-to and a report, the report as a PDF when the set has ``report.pdf``) and
each question is asked of its own document, as a user who has that document selected
would. Conversations are asked turn by turn, each turn's history being
the earlier questions and the assistant's own answers; and once more of the whole
library, no document chosen, as the chat asks by default (the assistant alone: the
naive baseline answers from one document).

Figures (each a mean over the items it applies to; definitions in eval/README.md):

- ``key_fact_recall``: share of a question's key facts the answer states;
- ``false_abstention`` / ``abstention_on_unanswerable``;
- ``grounded``: share of the key facts that an answer's cited sentences hold;
- ``list_coverage``: key-fact recall of list questions;
- ``summary_chars``, and ``short_summaries_within_450`` (every summary not asked "in
  detail"); ``summary_gold_words``: share of the distinct content words of the gold
  summary that a summary uses (what it covers, whatever its words' order);
- ``answer_chars``: length of an answer, citation markers removed;
- ``recall_at_5``: share of gold evidence sentences inside the top 5 passages retrieved
  (questions answered from a search: not summaries, not questions about the document);
- ``new_topic_as_asked``: self-contained turns after the first, searched exactly as asked;
- ``follow_ups_rewritten``: follow-up turns not searched as asked (told from new ones);
- ``follow_ups_resolved``: follow-up turns rewritten and answered right (the key facts of
  an answerable turn, an abstention on an unanswerable one).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from statistics import mean
from typing import Any

from pydantic import BaseModel, Field
from tqdm import tqdm

from assistant.answering.intent import Intent, SummaryLength
from assistant.answers import CITATION_MARKER, Answer
from assistant.api import Assistant
from assistant.settings import BUNDLED_ARTICLE, Settings
from eval.baseline import build_baseline
from index.load import SourceDocument
from index.text import content_words

DATASETS_DIR = Path(__file__).resolve().parent / "datasets"
# Question sets on documents of their own: devdocs to devdocs4 are tuned on, heldout and
# heldout2 only reported.
DOCUMENT_SETS = {
    "devdocs": DATASETS_DIR / "devdocs",
    "devdocs2": DATASETS_DIR / "devdocs2",
    "devdocs3": DATASETS_DIR / "devdocs3",
    "devdocs4": DATASETS_DIR / "devdocs4",
    "heldout": DATASETS_DIR / "heldout",
    "heldout2": DATASETS_DIR / "heldout2",
}
BUNDLED = "foreign-troops-russia.txt"
SUMMARY_LIMIT = 450
# The conversations asked again with no document chosen (the chat's default).
WHOLE_LIBRARY = "conversations, whole library"
DEPTH = 5


class HeldoutTurn(BaseModel):
    """One question of the held-out set, alone or as a turn of a conversation."""

    question: str
    answerable: bool
    gold_answer: str = ""
    key_facts: list[list[str]] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)
    category: str = "conversation"
    followup: bool = False
    standalone: str = ""


class Question(HeldoutTurn):
    id: str
    document: str


class Conversation(BaseModel):
    id: str
    document: str
    turns: list[HeldoutTurn]


def load_set(folder: Path) -> tuple[list[Question], list[Conversation]]:
    """The questions and conversations of the set in ``folder``."""

    def rows(name: str) -> list[dict[str, Any]]:
        lines = (folder / name).read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    return (
        [Question.model_validate(r) for r in rows("questions.jsonl")],
        [Conversation.model_validate(r) for r in rows("conversations.jsonl")],
    )


def plain(text: str) -> str:
    """Text as compared: citation markers and thousands separators gone, case folded."""
    return " ".join(CITATION_MARKER.sub("", text).replace(",", "").casefold().split())


@dataclass
class Asked:
    """One turn asked of one system, with what it retrieved."""

    turn: HeldoutTurn
    answer: Answer
    passages: list[str]
    first: bool = True

    def facts_found(self) -> list[list[str]]:
        text = plain(self.answer.answer)
        return [f for f in self.turn.key_facts if any(plain(a) in text for a in f)]

    @property
    def key_fact_recall(self) -> float:
        if self.answer.abstained or not self.turn.key_facts:
            return 0.0
        return len(self.facts_found()) / len(self.turn.key_facts)

    @property
    def right(self) -> bool:
        if not self.turn.answerable:
            return self.answer.abstained
        return not self.answer.abstained and self.key_fact_recall == 1.0

    @property
    def grounded(self) -> float | None:
        """Share of the key facts that the answer's cited sentences hold (an answer that
        cites the wrong sentences is not grounded, whatever its words)."""
        if self.answer.abstained or not self.turn.answerable or not self.turn.key_facts:
            return None
        cited = plain(" ".join(c.text for c in self.answer.citations))
        held = [any(plain(a) in cited for a in f) for f in self.turn.key_facts]
        return sum(held) / len(held)

    @property
    def chars(self) -> int:
        return len(CITATION_MARKER.sub("", self.answer.answer).strip())

    @property
    def gold_words_used(self) -> float:
        """Share of the gold answer's distinct content words this answer uses."""
        gold = set(content_words(self.turn.gold_answer))
        if self.answer.abstained or not gold:
            return 0.0
        return len(gold & set(content_words(self.answer.answer))) / len(gold)

    @property
    def evidence_found(self) -> float | None:
        if not self.turn.evidence:
            return None
        passages = [plain(p) for p in self.passages[:DEPTH]]
        hits = [any(plain(e) in p for p in passages) for e in self.turn.evidence]
        return sum(hits) / len(hits)


def _avg(values: list[float]) -> float | None:
    return round(mean(values), 3) if values else None


def figures(asked: list[Asked]) -> dict[str, float | None]:
    """The held-out figures of one system (see the module docstring)."""
    questions = [a for a in asked if a.turn.category != "conversation"]
    answerable = [a for a in asked if a.turn.answerable and a.turn.category != "summary"]
    unanswerable = [a for a in asked if not a.turn.answerable]
    summaries = [a for a in questions if a.turn.category == "summary"]
    short = [
        a
        for a in summaries
        if Intent.read(a.turn.question).summary_length is not SummaryLength.DETAILED
    ]
    turns = [a for a in asked if a.turn.category == "conversation"]
    # Summaries and questions about the document are not answered from a search.
    searched = [a for a in asked if a.turn.category not in ("summary", "metadata")]
    new_topics = [a for a in turns if not a.first and not a.turn.followup]
    follow_ups = [a for a in turns if a.turn.followup]
    return {
        "n": float(len(asked)),
        "key_fact_recall": _avg([a.key_fact_recall for a in answerable]),
        "all_right": _avg([float(a.right) for a in asked if a.turn.category != "summary"]),
        "false_abstention": _avg([float(a.answer.abstained) for a in answerable]),
        "abstention_on_unanswerable": _avg([float(a.answer.abstained) for a in unanswerable]),
        "grounded": _avg([g for a in asked if (g := a.grounded) is not None]),
        "list_coverage": _avg([a.key_fact_recall for a in questions if a.turn.category == "list"]),
        "answer_chars": _avg([float(a.chars) for a in asked if not a.answer.abstained]),
        "summary_chars": _avg([float(a.chars) for a in summaries]),
        "short_summaries_within_450": _avg(
            [float(not a.answer.abstained and a.chars <= SUMMARY_LIMIT) for a in short]
        ),
        "summary_gold_words": _avg([a.gold_words_used for a in summaries if a.turn.gold_answer]),
        "recall_at_5": _avg([r for a in searched if (r := a.evidence_found) is not None]),
        "new_topic_as_asked": _avg(
            [float(a.answer.standalone_question == a.turn.question) for a in new_topics]
        ),
        "follow_ups_rewritten": _avg(
            [float(a.answer.standalone_question != a.turn.question) for a in follow_ups]
        ),
        "follow_ups_resolved": _avg(
            [float(a.answer.standalone_question != a.turn.question and a.right) for a in follow_ups]
        ),
    }


def always_abstain(asked: list[Asked]) -> dict[str, float | None]:
    """The figures of a system that abstains on every question, from the same items."""
    stub = [
        Asked(a.turn, Answer.abstention(a.turn.question, a.turn.question), [], a.first)
        for a in asked
    ]
    unmeasured = ("recall_at_5", "new_topic_as_asked", "follow_ups_rewritten")
    return {**figures(stub), **dict.fromkeys(unmeasured)}


# A system: (question, history, document name) -> (answer, passages searched for it).
System = Callable[[str, list[dict[str, str]], str], tuple[Answer, list[str]]]


def _ask_all(
    system: System, questions: list[Question], conversations: list[Conversation], desc: str
) -> list[Asked]:
    asked = [
        Asked(q, *system(q.question, [], q.document))
        for q in tqdm(questions, desc=desc, unit="q", leave=False)
    ]
    for conversation in tqdm(conversations, desc=desc, unit="conv", leave=False):
        history: list[dict[str, str]] = []
        for number, turn in enumerate(conversation.turns):
            answer, passages = system(turn.question, history, conversation.document)
            asked.append(Asked(turn, answer, passages, first=number == 0))
            history += [
                {"role": "user", "content": turn.question},
                {"role": "assistant", "content": answer.answer},
            ]
    return asked


def added_as(folder: Path, label: str) -> Path:
    """The file a question's ``document`` is added as (a report as its PDF, if any)."""
    pdf = (folder / label).with_suffix(".pdf")
    return pdf if label.endswith(".txt") and pdf.is_file() else folder / label


def library(
    settings: Settings, folder: Path, labels: list[str], work: Path
) -> tuple[Assistant, dict[str, str]]:
    """An assistant indexed in ``work`` whose library holds the bundled article and the
    documents ``labels`` of the set in ``folder``, with the id of each label."""
    settings = settings.model_copy(update={"data_dir": work / "data", "sources": [BUNDLED_ARTICLE]})
    assistant = Assistant(settings)
    names = {BUNDLED: assistant.list_documents()[0].id}
    for label in dict.fromkeys(labels):
        if label != BUNDLED:
            names[label] = assistant.add_document(file=added_as(folder, label)).id
    return assistant, names


def run_set(settings: Settings, folder: Path) -> dict[str, dict[str, dict[str, float | None]]]:
    """Every question and conversation of the set in ``folder`` asked of the assistant
    and the naive baseline; their figures beside always-abstain's, for questions and
    conversations, and the assistant's for the conversations asked of the whole library."""
    questions, conversations = load_set(folder)
    labels = [*(q.document for q in questions), *(c.document for c in conversations)]
    with tempfile.TemporaryDirectory() as work:
        assistant, names = library(settings, folder, labels, Path(work))
        settings = assistant.settings
        retriever = assistant.as_retriever(k=DEPTH)

        def ours_asking(whole_library: bool) -> System:
            """The assistant asked with the question's document chosen, or with none (the
            chat's default: a conversation must keep to its document by itself); the
            passages its question finds in that document either way, for recall at 5."""

            def ours(
                question: str, history: list[dict[str, str]], document: str
            ) -> tuple[Answer, list[str]]:
                chosen = None if whole_library else [names[document]]
                answer = assistant.ask(question, history=history, documents=chosen)
                scope = [assistant.get_document(names[document]).name]
                found = retriever.invoke(answer.standalone_question, k=DEPTH, sources=scope)
                return answer, [d.page_content for d in found]

            return ours

        baselines: dict[str, Any] = {}
        for label, document_id in names.items():
            info = assistant.get_document(document_id)
            text = assistant.document_text(document_id)
            source = SourceDocument(info.name, Path(work) / label, text, "")
            baselines[label] = build_baseline(
                source, assistant.embeddings, Path(work) / f"baseline-{len(baselines)}", settings
            )

        def baseline(
            question: str, history: list[dict[str, str]], document: str
        ) -> tuple[Answer, list[str]]:
            chain, dense = baselines[document]
            answer = chain.invoke({"question": question, "history": history})
            found = dense.invoke(answer.standalone_question, k=DEPTH)
            return answer, [d.page_content for d in found]

        results = {}
        for name, system in (("assistant", ours_asking(False)), ("baseline", baseline)):
            asked = _ask_all(system, questions, conversations, name)
            results[name] = asked
        unscoped = _ask_all(ours_asking(True), [], conversations, "whole library")
    report: dict[str, dict[str, dict[str, float | None]]] = {}
    for part in ("questions", "conversations"):

        def chosen(asked: list[Asked]) -> list[Asked]:
            keep = part == "questions"
            return [a for a in asked if (a.turn.category != "conversation") == keep]

        report[part] = {name: figures(chosen(a)) for name, a in results.items()}
        report[part]["always-abstain"] = always_abstain(chosen(results["assistant"]))
    # The naive baseline answers from one document; it has no whole-library reading.
    ours_unscoped = figures(unscoped)
    report[WHOLE_LIBRARY] = {
        "assistant": ours_unscoped,
        "baseline": dict.fromkeys(ours_unscoped),
        "always-abstain": always_abstain(unscoped),
    }
    return report
