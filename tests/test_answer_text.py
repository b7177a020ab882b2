"""An answer's text is composed one way: sentences with markers, then numbered sources."""

from __future__ import annotations

from assistant.answers import Answer, AnswerSentence, Citation, compose


def answer() -> Answer:
    citations = [
        Citation(id=1, source="a.txt", start=0, end=10, text="First one.", score=0.9),
        Citation(id=2, source="a.txt", start=11, end=22, text="Second one.", score=0.5),
    ]
    sentences = [
        AnswerSentence(text="First one.", citation_ids=[1], supported=True),
        AnswerSentence(text="Second one.", citation_ids=[1, 2], supported=True),
        AnswerSentence(text="Unverified.", citation_ids=[], supported=False),
    ]
    return Answer(
        question="Q?",
        answer=compose(sentences),
        abstained=False,
        citations=citations,
        sentences=sentences,
    )


def test_sentences_are_followed_by_their_markers() -> None:
    assert answer().answer == "First one. [1] Second one. [1][2] Unverified."


def test_partials_grow_one_sentence_at_a_time_and_end_complete() -> None:
    full = answer()
    partials = list(full.partials())
    assert [p.answer for p in partials[:2]] == [
        "First one. [1]",
        "First one. [1] Second one. [1][2]",
    ]
    assert [c.id for c in partials[0].citations] == [1]
    assert partials[-1] == full


def test_with_sources_lists_each_citation_with_its_span() -> None:
    text = answer().with_sources()
    assert text.startswith("First one. [1] Second one. [1][2] Unverified.\n\nSources:\n")
    assert "  [2] a.txt:11-22 (score 0.50)\n      Second one." in text


def test_answer_without_citations_has_no_sources_block() -> None:
    bare = Answer(question="Q?", answer="The article does not say.", abstained=True)
    assert bare.with_sources() == "The article does not say."


def test_an_abstention_names_the_documents_searched_once() -> None:
    bare = Answer(question="Q?", answer="The article does not say.", abstained=True)
    assert bare.naming_searched(["notes.txt"]).answer == "notes.txt does not say."
    many = bare.naming_searched(["a", "b", "c", "d", "e", "f"]).answer
    assert many == "None of the selected documents (a, b, c, d and 2 more) says."
    answered = Answer(question="Q?", answer="Yes. [1]", abstained=False)
    assert answered.naming_searched(["a"]) is answered
