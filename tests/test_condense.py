"""Follow-up questions are searched with the previous question's context."""

from __future__ import annotations

from typing import Any

import pytest

from assistant import condense as condensing
from assistant.conversation import normalise_history, own_part


def condense(question: str, history: Any) -> str:
    """The offline rewrite of ``question`` after ``history`` in any shape callers send."""
    return condensing.condense(question, normalise_history(history))


def test_question_without_history_is_unchanged() -> None:
    assert condense("Who wrote it?", None) == "Who wrote it?"


def test_a_pronoun_is_replaced_by_the_previous_questions_topic_in_words() -> None:
    history = [
        {"role": "user", "content": "When did the harbour wall collapse?"},
        {"role": "assistant", "content": "In 1953. [1]"},
    ]
    assert condense("Who rebuilt it?", history) == "Who rebuilt the harbour wall?"


def test_the_topic_leaves_out_a_main_verb_the_tagger_reads_as_a_noun() -> None:
    # "cost" after "will" is read as a noun: the topic is the scheme, not "the scheme cost"
    history = [
        {"role": "user", "content": "How much will the scheme cost to set up?"},
        {"role": "assistant", "content": "About 2.1 million pounds. [1]"},
    ]
    assert condense("Who pays for it?", history) == "Who pays for the scheme?"


def test_a_pronoun_stands_for_a_phrase_of_its_own_number() -> None:
    history = [
        {"role": "user", "content": "Why is Russia using foreign soldiers?"},
        {"role": "assistant", "content": "To avoid another mobilization. [1]"},
    ]
    assert condense("How much are they paid?", history) == "How much are foreign soldiers paid?"
    assert condense("What did Zelensky say about it?", history) == (
        "What did Zelensky say about Russia?"
    )


def test_an_ellipsis_is_searched_with_the_previous_question_in_words() -> None:
    history = [{"role": "user", "content": "How many foreign recruits fight for Russia?"}]
    assert condense("And from Nepal?", history) == (
        "And from Nepal? (How many foreign recruits fight for Russia?)"
    )


def test_a_chain_of_follow_ups_keeps_the_first_topic() -> None:
    history = [
        {"role": "user", "content": "Who designed the new ferry terminal?"},
        {"role": "user", "content": "When did it open?"},
    ]
    assert condense("How much did it cost?", history) == (
        "How much did the new ferry terminal cost?"
    )


@pytest.mark.parametrize(
    "question",
    [
        "What did the US special envoy to Yemen report about weapons transfers?",
        "Why does Russia recruit foreigners?",
        "Who wrote this?",
        "What is this article about?",
        "Who founded the company and when did it open?",
        "Did the council meet its budget target?",
        "Is there a fee for the museum?",
        "Which company said it would close the plant?",
        "Why did the company sell itself?",
        "Did anyone lose their job?",
        "And how much will the new depot cost to build?",
        "But when does the new library open?",
    ],
)
def test_a_self_contained_question_is_searched_exactly_as_asked(question: str) -> None:
    history = [{"role": "user", "content": "How many foreign recruits fight for Russia?"}]
    assert not condensing.is_follow_up(question)
    assert condense(question, history) == question


@pytest.mark.parametrize(
    "question",
    [
        "And how much did it cost?",
        "What about the second one?",
        "Why?",
        "How many have died?",
        "Who voted against that?",
        "What happened to that building?",
        "How many people live there?",
        "What could the council gain from it?",
        "How often should I do that then?",
        "why the delay",
        "Which brand does she recommend?",
        "When is the public meeting he mentioned?",
        "Who runs the company that built it?",
    ],
)
def test_a_question_that_cannot_stand_alone_is_a_follow_up(question: str) -> None:
    assert condensing.is_follow_up(question)


def test_tuple_history_is_understood() -> None:
    assert condense("What about them?", [("Who are the Houthis?", "A group.")]) == (
        "What about the Houthis? (Who are the Houthis?)"
    )


def rewriting_with(reply: str) -> str:
    """The follow-up below as a fake chat model (LangChain's FakeListChatModel) rewrites
    it, after our checks."""
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from assistant.condense import LLMCondenser

    history = [
        {"role": "user", "content": "How many foreigners has Russia granted citizenship?"},
        {"role": "assistant", "content": "More than 3,000 foreigners. [1]"},
    ]
    condenser = LLMCondenser(FakeListChatModel(responses=[reply]), max_chars=2000)
    return condenser("And how many from Nepal?", normalise_history(history))


def test_model_rewrite_that_resolves_the_follow_up_is_used() -> None:
    rewrite = "How many people from Nepal has Russia granted citizenship?"
    assert rewriting_with(f"Standalone question: {rewrite}\n") == rewrite


def test_model_rewrite_that_echoes_the_question_is_replaced_by_the_offline_one() -> None:
    assert rewriting_with("And how many from Nepal?") == (
        "And how many from Nepal? (How many foreigners has Russia granted citizenship?)"
    )


def test_model_rewrite_that_drops_a_name_of_the_question_is_refused() -> None:
    assert "Nepal" in rewriting_with("How many foreigners has Russia granted citizenship?")


def test_the_topic_is_the_subject_not_the_thing_asked_for() -> None:
    history = [{"role": "user", "content": "How many ships did the Navy build?"}]
    assert condense("Why did it build them?", history) == "Why did the Navy build them?"


def test_he_or_she_after_a_who_question_is_the_person_its_answer_named() -> None:
    history = [
        {"role": "user", "content": "Who runs the bakery?"},
        {
            "role": "assistant",
            "content": "In a statement, owner Martin Hale said it would close. [1]",
        },
    ]
    assert condense("What did he say about the staff?", history) == (
        "What did owner Martin Hale say about the staff?"
    )


def test_they_as_subject_after_a_question_asking_for_its_subject_is_the_answer() -> None:
    history = [
        {"role": "user", "content": "Which country sent troops to fight for Russia?"},
        {"role": "assistant", "content": "North Korea sent about 11,000 troops. [1]"},
    ]
    assert condense("How many did they send?", history) == "How many did North Korea send?"
    # Paid, they are what was sent, not who sent them.
    assert condense("How much are they paid?", history) == "How much are troops paid?"


def test_he_or_she_is_never_a_firm_or_a_place_the_answer_named() -> None:
    history = [
        {"role": "user", "content": "Who started Lanyon's Bakery?"},
        {
            "role": "assistant",
            "content": "In 2003 the bakery won a prize at the Westcountry Larder Awards. [1]",
        },
    ]
    assert condense("What did he do before that?", history) == (
        "What did he do before that? (Who started Lanyon's Bakery?)"
    )


def test_it_is_never_whom_a_who_is_question_asked_about() -> None:
    history = [
        {"role": "user", "content": "Why did the lido close?"},
        {"role": "assistant", "content": "The pool closed in September 2023. [1]"},
        {"role": "user", "content": "Who is the manager?"},
        {"role": "assistant", "content": "The lido's manager, Dana Okafor, said so. [1]"},
    ]
    assert condense("Who paid for it?", history) == "Who paid for the lido?"
    assert condense("What did she say?", history) == "What did Dana Okafor say?"


def test_these_days_means_now_not_something_said_before() -> None:
    history = [
        {"role": "user", "content": "When did the harbour wall collapse?"},
        {"role": "assistant", "content": "In 1953. [1]"},
    ]
    question = "Who runs Lanyon's Bakery these days?"
    assert condense(question, history) == question


def test_he_or_she_is_one_person_never_a_plural_phrase() -> None:
    history = [
        {"role": "user", "content": "What are people worried about?"},
        {"role": "assistant", "content": "Some regulars worry it will be hard to reach. [1]"},
    ]
    rewritten = condense("What's she doing about it?", history)
    assert "people" not in own_part(rewritten)[0]
    assert own_part(rewritten)[0] != rewritten  # searched with the conversation instead


@pytest.mark.parametrize(
    "question", ["Why's that?", "Who ran that one?", "Why are those two shut?"]
)
def test_a_demonstrative_with_no_phrase_to_stand_for_keeps_the_previous_question(
    question: str,
) -> None:
    # "that one" and "those two" name their own thing; "Why's that?" means what was said.
    history = [{"role": "user", "content": "Which site has the shortest wait?"}]
    assert condense(question, history) == f"{question} (Which site has the shortest wait?)"


def test_how_many_are_there_asks_where_the_conversation_was() -> None:
    history = [{"role": "user", "content": "Which site has the shortest wait?"}]
    assert condense("How many plots are there?", history) == (
        "How many plots are there? (Which site has the shortest wait?)"
    )
    assert condense("Is there parking?", history) == "Is there parking?"


def test_it_is_never_a_persons_name() -> None:
    history = [
        {"role": "user", "content": "Where did Peter Lanyon open the cookery school?"},
        {"role": "assistant", "content": "In Bristol. [1]"},
    ]
    assert condense("What was it called?", history) == "What was the cookery school called?"


def test_it_after_a_who_question_is_still_that_questions_topic() -> None:
    history = [
        {"role": "user", "content": "Who designed the ferry terminal?"},
        {"role": "assistant", "content": "The architect Jane Doe designed it. [1]"},
    ]
    assert condense("When did it open?", history) == "When did the ferry terminal open?"


def test_an_abstention_names_no_one_to_refer_to() -> None:
    history = [
        {"role": "user", "content": "Who runs the bakery?"},
        {"role": "assistant", "content": "“Bakery news” does not say."},
    ]
    assert condense("What did she say?", history) == "What did the bakery say?"


def test_after_a_follow_up_searched_with_context_its_own_words_come_first() -> None:
    history = [
        {"role": "user", "content": "How much would the tree planting cost?"},
        {"role": "assistant", "content": "About 2 million pounds. [1]"},
        {"role": "user", "content": "And who has offered to help?"},
        {"role": "assistant", "content": "The Rivers Trust has offered volunteers. [1]"},
    ]
    assert condense("Who leads it?", history) == "Who leads The Rivers Trust?"


def test_a_demonstrative_pronoun_points_back_but_a_relative_that_does_not() -> None:
    history = [{"role": "user", "content": "Why did the harbour wall collapse?"}]
    assert condense("What did the council do about that?", history) == (
        "What did the council do about the harbour wall?"
    )
    assert condense("Who runs the company that built the bridge?", history) == (
        "Who runs the company that built the bridge?"
    )


def test_a_resolved_follow_up_without_a_verb_keeps_the_previous_question() -> None:
    history = [{"role": "user", "content": "What should I eat before a long run?"}]
    assert condense("And during it?", history) == (
        "And during the long run? (What should I eat before a long run?)"
    )


def test_it_skips_a_plural_phrase_for_the_conversations_earlier_singular_topic() -> None:
    # "it" is not "the repairs": the previous question holds no singular phrase, the one
    # before it does
    history = [
        {"role": "user", "content": "When does the library reopen?"},
        {"role": "assistant", "content": "On 3 March. [1]"},
        {"role": "user", "content": "And how much did the repairs cost?"},
        {"role": "assistant", "content": "£412,000. [1]"},
        {"role": "user", "content": "Who paid for them?"},
        {"role": "assistant", "content": "The council. [1]"},
    ]
    assert condense("How late is it open on Wednesdays?", history) == (
        "How late is the library open on Wednesdays?"
    )
    assert condense("Does it have a cafe?", history) == "Does the library have a cafe?"


def test_a_phrase_saying_when_is_no_topic() -> None:
    history = [{"role": "user", "content": "Who manages the Harbour Hotel these days?"}]
    assert condense("What did she change first?", history) == (
        "What did she change first? (Who manages the Harbour Hotel these days?)"
    )


def test_a_name_keeps_its_number() -> None:
    # the parser leaves "14" out of the noun chunk "Route"
    history = [{"role": "user", "content": "What is Route 14?"}]
    assert condense("Who paid for it?", history) == "Who paid for Route 14?"


def test_she_after_a_question_about_a_person_is_that_person_whoever_the_answer_names() -> None:
    history = [
        {"role": "user", "content": "Who is Rosa Delgado?"},
        {
            "role": "assistant",
            "content": "Rosa Delgado is the council member for the east-side Ward 3. [1]",
        },
    ]
    assert condense("How long has she pushed for the route?", history) == (
        "How long has Rosa Delgado pushed for the route?"
    )


def test_the_same_pronoun_in_the_next_follow_up_means_the_same_thing() -> None:
    # not "the league", the first phrase of the previous question searched
    history = [
        {"role": "user", "content": "What is draft night?"},
        {"role": "assistant", "content": "Teams are formed at the draft night. [1]"},
        {"role": "user", "content": "When is it?"},
        {"role": "assistant", "content": "On Wednesday, August 27. [1]"},
        {"role": "user", "content": "Can I leave the league before it?"},
        {"role": "assistant", "content": "Yes, with a full refund. [1]"},
    ]
    assert condense("And what if I leave after it?", history) == (
        "And what if I leave after draft night?"
    )


def test_she_after_a_question_about_a_role_is_who_the_answer_names_not_the_owner() -> None:
    history = [
        {"role": "user", "content": "Who is Westmere's MP?"},
        {"role": "assistant", "content": "The town's MP, Laura Bennington, said so. [1]"},
    ]
    assert condense("What has she done about the closure?", history) == (
        "What has Laura Bennington done about the closure?"
    )


def test_a_pronoun_stands_for_definite_things_not_any() -> None:
    history = [
        {"role": "user", "content": "Has the builder's collapse hit any local firms?"},
        {"role": "assistant", "content": "Several local firms have not been paid. [1]"},
    ]
    assert condense("Did any of them talk to the paper?", history) == (
        "Did any of the local firms talk to the paper?"
    )


def test_a_chain_of_ellipses_is_searched_with_the_earlier_questions_in_one_pair_of_brackets() -> (
    None
):
    history = [
        {"role": "user", "content": "How many visitors came in 2023?"},
        {"role": "assistant", "content": "About 40,000. [1]"},
        {"role": "user", "content": "And in 2024?"},
        {"role": "assistant", "content": "About 45,000. [1]"},
    ]
    assert condense("And in 2025?", history) == (
        "And in 2025? (And in 2024? How many visitors came in 2023?)"
    )
    own, context = own_part(condense("And in 2025?", history))
    assert (own, context) == ("And in 2025?", "And in 2024? How many visitors came in 2023?")


def test_they_is_not_a_phrase_the_parser_left_unchunked() -> None:
    history = [{"role": "user", "content": "What does a membership cost?"}]
    assert condense("Why did they bring it in?", history) == (
        "Why did they bring it in? (What does a membership cost?)"
    )


def test_it_is_never_a_time_or_an_amount_of_the_previous_question() -> None:
    history = [
        {"role": "user", "content": "Is there a hosepipe ban coming in Marrowdale?"},
        {"role": "assistant", "content": "Yes, from 26 July. [1]"},
        {"role": "user", "content": "And what happens if reservoir levels fall below 40%?"},
        {"role": "assistant", "content": "Stage 3 begins. [1]"},
    ]
    # not "40%" (an amount), and the ban the first question asked about is a definite one
    assert condense("When will it be lifted?", history) == "When will the hosepipe ban be lifted?"
    pruning = [
        {"role": "user", "content": "When should I prune my plum tree?"},
        {"role": "assistant", "content": "In June or July. [1]"},
        {"role": "user", "content": "Why not in winter?"},
        {"role": "assistant", "content": "Winter cuts let in silver leaf disease. [1]"},
    ]
    assert "winter" not in condense("What should I feed it?", pruning).lower()


def test_one_standing_for_a_thing_already_named_is_a_follow_up() -> None:
    history = [
        {"role": "user", "content": "Which water-saving product saves the most?"},
        {"role": "assistant", "content": "The shower head. [1]"},
    ]
    assert condense("How do I get one?", history) == (
        "How do I get one? (Which water-saving product saves the most?)"
    )
    # a count, or one of a group the question names, is no such thing
    assert not condensing.is_follow_up("How many litres did one household use?")
    assert not condensing.is_follow_up("Is one of the water butts free?")
