"""Candidate sentences: evidence scores, anchoring on what the answer must hold, off-topic
questions (fast: an in-memory index with a word-hash stand-in for MiniLM)."""

from __future__ import annotations

from assistant.answering.intent import Intent
from tests.sentence_table import passages_of, scorer_of, tiny_index

HARBOUR = {
    "harbour.txt": [
        [
            "The harbour of Port Ellen was rebuilt in 2019 for twelve million pounds.",
            "It reopened to ferries in May 2020.",
        ],
        [
            "Fishing boats from Norway use the harbour.",
            "Boats from Iceland and Ireland land crab there.",
        ],
        ["The council plans a marina because demand for moorings has doubled."],
    ]
}


def test_the_sentence_sharing_the_question_words_scores_first() -> None:
    index = tiny_index(HARBOUR)
    scored = scorer_of(index).score_sentences(
        Intent.read("Why does the council plan a marina?"), passages_of(index)
    )
    assert index.sentences[scored[0].position].text.startswith("The council plans a marina")
    assert [s.score for s in scored] == sorted((s.score for s in scored), reverse=True)


def test_a_question_word_in_a_sentences_heading_counts_as_its_own() -> None:
    index = tiny_index(
        {
            "guide.md": [
                [("heading", "## Kit you need")],
                ["Buy shoes that fit well."],
                [("heading", "## Race day")],
                ["Buy a drink at the stall."],
            ]
        }
    )
    scored = scorer_of(index).score_sentences(
        Intent.read("What kit should I buy?"), passages_of(index)
    )
    assert [index.sentences[s.position].text for s in scored][:2] == [
        "Buy shoes that fit well.",
        "Buy a drink at the stall.",
    ]
    assert scored[0].score > scored[1].score


def test_a_follow_up_is_scored_on_the_users_own_words() -> None:
    index = tiny_index(HARBOUR)
    scorer = scorer_of(index)
    condensed = "Which boats use the harbour? (When was the harbour rebuilt?)"
    focused = scorer.score_sentences(
        Intent.read("Which boats use it?", condensed), passages_of(index)
    )
    assert "boats" in index.sentences[focused[0].position].text.lower()


def test_a_quantity_question_is_anchored_on_a_sentence_stating_one() -> None:
    index = tiny_index(HARBOUR)
    scorer = scorer_of(index)
    question = "How much did rebuilding the harbour cost?"
    scored = scorer.candidates(Intent.read(question), passages_of(index))
    assert "twelve million pounds" in index.sentences[scored[0].position].text


def test_without_a_sentence_holding_the_asked_figure_there_is_no_evidence() -> None:
    index = tiny_index({"no-figures.txt": HARBOUR["harbour.txt"][1:]})
    question = "What is the exact number of boats?"
    assert scorer_of(index).candidates(Intent.read(question), passages_of(index)) == []


def test_without_a_sentence_holding_the_form_of_value_asked_there_is_no_evidence() -> None:
    index = tiny_index(
        {
            "desk.txt": [
                ["You can email photographs of a problem tree to our team."],
                ["The plant care desk is open from 10am to 4pm."],
            ]
        }
    )
    scorer = scorer_of(index)
    asked_email = Intent.read("What email address do I send photos to?")
    assert scorer.candidates(asked_email, passages_of(index)) == []
    asked_time = Intent.read("What time does the desk open?")
    scored = scorer.candidates(asked_time, passages_of(index))
    assert "10am" in index.sentences[scored[0].position].text


def test_a_list_is_chosen_from_the_whole_document_not_only_the_passages() -> None:
    index = tiny_index(HARBOUR)
    question = "Which countries do the boats come from?"
    scored = scorer_of(index).candidates(Intent.read(question), passages_of(index)[:1])
    assert {index.sentences[s.position].paragraph for s in scored} == {0, 1, 2}


def test_a_name_the_documents_never_mention_makes_a_question_off_topic() -> None:
    scorer = scorer_of(tiny_index(HARBOUR))
    assert scorer.unknown_terms("Who is Olaf Grimsson?") == {"olaf", "grimsson"}
    assert scorer.off_topic("Who is Olaf Grimsson?", best_score=0.9)
    # "Icelandic" shares its first five letters with "Iceland": not unknown.
    assert not scorer.unknown_terms("Do Icelandic boats use the harbour?")


def test_the_count_of_items_a_list_asks_for_is_no_unknown_figure() -> None:
    from assistant.answering.evidence import Evidence

    index = tiny_index(HARBOUR)  # no "three" anywhere
    scorer = scorer_of(index)
    question = "Name three countries whose boats use the harbour."
    assert scorer.unknown_terms(question) == {"three"}
    evidence = Evidence(Intent.read(question), passages_of(index), scorer)
    assert not evidence.off_topic
    # a figure the question asks about is still one
    asked = Intent.read("Which boats used the harbour three times?")
    assert Evidence(asked, passages_of(index), scorer).off_topic


def test_a_decade_is_mentioned_when_the_documents_give_a_year_in_it() -> None:
    scorer = scorer_of(tiny_index(HARBOUR))  # the harbour was rebuilt in 2019
    assert not scorer.unknown_terms("What happened to the harbour in the 2010s?")
    assert not scorer.unknown_terms("What was rebuilt in the late 10s?")
    assert scorer.unknown_terms("What happened to the harbour in the 1990s?") == {"1990s"}


def test_foreign_words_are_off_topic_only_when_no_sentence_comes_near() -> None:
    scorer = scorer_of(tiny_index(HARBOUR))
    question = "what vaccines do toddlers need"
    assert scorer.unfamiliar_share(question) == 1.0
    assert scorer.off_topic(question, best_score=0.1)
    assert not scorer.off_topic(question, best_score=0.5)


class FixedReader:
    """A stand-in for the trained reader (named as a fake): it reads the sentence that
    names a year as the answer, every other as not."""

    def __init__(self, reads_previous: bool = True, reads_heading: bool = False) -> None:
        self.reads_previous = reads_previous
        self.reads_heading = reads_heading
        self.context: dict[str, str] = {}

    def scores(self, question: str, sentences: list[str], context: list[str] | None) -> list[float]:
        self.context.update(zip(sentences, context or ["(none given)"] * len(sentences)))
        return [0.9 if "2020" in s else 0.1 for s in sentences]


def test_with_the_reader_its_answer_ranks_first_and_keeps_its_own_evidence_score() -> None:
    from assistant.answering.candidates import SentenceScorer

    index = tiny_index(HARBOUR)
    plain = scorer_of(index)
    read = SentenceScorer(index, plain.encoder, FixedReader())  # type: ignore[arg-type]
    question = Intent.read("When was the harbour rebuilt?")
    without = plain.score_sentences(question, passages_of(index))
    within = read.score_sentences(question, passages_of(index))
    assert index.sentences[within[0].position].text == "It reopened to ferries in May 2020."
    assert index.sentences[without[0].position].text != "It reopened to ferries in May 2020."
    by_position = {s.position: s.score for s in without}
    assert all(s.score == by_position[s.position] for s in within)
    assert within[0].reading == 0.9 and without[0].reading is None


def test_the_reader_reads_only_the_best_candidates_by_evidence_the_rest_follow_unread() -> None:
    from assistant.answering.candidates import SentenceScorer
    from assistant.tuning import AnswerTuning

    index = tiny_index(HARBOUR)
    plain = scorer_of(index)
    capped = SentenceScorer(
        index,
        plain.encoder,
        FixedReader(),  # type: ignore[arg-type]
        AnswerTuning(reader_candidates=2),
    )
    question = Intent.read("When was the harbour rebuilt?")
    by_evidence = plain.score_sentences(question, passages_of(index))
    ranked = capped.score_sentences(question, passages_of(index))
    assert {s.position for s in ranked[:2]} == {s.position for s in by_evidence[:2]}
    assert all(s.reading is not None for s in ranked[:2])
    assert ranked[2:] == by_evidence[2:]  # unread, in evidence order


def test_the_reader_is_given_the_sentence_before_each_one_in_its_paragraph() -> None:
    from assistant.answering.candidates import SentenceScorer

    index = tiny_index(HARBOUR)
    reader = FixedReader()
    scorer = SentenceScorer(index, scorer_of(index).encoder, reader)  # type: ignore[arg-type]
    scorer.score_sentences(Intent.read("When did it reopen?"), passages_of(index))
    texts = [s.text for s in index.sentences]
    # "It reopened ..." reads with the harbour's sentence; a paragraph's first with none.
    assert reader.context == dict(zip(texts, ["", texts[0], "", texts[2], ""]))


GUIDE = {
    "guide.md": [
        [("title", "Ferry guide")],
        ["Tickets are sold on board."],
        [("heading", "## Winter timetable")],
        ["Boats leave at nine.", "They return at four."],
    ]
}


def test_a_reader_trained_on_headings_is_given_the_heading_each_sentence_stands_under() -> None:
    from assistant.answering.candidates import SentenceScorer

    index = tiny_index(GUIDE)
    reader = FixedReader(reads_previous=False, reads_heading=True)
    scorer = SentenceScorer(index, scorer_of(index).encoder, reader)  # type: ignore[arg-type]
    scorer.score_sentences(Intent.read("When do boats leave in winter?"), passages_of(index))
    # the words of the heading, without its marks; none before the first heading
    assert reader.context["Boats leave at nine."] == "Winter timetable"
    assert reader.context["They return at four."] == "Winter timetable"
    assert reader.context["Tickets are sold on board."] == ""


def test_a_reader_trained_on_sentences_alone_is_given_no_context() -> None:
    from assistant.answering.candidates import SentenceScorer

    index = tiny_index(GUIDE)
    reader = FixedReader(reads_previous=False)
    scorer = SentenceScorer(index, scorer_of(index).encoder, reader)  # type: ignore[arg-type]
    scorer.score_sentences(Intent.read("When do boats leave in winter?"), passages_of(index))
    assert set(reader.context.values()) == {"(none given)"}


class FlatReader:
    """A stand-in for the trained reader (named as a fake) that reads every sentence as
    equally likely to answer."""

    reads_previous = False
    reads_heading = False

    def scores(self, question: str, sentences: list[str], context: None) -> list[float]:
        return [0.5 for _ in sentences]


def test_a_follow_ups_candidates_beside_the_previous_answer_are_read_and_rank_higher() -> None:
    import dataclasses

    from assistant.answering.candidates import SentenceScorer
    from assistant.tuning import AnswerTuning

    index = tiny_index(HARBOUR)
    tuning = AnswerTuning(previous_window=1)
    scorer = SentenceScorer(index, scorer_of(index).encoder, FlatReader(), tuning)  # type: ignore[arg-type]
    marina = passages_of(index)[2:]  # only the marina's paragraph was retrieved
    asked = Intent.read("And what is planned?", "And what is planned? (When did it reopen?)")
    alone = scorer.score_sentences(asked, marina)
    assert [index.sentences[s.position].text for s in alone] == [
        "The council plans a marina because demand for moorings has doubled."
    ]
    said = "It reopened to ferries in May 2020. [1]"
    following = dataclasses.replace(asked, previous_answer=said)
    beside = scorer.score_sentences(following, marina)
    # the quoted sentence and one each side of it are read too, and rank first
    assert {s.position for s in beside} == {0, 1, 2, 4}
    assert {s.position for s in beside[:3]} == {0, 1, 2}
    assert all(s.reading == 0.5 for s in beside)
