"""Evaluation figures that need no model: SQuAD files, normalisation, answer checks."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.answers import Answer, Citation
from eval.metrics import Outcome, always_abstain, squad_normalise, summarise
from eval.question_sets import load_squad

SQUAD = {
    "version": "v2.0",
    "data": [
        {
            "title": "Tiny",
            "paragraphs": [
                {
                    "context": "The Normans lived in Normandy, a region in France.",
                    "qas": [
                        {
                            "id": "a1",
                            "question": "Where is Normandy?",
                            "answers": [{"text": "France", "answer_start": 43}],
                            "is_impossible": False,
                        }
                    ],
                },
                {
                    "context": "Rollo signed a treaty in 911.",
                    "qas": [
                        {
                            "id": "a2",
                            "question": "When did Rollo die?",
                            "answers": [],
                            "plausible_answers": [{"text": "911", "answer_start": 25}],
                            "is_impossible": True,
                        }
                    ],
                },
            ],
        }
    ],
}


def squad_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(SQUAD), encoding="utf-8")
    return path


def test_squad_paragraphs_become_one_document_with_gold_spans(tmp_path: Path) -> None:
    title, text, items = load_squad(squad_file(tmp_path))
    assert title == "Tiny"
    assert text.startswith("The Normans") and "\n\nRollo signed" in text
    answerable, impossible = items
    span = answerable.support[0]
    assert text[span.start : span.end] == "France" == span.text
    assert answerable.key_facts == [["France"]] and answerable.split == "external"
    assert not impossible.answerable and not impossible.support


def test_squad_normalisation_drops_case_punctuation_articles_and_markers() -> None:
    assert squad_normalise("The  Treaty of Saint-Clair! [1]") == "treaty of saint clair"


def outcome(tmp_path: Path, index: int, answer: str, abstained: bool) -> Outcome:
    _, text, items = load_squad(squad_file(tmp_path))
    citations = (
        []
        if abstained
        else [Citation(id=1, source="t", start=0, end=50, text=text[:50], score=1.0)]
    )
    reply = Answer(question="?", answer=answer, abstained=abstained, citations=citations)
    return Outcome(item=items[index], answer=reply, retrieved=[])


def test_has_ans_needs_the_gold_answer_inside_the_answer(tmp_path: Path) -> None:
    assert outcome(tmp_path, 0, "It lies in France. [1]", False).has_answer
    assert not outcome(tmp_path, 0, "It lies in Frances. [1]", False).has_answer
    assert not outcome(tmp_path, 0, "The article does not say.", True).has_answer


def test_overall_averages_has_ans_and_no_ans_beside_always_abstain(tmp_path: Path) -> None:
    outcomes = [
        outcome(tmp_path, 0, "In France. [1]", False),
        outcome(tmp_path, 1, "In 911. [1]", False),
    ]
    figures = summarise(outcomes)
    assert (figures["has_ans"], figures["no_ans"], figures["overall"]) == (1.0, 0.0, 0.5)
    assert figures["gold_citation_precision"] == 1.0
    trivial = always_abstain([o.item for o in outcomes])
    assert (trivial["has_ans"], trivial["no_ans"], trivial["overall"]) == (0.0, 1.0, 0.5)
