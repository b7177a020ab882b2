"""The chat's Documents tab and live answers, in a real headless Chromium: upload a file,
ask about it and open a citation; add a link, paste text, remove; refusals; export;
answers that grow sentence by sentence while the model is still writing."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from assistant.ports import free_port
from assistant.settings import BUNDLED_ARTICLE, Settings
from eval.fake_llm import FakeLLMServer, yemen_reply

pytestmark = [pytest.mark.slow, pytest.mark.browser]

TIMEOUT = 60_000
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
def documents_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A chat of its own (documents get added and removed), allowed to fetch loopback."""
    article = tmp_path_factory.mktemp("article") / "article.txt"
    article.write_bytes(BUNDLED_ARTICLE.read_bytes())
    data_dir = tmp_path_factory.mktemp("chat-documents")
    yield from serve_chat(Settings(data_dir=data_dir, sources=[article], allow_private_urls=True))


@pytest.fixture()
def documents_tab(page: Page, documents_app: str) -> Page:
    page.set_default_timeout(TIMEOUT)
    page.goto(documents_app)
    page.get_by_role("tab", name="Documents").click()
    expect(page.locator("#documents")).to_contain_text("article.txt")
    return page


def ask(page: Page, question: str) -> None:
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")


def test_an_uploaded_file_is_listed_asked_about_and_its_citation_opened(
    documents_tab: Page, tmp_path: Path
) -> None:
    page = documents_tab
    (tmp_path / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    page.locator("#upload input[type=file]").set_input_files(str(tmp_path / "harbour.txt"))
    expect(page.locator("#documents-status")).to_contain_text("Added: harbour.txt")
    expect(page.locator("#documents")).to_contain_text("Harbour notes")
    page.locator("#scope label", has_text="harbour.txt").click()
    ask(page, "Who is the harbour master?")
    bot = page.locator('#chat [data-testid="bot"]').last
    expect(bot).to_contain_text("Mairi Campbell")
    bot.locator(".cite-chip").first.click()
    card = page.locator("#sources .source-document", has_text="harbour.txt")
    expect(card.locator(".source-card.active mark")).to_contain_text("Mairi Campbell")
    with page.expect_download() as download:
        page.locator("#export-button").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert "## Who is the harbour master?" in exported and "harbour.txt:" in exported


def test_a_link_and_pasted_text_are_added_and_a_document_removed(
    documents_tab: Page, site: str
) -> None:
    page = documents_tab
    page.locator("#url textarea").fill(f"{site}/lighthouse.html")
    page.locator("#add-url").click()
    expect(page.locator("#documents")).to_contain_text("The Skerry Point lighthouse")
    page.get_by_text("Paste text").click()
    page.locator("#paste-name textarea").fill("orchard")
    page.locator("#paste-text textarea").fill("The orchard grows Bramley apples since 1952.")
    page.locator("#add-text").click()
    expect(page.locator("#documents-status")).to_contain_text("Added: orchard")
    expect(page.locator("#documents")).to_contain_text("orchard")
    page.locator("#remove-choice input").click()
    page.get_by_role("option", name="orchard").click()
    page.locator("#remove-document").click()
    expect(page.locator("#documents-status")).to_contain_text("Removed: orchard")
    expect(page.locator("#documents td", has_text="orchard")).to_have_count(0)


def test_a_refused_document_shows_one_message_and_changes_nothing(
    documents_tab: Page, tmp_path: Path
) -> None:
    page = documents_tab
    before = page.locator("#documents").inner_text()
    (tmp_path / "disguised.txt").write_bytes(b"\x00\x01binary\x00" * 20)
    page.locator("#upload input[type=file]").set_input_files(str(tmp_path / "disguised.txt"))
    expect(page.locator("#documents-status")).to_contain_text("Refused: disguised.txt: binary")
    assert page.locator("#documents").inner_text() == before


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
    page.set_default_timeout(TIMEOUT)
    page.goto(slow_model_app)
    ask(page, "Who supplied Russia with Yemeni mercenaries?")
    bot = page.locator('#chat [data-testid="bot"]').last
    expect(bot).to_contain_text("supplied the mercenaries", timeout=TIMEOUT)
    first_shown = time.monotonic()
    # The model sends its reply over 4 s; the first sentence is shown, cited, before the
    # second is written.
    assert "hundreds of Yemeni" not in bot.inner_text()
    expect(bot.locator(".cite-chip").first).to_be_visible()
    expect(bot).to_contain_text("hundreds of Yemeni mercenaries", timeout=TIMEOUT)
    assert time.monotonic() - first_shown > 0.5
