"""The rule words and patterns that read a question (and the cues a sentence gives), in
one table, each with questions it must and must not match.

``assistant.answering.intent`` reads a question with them once; ``tests/test_rules.py``
checks every rule against its own examples, so a rule and what it is for stay together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.text import NUMBER_WORDS


@dataclass(frozen=True)
class Rule:
    """A pattern, with texts it matches and texts it must not."""

    pattern: re.Pattern[str]
    matches: tuple[str, ...]
    misses: tuple[str, ...] = ()

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text)


def _rule(pattern: str, matches: tuple[str, ...], misses: tuple[str, ...] = ()) -> Rule:
    return Rule(re.compile(pattern, re.IGNORECASE), matches, misses)


# The kinds of document a question may call the one it is about.
DOCUMENT_KINDS = (
    "article report guide piece story document post paper page book study text history "
    "profile biography essay column leaflet newsletter handbook manual factsheet blog "
    "notice announcement bulletin brochure flyer"
).split()
_DOCUMENT = f"(?:{'|'.join(DOCUMENT_KINDS)})"
# A word of what a document is about ("the article about foreign troops"), up to the verb.
_TAIL_WORD = (
    r"(?!(?:published|written|posted|released|issued|updated|first|last|called"
    r"|and|or|when|who)\b)[\w’'-]+"
)
# "the guide", "the pool guide", "this news story", "the article about Nepal", "this history
# of the bakery"
_NAMED_DOCUMENT = (
    rf"(?:this|the)(?: [\w-]+){{0,2}}? {_DOCUMENT}(?: (?:about|on|of)(?: {_TAIL_WORD}){{1,6}})?"
)
_THE_DOCUMENT = rf"(?:it|this|{_NAMED_DOCUMENT})"
# A document called by more than its kind ("the pool guide"), in a question about it.
NAMED_DOCUMENT = _rule(
    rf"\b{_NAMED_DOCUMENT}",
    ("When was this history of the bakery written?", "Who wrote the pool guide?"),
    ("Who wrote this?", "When was it published?"),
)

# Questions about the document itself, by the role of the block that answers them.
ASKS_AUTHOR = _rule(
    # "Who wrote the novel?" asks about something the document names
    rf"\bwho (?:wrote|writes|authored) {_NAMED_DOCUMENT}"
    r"|\bwho (?:wrote|writes|authored)(?: (?:it|this))?(?=\s*(?:[?.!,]|and\b|$))"
    r"|\bwho(?:'s|’s| is| was) the (?:author|writer)\b(?! of\b)"
    rf"|\bwho (?:compiled|prepared|put together) {_THE_DOCUMENT}\b"
    rf"|\bwho put (?:it|this(?: \w+)?|the {_DOCUMENT}) together\b"
    r"|\bwritten by\b"
    r"|\b(?:author|writer)(?:'s|’s)? (?:name|job|role|employer|affiliation)\b"
    r"|\b(?:where|who) does (?:the|this|its) (?:author|writer) work\b"
    rf"|\b(?:author|writer) of {_THE_DOCUMENT}|\bbyline\b",
    (
        "Who wrote the article?",
        "Who's the author?",
        "What is the author's job?",
        "Who put this history together?",
        "Who compiled the report?",
        "Who compiled the pool guide?",
        "Where does the writer work?",
        "Who wrote this and when?",
        "Who is the author of this piece?",
    ),
    (
        "What does the author think about sanctions?",
        "Who put the team together?",
        "Who wrote the novel?",
        "Who was the author of the letter?",
    ),
)
ASKS_TITLE = _rule(
    r"\b(?:title|headline) of\b|\bwhat(?:'s|’s| is| was) (?:the|its|this) "
    rf"(?:title|headline)\b|\bwhat(?:'s|’s| is) {_THE_DOCUMENT} called\b",
    ("What is the title of the article?", "What's the headline?", "What is the report called?"),
    ("What is the plant called?",),
)
ASKS_CAPTION = _rule(
    r"\b(?:photo|photograph|image|picture|caption)\b",
    ("What does the photo show?",),
    ("What does the report show?",),
)
ASKS_PUBLICATION_DATE = _rule(
    rf"\bwhen was {_THE_DOCUMENT} (?:first |last )?"
    r"(?:published|written|posted|released|issued|updated)\b"
    r"|\bpublication date\b|\bwhat date was\b.*\b(?:published|written|posted)\b"
    r"|\bdate of (?:publication|the article)\b"
    r"|\bwhen did [\w ]{1,30} (?:publish|post|write) (?:it|this|the (?:article|piece"
    r"|story|post|report|document|page|guide))\b"
    # "it" may be anything the conversation named ("When did it come out?" of a film)
    rf"|\bwhen did (?:this|{_NAMED_DOCUMENT}) (?:come out|appear)\b",
    (
        "When did she publish it?",
        "When did this notice come out?",
        "When was this season announcement published?",
        "When was this article published?",
        "When was the pool guide last updated?",
        "When was the article about foreign troops published?",
        "When was this history of the bakery written?",
        "What is its publication date?",
    ),
    (
        "When did the company publish its results?",
        "When was the bridge built?",
        "When was the timetable last updated?",
        "When did the new model come out?",
        "When did it come out?",
    ),
)
# By the role of the block a question about the document asks for, in this order.
DOCUMENT_ROLES = (
    (ASKS_AUTHOR, "byline"),
    (ASKS_TITLE, "title"),
    (ASKS_CAPTION, "caption"),
    (ASKS_PUBLICATION_DATE, "date"),
)

# "What is this about?" wants a sentence or two; so do these, which also ask for a summary.
_BRIEF = r"\bwhat(?:'s| is) (?:this|the|it)(?: \w+)? about\b|\bgist\b|\btl;?dr\b|\bin a nutshell\b"
ASKS_SUMMARY = _rule(
    rf"\bsumm(?:ary|arise|arize|ing up)\b|{_BRIEF}|\boverview\b"
    r"|^\W*(?:(?:please|can you|could you) )?sum (?:(?:it|this|that|the \w+) )?up\b"
    r"|\bmain (?:point|argument|idea|message)s?\b"
    r"|\bkey (?:points?|takeaways?|messages?)\b",
    (
        "Can you summarise this?",
        "What's this piece about?",
        "tl;dr",
        "What are the key points?",
        "Sum up what this page covers.",
    ),
    ("What is this?", "Who wrote this?", "How does it sum up?"),
)
ASKS_CONCLUSION = _rule(
    r"\bconclu(?:de|des|sion)\b|\b(?:final|closing) (?:takeaway|point|thought|argument)s?\b"
    r"|\bsums up\b|\b(?:does|did) (?:it|she|he|they|the \w+) sum up\b"
    r"|\bend (?:its|the|his|her) argument\b",
    ("What conclusion does the writer draw?", "How does it sum up?", "How does the author sum up?"),
    ("Summarize the article.", "Sum up what this page covers."),
)
ASKS_BRIEF = _rule(
    rf"{_BRIEF}|\bmain (?:point|idea|message)\b|\bin (?:a|one) (?:sentence|line)\b",
    ("What is this about?", "Give me the gist.", "Summarize it in one sentence."),
    ("Summarize the article.", "What are the main points?"),
)
# "in one sentence", "a three-sentence summary", "in 2 lines": how many sentences to give.
ASKS_SENTENCE_COUNT = _rule(
    r"\b(a single|a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})[ -]"
    r"(?:short )?(?:sentences?|lines?)\b",
    ("Summarize it in one sentence.", "Give me a three-sentence summary.", "in 2 lines"),
    ("Which sentence mentions Nepal?", "What does the first line say?"),
)
ASKS_DETAIL = _rule(
    r"\bin (?:more |full |great )?detail\b|\bdetailed\b|\blonger\b|\bthorough\w*\b"
    r"|\bfull (?:summary|overview)\b|\bexpand\b|\bmore about\b",
    ("Summarize it in detail.", "Give me a full summary."),
    ("Summarize the article.",),
)
# "List the ...", "Name two ...", "Name the members ...", "Can you list ...", "Which
# countries ...", "What are the reasons ...":
# a plural thing asked for, whose answer may be spread over the document.
ASKS_LIST = _rule(
    r"^\s*(?:list|enumerate)\b|\b(?:name|give|list) (?:two|three|four|five|several|some|all)\b"
    r"|\b(?:can|could|would) you (?:please )?(?:list|name|enumerate)\b"
    r"|\b(?:name|list) (?:every|everyone|everybody|each)\b"
    r"|\b(?:name|list) the (?:\w+ )?\w+(?<!s)s\b"
    r"|\bwhich (?:\w+ )?(?!(?:was|has|does|is)\b)\w{2,}(?<!s)s\b"
    r"|\bwhat (?:\w+ )?\w+(?<!s)s (?:has|have|had|did|do|does|are|were)\b"
    r"|\bwhat (?:are|were) (?:the|some) (?:\w+ )?\w+(?<!s)s\b",
    (
        "Which ports did the ships visit?",
        "Name three people it mentions.",
        "List the risks.",
        "Name the members of the family who ran it.",
        "Can you list everyone who is quoted?",
    ),
    ("Which country won?", "How many ships sank?", "Name the author of the report."),
)
# How many items a list asks for ("Name two groups", "Give me 3 examples", "the three main
# reasons"): a count of the answer, not a figure the document must hold.
ITEM_COUNT = _rule(
    r"\b(?:name|give|list|mention|tell)(?: me| us)?(?: the)?(?: \w+)?? "
    r"(?:two|three|four|five|six|seven|eight|nine|ten|\d)(?= [a-z])"
    r"|\b(?:what|which) (?:are|were) the (?:two|three|four|five|six|seven|eight|nine|ten|\d)"
    r"(?= [a-z])",
    (
        "Name two groups inside Russia that the Kremlin has tapped.",
        "Give me 3 examples.",
        "What are the three main reasons?",
        "Name three people it mentions.",
    ),
    ("How many troops did two countries send?", "Name the town hit in 2024."),
)

# What a fact question asks for.
ASKS_QUANTITY = _rule(
    r"\bhow (?:many|much)\b|\bwhat (?:number|percentage|share|proportion|amount)\b"
    r"|\b(?:exact|precise) (?:number|figure|count|amount)\b",
    ("How many troops did North Korea send?", "What percentage voted?"),
    ("Who supplied the mercenaries?",),
)
ASKS_EXACT = _rule(
    r"\b(?:exact|precise|exactly|precisely)\b",
    ("What is the exact number of casualties?",),
    ("How many died?",),
)
ASKS_MONEY = _rule(
    r"\b(?:pay|pays|paid|cost|costs|salar(?:y|ies)|wages?|price|spend|spent|earn\w*|budget|money)\b",
    ("How much are recruits paid?", "How much did it cost?"),
    ("How many troops were sent?",),
)
ASKS_NAME_OF = _rule(
    r"\bnames? of (?:the |a |an |this |that )?([^\W\d_]+)",
    ("What is the name of the company?",),
    ("Who recruited them?",),
)
# Questions that fix the form of the value they ask for (an email address, a time of day,
# a length in the unit asked): the answer must hold one (the ``STATES_`` rule of each form).
ASKS_EMAIL = _rule(
    r"\be-?mail address(?:es)?\b|\bwhat(?:'s| is) (?:the|their|its|his|her|your) e-?mail\b",
    ("What email address do I send photos to?", "What's their email?"),
    ("Can I email photos to the team?",),
)
ASKS_PHONE = _rule(
    r"\b(?:tele)?phone numbers?\b"
    r"|\bwhat number (?:do|should|can) (?:i|you|we) (?:call|ring|dial)\b",
    ("What is the phone number for bookings?", "What number do I call?"),
    ("Can I phone the desk?", "What number of people came?"),
)
ASKS_WEB_ADDRESS = _rule(
    r"\bweb address(?:es)?\b|\b(?:what|which)(?:'s| is)? (?:the |their |its )?(?:web ?site|url)\b",
    ("What website can I book on?", "What's the web address?"),
    ("Does the website list prices?",),
)
ASKS_CLOCK_TIME = _rule(
    r"\bwhat times?\b(?! of\b)",
    ("What time do the workshops start?", "At what time does it open?"),
    ("What time of year is best for pruning?", "When do the workshops start?"),
)
# Units of measure by what they measure: their names (what a question counts in, "how many
# millimetres"), then the symbols a text may write instead.
_AREA = r"square \w+|acres?|hectares?"
_VOLUME = r"cubic \w+|(?:milli)?lit(?:re|er)s?|gallons?|pints?"
_LENGTH = r"(?:milli|centi|kilo)?met(?:re|er)s?|miles?|feet|foot|inch(?:es)?|yards?"
_MASS = r"(?:milli|kilo)?grams?|kilos?|tonnes?|tons?|ounces?"
_TEMPERATURE = r"degrees?"


def _asks_in(units: str) -> str:
    # "square metres" is an area, not a length
    return rf"\bhow (?:many|much) (?:(?!square\b|cubic\b)\w+ )?(?:{units})\b"


def _measure(units: str, symbols: str) -> str:
    """A number followed by one of ``units`` or ``symbols`` ("1,090 metres", "2km")."""
    return rf"(?:\d|\b(?:{NUMBER_WORDS}|a|an|half)\b)[\d,.]*[\s-]*(?:{units}|{symbols})(?!\w)"


ASKS_AREA = _rule(
    _asks_in(_AREA),
    ("How many square metres is a full plot?", "How many acres does the farm cover?"),
    ("How many metres long is it?",),
)
ASKS_VOLUME = _rule(
    _asks_in(_VOLUME),
    ("How many litres does a water butt hold?", "How many cubic metres were pumped?"),
    ("How many metres long is it?",),
)
ASKS_LENGTH = _rule(
    _asks_in(_LENGTH),
    ("How many millimetres of rain fell?", "How many miles is the walk?"),
    ("How many people came?", "How many square metres is a full plot?"),
)
ASKS_MASS = _rule(
    _asks_in(_MASS),
    ("How many grams of carbs should I take per hour?", "How many tonnes were shipped?"),
    ("How many metres long is it?",),
)
ASKS_TEMPERATURE = _rule(
    _asks_in(_TEMPERATURE),
    ("How many degrees warmer was the park?",),
    ("How many days did the heatwave last?",),
)
ASKS_REASON = _rule(
    r"^\s*(?:why|how come)\b|\bwhat (?:was|is|were|are) the (?:reasons?|causes?|purpose)\b"
    r"|\bwhat (?:caused|prompted|led to|drove)\b|\bfor what (?:reason|purpose)\b",
    ("Why does Russia recruit foreigners?", "What caused the damage?"),
    ("What happened next?",),
)
ASKS_DATE = _rule(
    r"^\s*when\b|\bwhat (?:year|month|day|date|time|century|decade|period)\b"
    r"|\bin (?:which|what) (?:year|month|century|decade)\b",
    ("When did the war start?", "In which year was it built?"),
    ("And when?",),
)
ASKS_PERSON = _rule(
    r"^\s*(?:who|whom|whose)\b|\bwho (?:was|is|were|did)\b",
    ("Who supplied the mercenaries?", "And who is the mayor?"),
    ("Which country won?",),
)
ASKS_PLACE = _rule(
    r"^\s*where\b|\b(?:which|what) (?:country|city|region|place|town|river|island|area)\b",
    ("Where did they fight?", "Which country won?"),
    ("Who won?",),
)
ASKS_NAMED = _rule(
    r"^\s*which\b|\bwhat (?:is|was) the name\b",
    ("Which company recruited them?", "What was the name of the ship?"),
    ("What happened?",),
)
# A question whose answer names someone or something, which a pronoun after it means.
ASKS_WHO_OR_WHICH = _rule(
    r"^\s*(?:who|whom|which)\b",
    ("Who runs the plant?", "Which firm built it?"),
    ("What did he say?",),
)

# What a sentence gives.
STATES_QUANTITY = _rule(
    rf"\d|\b(?:{NUMBER_WORDS})\b",
    ("Thousands of troops were sent.", "Around 10,000 troops were sent."),
    ("Many troops were sent.",),
)
STATES_MONEY = _rule(
    r"[$€£₽]|\b(?:dollars?|rubles?|roubles?|euros?|pounds?|USD|RUB|EUR)\b",
    ("Recruits are paid $2,000 a month.", "It cost 40 million euros."),
    ("Recruits are paid well.",),
)
STATES_EMAIL = _rule(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    ("Email photos to help@example.org before you come.",),
    ("You can email photographs to our team.",),
)
STATES_PHONE = _rule(
    r"(?<![\w,.])\+?\(?\d[\d ()-]{5,}\d(?![\w,.])",
    ("Call 0800 123 4567 to book.", "Ring (01632) 960 001."),
    ("It rose from 1,090 to 1,400 metres in 2032.",),
)
STATES_WEB_ADDRESS = _rule(
    r"\bhttps?://\S+|\bwww\.\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|info|io|uk|ie|eu)\b",
    ("Book at www.example.co.uk.", "See https://example.org/tickets."),
    ("Book online or at the box office.",),
)
STATES_CLOCK_TIME = _rule(
    r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\b\d{1,2}:\d{2}\b"
    r"|\b(?:noon|midday|midnight|o'clock|dawn|dusk|sunrise|sunset)\b"
    rf"|\b(?:\d+|{NUMBER_WORDS}|an|half an) (?:minutes?|hours?) (?:before|after|early|earlier)\b",
    ("The desk is open from 10am to 4pm.", "Arrive at least 60 minutes before the start."),
    ("Workshops are on Saturday mornings.",),
)
STATES_AREA = _rule(
    _measure(_AREA, r"m2|m²|km2|km²|sq ?\w+|ha"),
    ("A full plot is 250 square metres.", "The farm covers 40 ha."),
    ("The plot is 25 metres long.",),
)
STATES_VOLUME = _rule(
    _measure(_VOLUME, r"ml|l|gal|m3|m³"),
    ("A water butt holds 190 litres.", "Use 2l of water."),
    ("Water it well.",),
)
STATES_LENGTH = _rule(
    _measure(_LENGTH, r"mm|cm|km|m|mi|ft|yds?"),
    ("The runway is 1,090 metres long.", "a 2km walk", "Trees stay under two metres tall."),
    ("Rainfall was 41 per cent of the average.",),
)
STATES_MASS = _rule(
    _measure(_MASS, r"mg|g|kg|t|oz|lbs?|pounds?|stones?|st"),
    ("One gel contains about 25 grams of carbohydrate.", "It weighs 3kg."),
    ("Take a gel every 40 minutes.",),
)
STATES_TEMPERATURE = _rule(
    _measure(_TEMPERATURE, r"°[CF]?|[CF]"),
    ("The park was 3.5 degrees cooler.", "It reached 31°C."),
    ("It was much cooler.",),
)
# A sentence that gives a cause, reason or purpose says so.
GIVES_REASON = _rule(
    r"\b(?:because|since|due to|owing to|thanks to|as a result|in order to|so that|so as to"
    r"|to (?:avoid|prevent|reduce|keep|stop|protect|allow|help|make sure|ensure)"
    r"|caused by|led to|leads to|result(?:ed|s)? (?:in|from)|the reason|reasons?"
    r"|that is why|which is why|blam(?:e|ed|ing)|prompted|driven by|otherwise)\b"
    r"|, so (?!far\b|much\b|many\b)",
    ("It closed because of the storm.", "Floods hit, so the bridge shut."),
    ("The bridge is closed.", "It has been so far so good."),
)

# Every rule, by name, for the tests.
RULES = {name: rule for name, rule in dict(globals()).items() if isinstance(rule, Rule)}
