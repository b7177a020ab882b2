"""The question sets written for training the reader (``training/datasets``) and the
development sets written the same way: every
evidence string and key fact is an exact span of its document, and the training reads an
answer sentence for each answerable question."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.document_sets import load_set

ROOT = Path(__file__).parent.parent
SETS = sorted((ROOT / "training" / "datasets").glob("indomain*"))
# Development sets written the same way, as plain Markdown (the others hold HTML and PDF).
MARKDOWN_DEV_SETS = [ROOT / "eval" / "datasets" / name for name in ("devdocs3", "devdocs4")]


def test_there_are_sixteen_sets() -> None:
    assert len(SETS) == 16


@pytest.mark.parametrize("folder", SETS + MARKDOWN_DEV_SETS, ids=lambda folder: folder.name)
def test_evidence_and_key_facts_are_exact_spans_of_their_document(folder: Path) -> None:
    questions, conversations = load_set(folder)
    asked = [(q.document, q) for q in questions]
    asked += [(c.document, t) for c in conversations for t in c.turns]
    assert len(asked) > 60
    for document, turn in asked:
        text = (folder / document).read_text(encoding="utf-8")
        for evidence in turn.evidence:
            assert evidence in text, (folder.name, turn.question, evidence)
        for fact in turn.key_facts:
            for alternative in fact:
                assert alternative in text, (folder.name, turn.question, alternative)
        assert turn.answerable == bool(turn.key_facts), turn.question


@pytest.mark.parametrize("folder", SETS, ids=lambda folder: folder.name)
def test_the_training_finds_each_answerable_questions_sentence(folder: Path) -> None:
    from training.train_reader import devdocs_questions

    questions, conversations = load_set(folder)
    answerable = sum(q.answerable for q in questions) + sum(
        t.answerable for c in conversations for t in c.turns
    )
    read = devdocs_questions(folder.name)
    assert sum(q.answer is not None for q in read) == answerable
