"""The support judge's rules on names, numbers and negation, which need no model."""

from __future__ import annotations

from assistant.answering.support import missing_specifics, polarity_agrees, specifics

EVIDENCE = "In November 2024, Russia suffered more than 45,000 casualties, the UK said."


def test_a_changed_number_is_missing_from_the_evidence() -> None:
    assert missing_specifics("Russia suffered 54,000 casualties.", EVIDENCE) == {"54000"}


def test_numbers_match_without_thousands_separators() -> None:
    assert not missing_specifics("Russia suffered 45000 casualties.", EVIDENCE)


def test_a_changed_month_is_missing_from_the_evidence() -> None:
    assert "octob" in specifics("It happened in October.")
    assert missing_specifics("In October 2024 Russia suffered losses.", EVIDENCE)


def test_names_match_on_their_first_five_letters() -> None:
    assert not missing_specifics("Nepalis fight for Russia.", "Men from Nepal fight for Russia.")


def test_a_negated_claim_needs_a_negation_in_the_evidence() -> None:
    assert not polarity_agrees("Russia did not suffer casualties.", EVIDENCE)
    assert polarity_agrees("They were not paid.", "They were never paid.")


def test_a_plain_claim_must_not_repeat_what_the_evidence_negates() -> None:
    evidence = "The recruits were not paid salaries."
    assert not polarity_agrees("The recruits were paid salaries.", evidence)
    assert polarity_agrees("The recruits were recruited abroad.", evidence)
