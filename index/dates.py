"""Dates as documents write them: one definition of each piece, the patterns built from them.

A full date ("March 4, 2026", "4 Mar 2026", "2026-03-04") is what a dateline and a
byline give; a year stands for a date where no full one is given; a time mention (a year,
a decade, a century, a month's name) is what a "when" question's answer holds.
"""

from __future__ import annotations

import re

MONTHS = (
    "january february march april may june july august september october november december"
).split()
# A month as datelines write it: its name or its abbreviation ("Nov", "Sept.").
_MONTH = rf"(?:{'|'.join(m[:3].title() for m in MONTHS)})[a-z]*\.?"
_FULL_DATE = (
    rf"{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}"
)
# A full date anywhere in a text.
DATE = re.compile(rf"(?:{_FULL_DATE})", re.IGNORECASE)
# A dateline block: "Published November 27, 2024", "27 Nov 2024", "2024-11-27 09:30".
DATELINE = re.compile(
    # a news dateline's place, or the paper's name, before its date: "Leddington, 3 March
    # 2032", "The Westmoor Courier, 14 October 2024" (the date is what follows it)
    r"(?-i:(?!\w+day,)(?:The )?[A-Z][\w'’.&-]*(?: [A-Z][\w'’.&-]*){0,3},\s+)?(?P<when>"
    rf"(?:(?:Published|Posted|Updated|Last updated)(?: on)?:?\s+)?"
    rf"(?:\w+day,?\s+)?(?:{_FULL_DATE})"
    rf"(?:[ T,]+\d{{1,2}}:\d{{2}}(?:\s*[AaPp][Mm])?)?(?:\s+\w{{2,4}})?)",
    re.IGNORECASE,
)
# A full date, or a year (1600-2099) where none is given.
DATE_OR_YEAR = re.compile(rf"{DATE.pattern}|\b(?:1[6-9]|20)\d{{2}}\b", re.IGNORECASE)
# Any mention of a time: a year or decade ("1066", "1990s"), a century, a month's name.
TIME_MENTION = re.compile(
    rf"\b[1-9]\d{{2,3}}s?\b|\b\d{{1,2}}(?:st|nd|rd|th) century\b|\b(?:{'|'.join(MONTHS)})\b",
    re.IGNORECASE,
)


def dates_in(text: str) -> list[str]:
    """The full dates and years ``text`` mentions ("March 4, 2026", "2024"), each once,
    in order."""
    return list(dict.fromkeys(m.group() for m in DATE_OR_YEAR.finditer(text)))
