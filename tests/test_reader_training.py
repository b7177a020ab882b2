"""The reader's training loss (``training.train_reader.list_loss``): listwise over a
question's sentences and "none of these", and the calibration term that puts every
sentence that does not answer under "none"; the training sets it reads, and a run resumed
from its checkpoint."""

from __future__ import annotations

from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from training.train_reader import list_loss  # noqa: E402

NONE = torch.tensor([0.0])


def test_the_listwise_loss_is_low_when_the_answer_leads_and_high_when_none_should() -> None:
    answer_leads = torch.tensor([4.0, -3.0, -3.0])
    assert list_loss(answer_leads, NONE, [1.0, 0.0, 0.0]) < 0.1
    # The same readings for a question no sentence answers: "none" was the target.
    assert list_loss(answer_leads, NONE, [0.0, 0.0, 0.0]) > 3.0


def test_calibration_charges_a_non_answer_read_above_none() -> None:
    # The answer leads its list, so the listwise loss alone hardly minds that the other
    # sentence also reads above "none" (its sigmoid near 0.95): calibration does.
    drifted = torch.tensor([6.0, 3.0])
    kept_under = torch.tensor([6.0, -3.0])
    wanted = [1.0, 0.0]
    assert list_loss(drifted, NONE, wanted) < 0.1
    assert list_loss(drifted, NONE, wanted, calibration=1.0) > 1.0
    assert list_loss(kept_under, NONE, wanted, calibration=1.0) < 0.1


def test_the_loss_carries_gradients_to_the_readings_and_none() -> None:
    logits = torch.tensor([1.0, 2.0], requires_grad=True)
    none = torch.tensor([0.5], requires_grad=True)
    list_loss(logits, none, [1.0, 0.0], calibration=1.0).backward()
    assert logits.grad is not None and logits.grad[0] < 0 < logits.grad[1]
    assert none.grad is not None


def test_the_devdocs_questions_train_on_the_sentence_holding_their_evidence() -> None:
    from training.train_reader import Hyperparameters, devdocs_questions, in_domain_lists

    questions = devdocs_questions()
    answerable = [q for q in questions if q.answer is not None]
    assert len(answerable) > 100 and len(questions) > len(answerable)
    first = answerable[0]
    assert "Brannock Foods will close its biscuit factory" in first.sentences[first.answer]
    params = Hyperparameters(devdocs_repeats=3, negatives=3, article_negatives=2)
    lists = in_domain_lists([first], params)
    assert len(lists) == 3
    for question, sentences, labels in lists:
        assert question == first.question
        assert labels == [1.0, 0.0, 0.0, 0.0, 0.0, 0.0]
        assert sentences[0] == first.sentences[first.answer]
    # Other negatives each time: the random ones differ between repeats.
    assert len({tuple(s[3:]) for _, s, _ in lists}) > 1


def test_one_document_of_a_development_set_can_train_without_the_others() -> None:
    from training.train_reader import devdocs_questions

    guide = devdocs_questions("devdocs2/guide.md")
    whole = devdocs_questions("devdocs2")
    assert guide and len(whole) > len(guide)
    assert {q.article for q in guide} == {"devdocs2:guide.md"}


def test_a_list_questions_other_items_are_never_its_negatives() -> None:
    from training.train_reader import Hyperparameters, devdocs_questions, in_domain_lists

    questions = devdocs_questions("indomain3")
    listed = next(q for q in questions if q.answer is not None and len(q.also) >= 2)
    params = Hyperparameters(devdocs_repeats=4, negatives=40, also_answers=0)
    items = {listed.sentences[i] for i in listed.also}
    for _, sentences, labels in in_domain_lists([listed], params):
        assert labels[0] == 1.0 and not items & set(sentences[1:])
    # ... unless they join as answers.
    params = Hyperparameters(devdocs_repeats=4, negatives=40, also_answers=2)
    for _, sentences, labels in in_domain_lists([listed], params):
        assert labels[:3] == [1.0, 1.0, 1.0] and sum(labels) == 3
        assert set(sentences[1:3]) <= items


def test_hard_negatives_are_what_a_reader_reads_highest_of_the_sentences_not_answering(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import assistant.answering.reader as reader
    from training.train_reader import Hyperparameters, devdocs_questions, in_domain_lists, mine

    question = next(q for q in devdocs_questions() if q.answer is not None and q.also)
    cache = tmp_path / "hard-negatives.json"
    params = Hyperparameters(
        devdocs_repeats=3, negatives=2, article_negatives=0, also_answers=0, hard_negatives=2
    )
    (mined,) = mine([question], params, reader.READER_DIR, cache)
    assert mined.hard and not {question.answer, *question.also} & set(mined.hard)
    # remembered: a rerun (a resumed training) reads nothing again
    monkeypatch.setattr(reader, "load_reader", lambda *_: pytest.fail("read again"))
    assert mine([question], params, reader.READER_DIR, cache) == [mined]
    hard = [mined.sentences[i] for i in mined.hard[:2]]
    for _, sentences, labels in in_domain_lists([mined], params):
        # in every repeat, beside the answer and the random ones, labelled as not answering
        assert sentences[1:3] == hard and labels == [1.0, 0.0, 0.0, 0.0, 0.0]


def test_an_unanswerable_training_question_has_its_written_near_miss() -> None:
    from eval.document_sets import load_set
    from training.train_reader import TRAINING_DATASETS, devdocs_questions

    written, _ = load_set(TRAINING_DATASETS / "indomain1")
    near = next(q for q in written if not q.answerable and q.evidence)
    asked = next(q for q in devdocs_questions("indomain1") if q.question == near.question)
    assert asked.answer is None and asked.near_miss is not None
    assert near.evidence[0][:60] in asked.sentences[asked.near_miss]


def test_each_sentence_is_read_with_the_one_before_it_in_its_paragraph() -> None:
    from training.train_reader import Hyperparameters, Question

    question = Question(
        "Harbour",
        "When did it reopen?",
        ("The harbour was rebuilt in 2019.", "It reopened in May 2020."),
        1,
        None,
        ("Boats land crab there.",),
        ("", "The harbour was rebuilt in 2019."),
        ("Norwegian boats use the harbour.",),
    )
    assert question.inputs(Hyperparameters(previous_sentence=True)) == [
        "The harbour was rebuilt in 2019.",
        "It reopened in May 2020. [SEP] The harbour was rebuilt in 2019.",
        "Boats land crab there. [SEP] Norwegian boats use the harbour.",
    ]
    assert question.inputs(Hyperparameters()) == [*question.sentences, *question.elsewhere]


def test_a_table_rows_answer_is_trained_on_as_the_reader_reads_it() -> None:
    from eval.document_sets import load_set
    from training.train_reader import TRAINING_DATASETS, devdocs_questions

    written, _ = load_set(TRAINING_DATASETS / "indomain13")
    looked_up = next(q for q in written if q.answerable and q.evidence[0].startswith("|"))
    asked = next(q for q in devdocs_questions("indomain13") if q.question == looked_up.question)
    assert asked.answer is not None
    row = asked.sentences[asked.answer]
    first_cell = looked_up.evidence[0].strip("|").split("|")[0].strip()
    # "Plot type: Half plot; Approximate size: ...": each cell after its column's header
    assert not row.startswith("|") and f": {first_cell};" in row


def test_a_follow_up_with_words_of_its_own_is_trained_on_as_asked_too() -> None:
    from eval.document_sets import load_set
    from index.text import content_words
    from training.train_reader import TRAINING_DATASETS, devdocs_questions

    _, conversations = load_set(TRAINING_DATASETS / "indomain16")
    follow_ups = [t for c in conversations for t in c.turns if t.followup]
    plain = {q.question for q in devdocs_questions("indomain16")}
    with_asked = {q.question for q in devdocs_questions("indomain16", as_asked=True)}
    unworded = [t.question for t in follow_ups if not content_words(t.question)]
    # "Why?", "Where is it now?": no words of their own, only their rewrite is trained on
    assert "Why?" in unworded and not set(unworded) & with_asked
    worded = [t.question for t in follow_ups if content_words(t.question)]
    assert set(worded) - plain and set(worded) <= with_asked


def test_a_run_resumes_from_its_checkpoint_with_the_none_of_these_logit(tmp_path: Path) -> None:
    from dataclasses import replace

    from training.train_reader import Hyperparameters, base_model, train

    params = replace(Hyperparameters(), layers=1, max_length=32, questions_per_step=2)
    lists = [
        (f"Who founded the club in {year}?", ["It was founded by Ann.", "It rained."], [1.0, 0.0])
        for year in range(1990, 1994)
    ]
    first = base_model(params, "cpu")
    train(first, lists, params, tmp_path, budget_minutes=10, save_steps=1)
    trained_none = first.model.none_logit.item()
    assert trained_none != 0.0
    again = base_model(params, "cpu")
    assert again.model.none_logit.item() == 0.0
    train(again, lists, params, tmp_path, budget_minutes=10, save_steps=1)
    assert again.model.none_logit.item() == pytest.approx(trained_none)


def test_with_headings_each_in_domain_sentence_is_read_after_the_heading_it_stands_under() -> None:
    from training.train_reader import Hyperparameters, devdocs_questions

    question = next(q for q in devdocs_questions("devdocs/guide.md") if q.answer is not None)
    texts = question.inputs(Hyperparameters(heading=True))
    first = question.sentences.index("## Before You Start")
    # the title is not a heading: the sentences up to the first "##" read alone
    assert texts[: first + 1] == list(question.sentences[: first + 1])
    assert texts[first + 1] == f"{question.sentences[first + 1]} [SEP] Before You Start"
    kit = question.sentences.index("## Kit You Actually Need")
    assert texts[kit] == "## Kit You Actually Need [SEP] Before You Start"
    assert texts[kit + 1] == f"{question.sentences[kit + 1]} [SEP] Kit You Actually Need"
    assert question.inputs(Hyperparameters()) == list(question.sentences)


def test_a_run_of_another_seed_holds_out_the_same_squad_articles() -> None:
    from training.train_reader import Hyperparameters, held_out_titles

    shipped = held_out_titles(Hyperparameters())
    assert held_out_titles(Hyperparameters(seed=31)) == shipped
    assert len(shipped) == Hyperparameters.held_out_articles
