"""The answers on the tuned-on question sets, kept as a frozen copy.

A change to how the answer path is built (not to what it does) must leave every answer
on dev, dev2 and devdocs as it was; ``tests/test_frozen_answers.py`` asks them all again
and compares with ``tests/fixtures/frozen_answers.json``. After a change meant to alter
answers, measured with ``assistant eval``, write the copy again:

    python -m tests.frozen_answers
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from assistant.answers import Answer
from assistant.settings import Settings
from eval.document_sets import BUNDLED, DOCUMENT_SETS, library, load_set
from eval.question_sets import load_items

FROZEN = Path(__file__).resolve().parent / "fixtures" / "frozen_answers.json"


def shown(answer: Answer) -> dict[str, Any]:
    """What a user is shown of an answer: its text, the question searched and each
    citation's document and span."""
    return {
        "answer": answer.answer,
        "standalone": answer.standalone_question,
        "citations": [[c.source, c.start, c.end] for c in answer.citations],
    }


def answers(settings: Settings, work: Path) -> dict[str, Any]:
    """Every dev and dev2 question (of the bundled article) and every devdocs question
    and conversation turn (of its own document), asked of one library."""
    folder = DOCUMENT_SETS["devdocs"]
    questions, conversations = load_set(folder)
    labels = [BUNDLED, *(q.document for q in questions), *(c.document for c in conversations)]
    assistant, ids = library(settings, folder, labels, work)
    found: dict[str, Any] = {}
    for item in load_items():
        asked = assistant.ask(item.question, history=item.history, documents=[ids[BUNDLED]])
        found[f"{item.split}/{item.id}"] = shown(asked)
    for question in questions:
        asked = assistant.ask(question.question, documents=[ids[question.document]])
        found[f"devdocs/{question.id}"] = shown(asked)
    for conversation in conversations:
        history: list[dict[str, str]] = []
        for number, turn in enumerate(conversation.turns):
            asked = assistant.ask(
                turn.question, history=history, documents=[ids[conversation.document]]
            )
            found[f"devdocs/{conversation.id}/{number}"] = shown(asked)
            history += [
                {"role": "user", "content": turn.question},
                {"role": "assistant", "content": asked.answer},
            ]
    return found


def current() -> dict[str, Any]:
    """The answers the code gives now, with the default settings in a fresh library."""
    with tempfile.TemporaryDirectory() as work:
        return answers(Settings(), Path(work))


def main() -> int:
    FROZEN.write_text(json.dumps(current(), indent=1, ensure_ascii=False) + "\n", "utf-8")
    sys.stderr.write(f"wrote {FROZEN}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
