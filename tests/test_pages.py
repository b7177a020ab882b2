"""Page chrome that generalizes: real saved pages lose their chrome, keep their article,
and every kept sentence is still an exact span of the file. See fixtures/pages/README.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.chunk import segment
from index.clean import clean_source
from index.html import visible_text

PAGES = Path(__file__).parent / "fixtures" / "pages"
# (page, article text that must be kept, chrome that must be gone)
EXPECTED = [
    (
        "caktusgroup.com.django.html",
        ["Was I losing my mind?", "being cached after their first access.", "Finding a Fix"],
        ["New Call-to-action", "Contact us", "Back to blog", "You might also like:"],
    ),
    (
        "boingboing.net.millenials.html",
        ["Click through for the whole thing.", "The generation we love to dump on"],
        ["GET THE BOING BOING NEWSLETTER"],
    ),
    (
        "github.blog.spiceland.html",
        [
            "Erin Spiceland is a Software Engineer for SpaceX.",
            "make effective plans and goals for the future",
            "looking forward to next?",
            "Research Consultant at Adelard LLP",
        ],
        ["Related posts", "Jeremy Epling", "Missed the main event?", "Privacy"],
    ),
    (
        "dw.com.uncork.html",
        ["No grape variety invites as much intrigue", "With just 0.9 hectares"],
        ["Related Subjects", "Audios and videos on the topic"],
    ),
    (
        "en.wikipedia.org.tsne.html",
        # trafilatura's own check reads "Given a set of high-dimensional objects": it drops
        # inline math, which we keep ("Given a set of N high-dimensional objects").
        ["high-dimensional objects", "Herein a heavy-tailed Student t-distribution"],
        ["Categories:", "Conditional random field"],
    ),
]


@pytest.mark.parametrize(("page", "kept", "gone"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_real_page_keeps_its_article_and_loses_its_chrome(
    page: str, kept: list[str], gone: list[str]
) -> None:
    text = clean_source(page, (PAGES / page).read_text(encoding="utf-8")).text
    for sentence in kept:
        assert sentence in text, sentence
    for chrome in gone:
        assert chrome not in text, chrome


@pytest.mark.parametrize("page", [e[0] for e in EXPECTED])
def test_every_sentence_of_a_real_page_is_an_exact_span_of_the_file(page: str) -> None:
    source = (PAGES / page).read_text(encoding="utf-8")
    sentences, _ = segment(clean_source(page, source), page, 500, 1)
    assert len(sentences) > 5
    for s in sentences:
        assert visible_text(source[s.start : s.end]) == s.text


KICKER_PAGE = """<html><head><title>Ferry to sail three days a week | The Courier</title></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><main><article>
<p class="kicker">Transport</p>
<h1>Ferry to sail three days a week</h1>
<p>The council voted on Tuesday to cut its support for the estuary ferry from four hundred
thousand pounds to one hundred and fifty thousand pounds a year, officials said.</p>
<p>Passengers told the meeting that the crossing saves them an hour each way to work, and
that the nearest bridge is eleven miles upstream of the town centre.</p>
<p>The operator said it would run the boat from Friday to Sunday only from next spring.</p>
</article></main><footer>Contact us</footer></body></html>"""


def test_a_label_above_the_headline_is_left_out_and_sentences_keep_the_files_order() -> None:
    # The headline is the title block; a section label shown above it ("Transport") would
    # otherwise follow it, out of the file's order, and chunks would lose their sentences.
    cleaned = clean_source("page.html", KICKER_PAGE)
    sentences, chunks = segment(cleaned, "page.html", 500, 1)
    assert sentences[0].text == "Ferry to sail three days a week"
    assert [s.start for s in sentences] == sorted(s.start for s in sentences)
    assert [x.text for x in cleaned.left_out if x.reason == "above the page's title"] == [
        "Transport"
    ]
