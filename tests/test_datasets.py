"""The question set is well-formed: gold spans point at their quoted text."""

from __future__ import annotations

from eval.question_sets import load_items


def test_gold_support_spans_point_at_the_quoted_text(article_text: str) -> None:
    for item in load_items():
        for span in item.support:
            assert article_text[span.start : span.end] == span.text, item.id


def test_answerable_items_have_support_and_unanswerable_have_none() -> None:
    for item in load_items():
        assert bool(item.support) == item.answerable, item.id


def test_ids_are_unique_and_both_splits_are_used() -> None:
    items = load_items()
    assert len({i.id for i in items}) == len(items)
    assert {i.split for i in items} == {"dev", "dev2"}
