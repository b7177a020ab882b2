"""The chat's Documents tab and live answers, in a real headless Chromium at desktop and
phone sizes: the tab's order; upload a file, ask about it and open a citation; the same
file again; add a link, paste text, remove; refusals said once beside their control;
export; answers that grow sentence by sentence while the model is still writing."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from assistant.ports import free_port
from assistant.settings import PROJECT_ROOT, Settings
from tests.fake_llm import FakeLLMServer, yemen_reply

pytestmark = [pytest.mark.slow, pytest.mark.browser]

TIMEOUT = 60_000
SCREENSHOTS = PROJECT_ROOT / "artifacts" / "screenshots"
HARBOUR = (
    "Harbour notes\n\n"
    "The harbour master of Port Ellen is Mairi Campbell. "
    "She took the post in 2016 after twenty years at sea.\n\n"
    "The harbour has 42 moorings and a slipway built in 1889.\n"
)


def serve_chat(settings: Settings) -> Iterator[str]:
    from assistant.api import Assistant
    from ui.chat.app import start

    port = free_port()
    app = start(Assistant(settings), "127.0.0.1", port, block=False)
    yield f"http://127.0.0.1:{port}/"
    app.close()


@pytest.fixture(scope="module")
def documents_app(tmp_path_factory: pytest.TempPathFactory, article_copy: Path) -> Iterator[str]:
    """A chat of its own (documents get added and removed), allowed to fetch loopback."""
    data_dir = tmp_path_factory.mktemp("chat-documents")
    yield from serve_chat(
        Settings(data_dir=data_dir, sources=[article_copy], allow_private_urls=True)
    )


SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=list(SIZES))
def size(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture()
def documents_tab(page: Page, documents_app: str, size: str) -> Page:
    expect.set_options(timeout=TIMEOUT)
    page.set_default_timeout(TIMEOUT)
    page.set_viewport_size(SIZES[size])
    page.goto(documents_app)
    page.locator("#documents-tab-button").click()
    expect(page.locator("#documents")).to_contain_text("article.txt")
    return page


def ask(page: Page, question: str) -> None:
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")


def upload(page: Page, path: Path) -> None:
    """Drop a file on the upload box, scrolled to as a reader would."""
    page.locator("#upload").scroll_into_view_if_needed()
    page.locator("#upload input[type=file]").set_input_files(str(path))


def beside(page: Page, control: str, outcome: str, size: str) -> None:
    """The outcome line is right under its control (and, on a desktop screen, in view
    without scrolling)."""
    above, below = page.locator(control).bounding_box(), page.locator(outcome).bounding_box()
    assert above and below
    assert 0 <= below["y"] - (above["y"] + above["height"]) < 40, (above, below)
    if size == "desktop":
        expect(page.locator(outcome)).to_be_in_viewport()


def remove(page: Page, title: str, name: str | None = None) -> None:
    """Remove the document the picker lists as ``title`` (named ``name``, if another)."""
    page.locator("#remove-choice input").click()
    page.get_by_role("option", name=title).click()
    page.locator("#remove-document").click()
    expect(page.locator("#remove-outcome")).to_contain_text(f"Removed: {name or title}")


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_the_tab_reads_top_to_bottom_add_then_list_then_remove_beside_its_choice(
    documents_tab: Page, size: str
) -> None:
    page = documents_tab

    def top(selector: str) -> float:
        box = page.locator(selector).bounding_box()
        assert box is not None, selector
        return float(box["y"])

    order = ["#upload", "#url", "#paste", "#documents", "#scope", "#remove-choice"]
    tops = [top(s) for s in order]
    assert tops == sorted(tops), dict(zip(order, tops))
    choice = page.locator("#remove-choice").bounding_box()
    button = page.locator("#remove-document").bounding_box()
    assert choice and button
    # Side by side: the button on the dropdown's row, to its right.
    assert abs(choice["y"] - button["y"]) < choice["height"]
    assert button["x"] > choice["x"]
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_the_bundled_article_is_listed_with_when_it_was_added_and_its_file_name(
    documents_tab: Page, size: str
) -> None:
    card = documents_tab.locator("#documents .doc-card", has_text="article.txt")
    expect(card.locator(".doc-facts")).to_contain_text("added 20")
    expect(card.locator(".doc-origin")).to_have_text("From: article.txt")
    expect(card.locator(".doc-title")).not_to_be_empty()


def test_an_uploaded_file_is_listed_asked_about_and_its_citation_opened(
    documents_tab: Page, size: str, tmp_path: Path
) -> None:
    page = documents_tab
    name = f"harbour-{size}.txt"
    (tmp_path / name).write_text(HARBOUR, encoding="utf-8")
    upload(page, tmp_path / name)
    outcome = page.locator("#upload-outcome")
    expect(outcome).to_contain_text(f"Added: {name}")
    beside(page, "#upload", "#upload-outcome", size)
    card = page.locator("#documents .doc-card", has_text=name)
    expect(card.locator(".doc-title")).to_have_text("Harbour notes")
    expect(card.locator(".doc-origin")).to_have_text(f"From: {name}")
    expect(card.locator(".doc-facts")).to_contain_text("File · ")
    expect(page.locator("#upload")).not_to_contain_text(name)
    shot(page, f"documents-added-{size}")
    # The pickers list titles, as the library does; the newest is last.
    page.locator("#scope label", has_text="Harbour notes").last.click()
    expect(page.locator("#answering-from")).to_have_text("Answering from “Harbour notes”.")
    expect(page.locator("#question textarea")).to_have_attribute(
        "placeholder", "Ask a question about “Harbour notes”…"
    )
    ask(page, "Who is the harbour master?")
    bot = page.locator('#chat [data-testid="bot"]').last
    expect(bot).to_contain_text("Mairi Campbell", use_inner_text=True)
    bot.locator(".cite-chip").first.click()
    expect(page.locator("#article .cite-span.current")).to_contain_text("Mairi Campbell")
    with page.expect_download() as download:
        page.locator("#export-button").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert "## Who is the harbour master?" in exported and f"{name}:" in exported
    # The same file again: said so, nothing rebuilt.
    page.locator("#documents-tab-button").click()
    upload(page, tmp_path / name)
    expect(outcome).to_have_text(f"Already in the library: {name} (nothing changed)")
    expect(page.locator("#documents .doc-card", has_text=name)).to_have_count(1)


def test_a_link_and_pasted_text_are_added_and_removed_each_outcome_beside_its_control(
    documents_tab: Page, size: str, site: str
) -> None:
    page = documents_tab
    page.locator("#url input, #url textarea").first.fill(f"{site}/lighthouse.html")
    page.locator("#add-url").click()
    expect(page.locator("#url-outcome")).to_contain_text("Added: ")
    expect(page.locator("#documents")).to_contain_text("The Skerry Point lighthouse")
    link = page.locator("#documents .doc-card", has_text="The Skerry Point lighthouse")
    expect(link.locator(".doc-origin a")).to_have_attribute("href", f"{site}/lighthouse.html")
    page.locator("#paste").get_by_text("Paste text").click()
    name = f"orchard-{size}"
    page.locator("#paste-name input, #paste-name textarea").first.fill(name)
    page.locator("#paste-text textarea").fill("The orchard grows Bramley apples since 1952.")
    page.locator("#add-text").click()
    expect(page.locator("#paste-outcome")).to_contain_text(f"Added: {name}")
    # Added: the name is emptied with the text, ready for the next one.
    expect(page.locator("#paste-name input, #paste-name textarea").first).to_have_value("")
    expect(page.locator("#paste-text textarea")).to_have_value("")
    # Each action's line replaces the one before.
    expect(page.locator("#url-outcome")).to_be_empty()
    pasted = page.locator("#documents .doc-card", has_text=name)
    expect(pasted.locator(".doc-title")).to_have_text(name)
    expect(pasted.locator(".doc-origin")).to_have_text("From: pasted text")
    remove(page, name)
    beside(page, "#remove-document", "#remove-outcome", size)
    expect(page.locator("#paste-outcome")).to_be_empty()
    expect(page.locator("#documents .doc-card", has_text=name)).to_have_count(0)
    shot(page, f"documents-removed-{size}")
    remove(page, "The Skerry Point lighthouse", f"{site}/lighthouse.html")
    expect(page.locator("#documents")).not_to_contain_text("The Skerry Point lighthouse")


def test_a_refused_file_is_said_once_beside_the_box_and_cleared_from_it(
    documents_tab: Page, size: str, tmp_path: Path
) -> None:
    page = documents_tab
    before = page.locator("#documents").inner_text()
    for name, content, reason in [
        ("disguised.txt", b"\x00\x01binary\x00" * 20, "binary"),
        ("setup.exe", b"MZ\x90\x00" * 20, "unsupported type .exe"),
    ]:
        (tmp_path / name).write_bytes(content)
        upload(page, tmp_path / name)
        outcome = page.locator("#upload-outcome .refused")
        expect(outcome).to_contain_text(name)
        expect(outcome).to_contain_text(reason)
        expect(outcome).not_to_contain_text("Refused")
        # Said once: no toast repeats it, and the upload box is empty again.
        expect(page.get_by_text(reason)).to_have_count(1)
        expect(page.locator("#upload")).not_to_contain_text(name)
        expect(page.locator("#upload")).not_to_contain_text("Error")
        shot(page, f"documents-refused-{name.split('.')[1]}-{size}")
    assert page.locator("#documents").inner_text() == before


def test_a_failing_link_is_said_once_and_cleared_by_the_next_action(
    documents_tab: Page, size: str, site: str
) -> None:
    page = documents_tab
    page.locator("#url input, #url textarea").first.fill(f"{site}/missing.html")
    page.locator("#add-url").click()
    refusal = page.locator("#url-outcome .refused")
    expect(refusal).to_have_text(f"{site}/missing.html: the server answered 404")
    expect(page.get_by_text("the server answered 404")).to_have_count(1)
    page.locator("#remove-document").click()
    expect(page.locator("#remove-outcome")).to_contain_text("Choose a document to remove first")
    expect(page.locator("#url-outcome")).to_be_empty()


@pytest.fixture(scope="module")
def slow_model_app(settings: Settings, assistant: object) -> Iterator[str]:
    """The chat on the bundled article, answered by a fake model that writes slowly."""
    fake = FakeLLMServer()
    fake.reply, fake.pieces, fake.piece_delay = yemen_reply, 16, 0.25
    llm_settings = settings.model_copy(
        update={
            "answerer": "openai-compatible",
            "llm_base_url": f"http://127.0.0.1:{fake.port}/v1",
            "llm_model": "fake",
        }
    )
    yield from serve_chat(llm_settings)
    fake.stop()


def test_the_first_verified_sentence_shows_while_the_model_is_still_writing(
    page: Page, slow_model_app: str
) -> None:
    expect.set_options(timeout=TIMEOUT)
    page.set_default_timeout(TIMEOUT)
    page.goto(slow_model_app)
    ask(page, "Who supplied Russia with Yemeni mercenaries?")
    bot = page.locator('#chat [data-testid="bot"]').last
    # Inner text: the quotes numbers hold (shown on hover) are not the answer.
    expect(bot).to_contain_text("supplied the mercenaries", use_inner_text=True)
    first_shown = time.monotonic()
    # The model sends its reply over 4 s; the first sentence is shown, cited, before the
    # second is written.
    assert "hundreds of Yemeni" not in bot.inner_text()
    expect(bot.locator(".cite-chip").first).to_be_visible()
    expect(bot).to_contain_text("hundreds of Yemeni mercenaries", use_inner_text=True)
    assert time.monotonic() - first_shown > 0.5
