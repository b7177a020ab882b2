"""Selection: which scored sentences a fact, list or document answer quotes, and what
they bring with them (fast: an in-memory index with a word-hash stand-in for MiniLM)."""

from __future__ import annotations

from assistant.answering.candidates import ScoredSentence
from assistant.answering.evidence import Evidence
from assistant.answering.intent import Intent
from assistant.answering.selection import (
    select,
    with_context,
    with_following_answer,
    with_list_items,
    with_whole_lists,
)
from assistant.answering.strategies import Context
from assistant.answering.strategies.document import DocumentStrategy
from tests.sentence_table import TinyIndex, evidence_of, passages_of, scorer_of, tiny_index

REPORT = {
    "report.txt": [
        [("title", "The harbour report"), ("byline", "By Ann Lee, March 4, 2026")],
        [
            "The old harbour was rebuilt by the town in 2019.",
            "However, the north quay stayed closed.",
            "The old harbour was rebuilt by the town in 2019 after storms.",
        ],
        ["Boats from Norway use the harbour.", "Boats from Iceland use the harbour too."],
        ["Crab is landed on Mondays."],
    ]
}


def scored(*pairs: tuple[int, float]) -> list[ScoredSentence]:
    return [ScoredSentence(position, score) for position, score in pairs]


def test_nothing_is_selected_when_the_anchor_is_under_the_threshold() -> None:
    scorer = scorer_of(tiny_index(REPORT))
    assert select(scorer, evidence_of(scorer, "When?", scored((2, 0.3), (3, 0.29))), 0.35, 3) == []


def test_a_near_duplicate_of_a_chosen_sentence_is_left_out() -> None:
    scorer = scorer_of(tiny_index(REPORT))
    question = "When was the harbour rebuilt?"
    chosen = select(scorer, evidence_of(scorer, question, scored((2, 0.8), (4, 0.79))), 0.3, 3)
    assert [c.position for c in chosen] == [2]


def test_a_weaker_sentence_joins_a_fact_only_when_it_covers_other_question_words() -> None:
    scorer = scorer_of(tiny_index(REPORT))
    question = "When was the harbour rebuilt and what is landed on Mondays?"
    evidence = evidence_of(scorer, question, scored((2, 0.8), (7, 0.6), (5, 0.6)))
    chosen = select(scorer, evidence, 0.3, 3)
    assert [c.position for c in chosen] == [2, 7]


def test_a_question_fixing_the_form_of_its_answer_takes_only_sentences_holding_one() -> None:
    index = tiny_index(
        {
            "notice.md": [
                [
                    "Write to the customer team at help@example.org.",
                    "The customer team answers within a week.",
                    "Or email the water team at water@example.org.",
                ]
            ]
        }
    )
    scorer = scorer_of(index)
    question = "What email address does the customer team use?"
    ranked = scored((0, 0.8), (1, 0.79), (2, 0.75))
    chosen = select(scorer, evidence_of(scorer, question, ranked), 0.3, 3)
    assert [c.position for c in chosen] == [0, 2]


def test_a_list_takes_further_sentences_that_add_names() -> None:
    scorer = scorer_of(tiny_index(REPORT))
    question = "Which countries send boats?"
    evidence = evidence_of(scorer, question, scored((5, 0.8), (6, 0.6)))
    fact = select(scorer, evidence, 0.3, 3)
    as_list = select(scorer, evidence, 0.3, 3, as_list=True)
    assert [c.position for c in fact] == [5]
    assert [c.position for c in as_list] == [5, 6]


def test_a_full_list_keeps_the_sentences_read_as_naming_items_over_a_lead_in() -> None:
    import dataclasses

    scorer = scorer_of(tiny_index(REPORT))
    scorer.tuning = dataclasses.replace(scorer.tuning, list_max_sentences=2)
    question = "Which countries send boats?"
    # The reader ranks the two sentences naming countries first; the lead-in (2) shares
    # more words and scores higher as evidence, but reads as answering nothing.
    ranked = [
        ScoredSentence(5, 0.6, 0.9),
        ScoredSentence(6, 0.5, 0.8),
        ScoredSentence(2, 0.7, 0.1),
    ]
    chosen = select(scorer, evidence_of(scorer, question, ranked), 0.3, 1, as_list=True)
    assert [c.position for c in chosen] == [5, 6]


def test_a_sentence_leaning_on_the_one_before_is_quoted_with_it() -> None:
    scorer = scorer_of(tiny_index(REPORT))
    assert [c.position for c in with_context(scorer, scored((3, 0.7)))] == [2, 3]
    # not across paragraphs, and not twice
    assert [c.position for c in with_context(scorer, scored((5, 0.7)))] == [5]
    assert [c.position for c in with_context(scorer, scored((2, 0.7), (3, 0.7)))] == [2, 3]


def test_a_quoted_sentence_leaning_on_the_one_before_is_quoted_with_it() -> None:
    index = tiny_index(
        {"library.md": [["We lost the whole run of the Gazette.", "“That one hurt the most.”"]]}
    )
    assert [c.position for c in with_context(scorer_of(index), scored((1, 0.7)))] == [0, 1]


def test_a_brief_claim_brings_the_next_sentence_that_leans_on_it() -> None:
    index = tiny_index(
        {
            "bakery.txt": [
                [
                    "The new oven changed the business.",
                    "It heated faster, so Walter could bake more.",
                    "It was a long and difficult year for the whole family in the town.",
                    "It rained.",
                ]
            ]
        }
    )
    scorer = scorer_of(index)
    asked = Intent.read("What difference did the new oven make?")
    assert [c.position for c in with_following_answer(scorer, scored((0, 0.7)), asked)] == [0, 1]
    # a claim of more words stands by itself
    assert [c.position for c in with_following_answer(scorer, scored((2, 0.7)), asked)] == [2]


PLAN = {
    "plan.md": [
        [("title", "A training plan")],
        [
            "2. **Weeks 5-8: Add some speed.**",
            "Replace one easy run with a tempo session.",
            "Extend the long run to 16 km by week 8.",
            "Rest on Fridays.",
        ],
        ["Stretch after every run."],
    ]
}


def test_a_run_in_heading_is_quoted_with_the_sentences_it_heads() -> None:
    scorer = scorer_of(tiny_index(PLAN))
    assert [c.position for c in with_context(scorer, scored((1, 0.7)))] == [1, 2, 3]
    # a sentence that is not a heading brings nothing after it
    assert [c.position for c in with_context(scorer, scored((2, 0.7)))] == [2]


MILL = {
    "mill.txt": [
        [
            "The founder retired in 1990.",
            "His daughter Ana Ruiz took over.",
            "She sold the mill to Tom Hale in 2004.",
            "He closed it in 2010.",
        ]
    ]
}


def test_a_sentence_lacking_what_is_asked_brings_the_next_one_that_leans_on_it_and_has_it() -> None:
    scorer = scorer_of(tiny_index(MILL))
    who = Intent.read("Who ran the mill after the founder?")
    assert [c.position for c in with_following_answer(scorer, scored((0, 0.7)), who)] == [0, 1]
    # a sentence that names someone already brings nothing after it
    assert [c.position for c in with_following_answer(scorer, scored((2, 0.7)), who)] == [2]


RENTS = {
    "rents.md": [
        [("title", "Allotment rents")],
        [
            "| Plot size | Full rent | Concession rent |",
            "|-----------|-----------|-----------------|",
            "| Full plot | £84 | £42 |",
            "| Half plot | £46 | £23 |",
        ],
    ]
}


def test_a_table_row_is_quoted_after_its_header_row_which_is_no_answer_itself() -> None:
    index = tiny_index(RENTS)
    scorer = scorer_of(index)
    assert [c.position for c in with_context(scorer, scored((4, 0.7)))] == [1, 4]
    candidates = scorer.candidates(
        Intent.read("What is the rent for a half plot?"), passages_of(index)
    )
    assert {c.position for c in candidates} == {3, 4}  # neither the header nor "|----|"


def _about_the_document(index: object, question: str) -> list[ScoredSentence]:
    scorer = scorer_of(index)  # type: ignore[arg-type]
    strategy = DocumentStrategy(Context(index, scorer, 0.3, 3))  # type: ignore[arg-type]
    return strategy.choose(Evidence(Intent.read(question), passages_of(index), scorer))  # type: ignore[arg-type]


def test_who_wrote_it_is_answered_by_the_byline_and_the_title_by_the_title() -> None:
    index = tiny_index(REPORT)
    byline = _about_the_document(index, "Who wrote this?")
    title = _about_the_document(index, "What is the title of the report?")
    assert [index.sentences[b.position].role for b in byline] == ["byline"]
    assert [index.sentences[t.position].role for t in title] == ["title"]


def test_a_dated_byline_answers_when_it_was_published() -> None:
    index = tiny_index(REPORT)
    picked = _about_the_document(index, "When was this published?")
    assert [index.sentences[p.position].text for p in picked] == ["By Ann Lee, March 4, 2026"]


GUIDE = {
    "guide.md": [
        ["You need little kit, but three things matter:"],
        ["1. Shoes fitted at a shop.", "Expect to pay a lot.", "2. Socks.", "3. A watch."],
        ["The plan has four phases.", "Each week has a long run."],
        ["- Build the base.", "- Add speed.", "- Peak."],
        ["Rest days matter.", "Sleep well."],
    ]
}


def test_a_list_takes_a_sentence_introducing_a_list_before_others_read_as_high() -> None:
    import dataclasses

    scorer = scorer_of(tiny_index(GUIDE))
    scorer.tuning = dataclasses.replace(scorer.tuning, list_max_sentences=2)
    # the reader reads sentences that only share the question's words about as high as
    # the lead-in (0), whose items answer
    ranked = [
        ScoredSentence(10, 0.4, 0.9),
        ScoredSentence(11, 0.35, 0.85),
        ScoredSentence(0, 0.7, 0.6),
    ]
    question = "What kit do I need?"
    chosen = select(scorer, evidence_of(scorer, question, ranked), 0.3, 1, as_list=True)
    assert [c.position for c in chosen] == [0, 10]


def test_a_sentence_ending_with_a_colon_brings_the_items_of_its_list() -> None:
    index = tiny_index(GUIDE)
    quoted = with_list_items(scorer_of(index), scored((0, 0.6)))
    assert [index.sentences[q.position].text for q in quoted] == [
        "You need little kit, but three things matter:",
        "1. Shoes fitted at a shop.",
        "2. Socks.",
        "3. A watch.",
    ]


def test_a_list_item_is_quoted_after_the_sentence_introducing_its_list() -> None:
    scorer = scorer_of(tiny_index(GUIDE))
    # "2. Socks." after "Expect to pay a lot.", which goes on the first item
    assert [c.position for c in with_context(scorer, scored((3, 0.7)))] == [0, 3]
    # a list after a sentence that does not end with a colon has no lead-in
    assert [c.position for c in with_context(scorer, scored((8, 0.7)))] == [8]
    # the lead-in quoted for its item brings no other items: that item is the answer
    assert [c.position for c in with_list_items(scorer, scored((0, 0.7), (3, 0.7)))] == [0, 3]


def test_an_announced_count_brings_the_list_only_when_as_many_items_follow() -> None:
    index = tiny_index(GUIDE)
    # "four phases" but three items follow: not taken for that list
    assert [q.position for q in with_list_items(scorer_of(index), scored((5, 0.6)))] == [5]
    three = tiny_index({"g.md": [["There are three phases."], GUIDE["guide.md"][3]]})
    assert len(with_list_items(scorer_of(three), scored((0, 0.6)))) == 4


def test_a_sentence_without_a_list_after_it_is_quoted_alone() -> None:
    index = tiny_index(GUIDE)
    last = len(index.sentences) - 2
    assert [q.position for q in with_list_items(scorer_of(index), scored((last, 0.6)))] == [last]


def whole_lists(index: TinyIndex, position: int, question: str) -> list[str]:
    """The sentences ``with_whole_lists`` quotes for the sentence at ``position``."""
    quoted = with_whole_lists(scorer_of(index), scored((position, 0.6)), question)
    return [index.sentences[q.position].text for q in quoted]


def test_an_item_of_a_list_introduced_in_the_questions_words_brings_its_other_items() -> None:
    # a list answered by its third item is all its items
    index = tiny_index(GUIDE)
    assert whole_lists(index, 4, "What kit do I need?") == [
        "1. Shoes fitted at a shop.",
        "2. Socks.",
        "3. A watch.",
    ]
    assert whole_lists(index, 8, "What are the phases of the plan?") == [
        "- Build the base.",
        "- Add speed.",
        "- Peak.",
    ]
    assert whole_lists(index, 10, "Why rest?") == [index.sentences[10].text]


def test_a_row_of_a_table_whose_header_names_what_is_asked_brings_the_other_rows() -> None:
    fees = {
        "fees.md": [
            ["Fees"],
            ["| Division | Fee |", "|---|---|", "| Open | $85 |", "| Over-40 | $75 |"],
            ["Games last an hour."],
        ]
    }
    index = tiny_index(fees)
    assert whole_lists(index, 4, "Which divisions are there?") == [
        "| Open | $85 |",
        "| Over-40 | $75 |",
    ]
    assert whole_lists(index, 4, "Who plays?") == [index.sentences[4].text]


def test_an_item_of_a_list_about_something_else_comes_alone() -> None:
    index = tiny_index(GUIDE)
    quoted = with_whole_lists(scorer_of(index), scored((8, 0.6)), "Which socks are best?")
    assert [q.position for q in quoted] == [8]


PLANT = {
    "plant.txt": [
        [
            "The boss said the plant was no longer viable.",
            "Its ovens cost twice as much to run as the new ones.",
        ],
        ["Do not race again for four weeks.", "Muscles need weeks to heal, so racing hurts."],
        ["The plant opened in 1912.", "The town grew around it."],
    ]
}


def test_a_why_answer_brings_the_sentence_that_explains_its_claim() -> None:
    index = tiny_index(PLANT)
    scorer = scorer_of(index)
    why = Intent.read("Why is the plant closing?")
    assert [q.position for q in with_following_answer(scorer, scored((0, 0.6)), why)] == [0, 1]
    assert [q.position for q in with_following_answer(scorer, scored((2, 0.6)), why)] == [2, 3]
    # the next sentence neither explains nor leans back: not taken
    assert [q.position for q in with_following_answer(scorer, scored((4, 0.6)), why)] == [4]


COUNCIL = {
    "council.md": [
        [
            "Councillors attached eleven conditions to the approval.",
            "The most significant caps flights at 130 a week.",
            "Another requires the owls to be moved first.",
        ],
        ["Some residents can apply for an exemption.", "Blue Badge holders may use a hose."],
        ["The chair praised the plan.", "Work starts in March."],
        ["The last ban, in 2026, ended after eleven weeks.", "This year is drier."],
        ["Visitors will find several changes when the doors open.", "The cafe has moved."],
    ]
}


def test_a_sentence_read_as_announcing_items_in_prose_brings_the_rest_of_its_paragraph() -> None:
    index = tiny_index(COUNCIL)
    scorer = scorer_of(index)
    read = [ScoredSentence(0, 0.6, 0.9)]
    assert [q.position for q in with_list_items(scorer, read)] == [0, 1, 2]
    # a brief plain first sentence introduces what follows it too
    assert [q.position for q in with_list_items(scorer, [ScoredSentence(3, 0.6, 0.9)])] == [3, 4]
    # not read as answering, or not opening its paragraph: quoted alone
    assert [q.position for q in with_list_items(scorer, scored((0, 0.6)))] == [0]
    assert [q.position for q in with_list_items(scorer, [ScoredSentence(6, 0.6, 0.9)])] == [6]
    # a count beside names or numbers of its own measures something, it counts no items
    assert [q.position for q in with_list_items(scorer, [ScoredSentence(7, 0.6, 0.9)])] == [7]
    # "several changes" announces items however many follow
    assert [q.position for q in with_list_items(scorer, [ScoredSentence(9, 0.6, 0.9)])] == [9, 10]
    # an item told in prose and chosen already does not keep the others out
    both = [ScoredSentence(0, 0.6, 0.9), ScoredSentence(2, 0.5, 0.2)]
    assert [q.position for q in with_list_items(scorer, both)] == [0, 1, 2]
