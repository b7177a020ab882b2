"""Bring your own documents: add a file, a PDF, a web page or pasted text, ask about it,
list and remove; bad input changes nothing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from assistant.errors import DocumentNotFoundError, IndexingError, SourceError
from assistant.settings import BUNDLED_ARTICLE, Settings
from index.fetch import REFUSED_ADDRESS, fetch_page
from index.html import visible_text
from tests.local_site import PAGE, make_pdf

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, article_copy: Path) -> object:
    """An assistant of its own (documents get added and removed) that may fetch loopback
    pages, as ASSISTANT_ALLOW_PRIVATE_URLS=true allows."""
    from assistant.api import Assistant

    data_dir = tmp_path_factory.mktemp("library")
    return Assistant(Settings(data_dir=data_dir, sources=[article_copy], allow_private_urls=True))


def check_citations(library: object, answer: object, document_id: str) -> None:
    assert not answer.abstained  # type: ignore[attr-defined]
    for citation in answer.citations:  # type: ignore[attr-defined]
        assert citation.document_id == document_id
        text = library.document_text(document_id)  # type: ignore[attr-defined]
        assert text[citation.start : citation.end] == citation.text


def test_pasted_text_is_listed_and_answered_with_exact_citations(library: object) -> None:
    notes = (
        "Minutes of the harbour committee.\n\n"
        "The committee agreed to dredge the north channel in March. "
        "The cost of the dredging was set at 48,000 pounds, paid from the harbour fund."
    )
    document = library.add_document(text=notes, name="committee minutes")  # type: ignore[attr-defined]
    assert document.kind == "text" and document.origin == "pasted" and document.chunks >= 1
    assert document.id in {d.id for d in library.list_documents()}  # type: ignore[attr-defined]
    answer = library.ask("How much did the dredging cost?", documents=[document.id])  # type: ignore[attr-defined]
    check_citations(library, answer, document.id)
    assert "48,000" in answer.answer


def test_pdf_citations_name_their_page_and_index_the_stored_text(
    library: object, tmp_path: Path
) -> None:
    pdf = make_pdf(
        tmp_path / "report.pdf",
        [
            ["Annual report of the Skerry ferry company.", "The company ran two ferries."],
            ["In the spring the ferry Morven was replaced by a new boat named Island Star."],
        ],
    )
    document = library.add_document(file=pdf)  # type: ignore[attr-defined]
    assert (document.kind, document.pages, document.name) == ("pdf", 2, "report.pdf")
    answer = library.ask("Which boat replaced the Morven?", documents=[document.id])  # type: ignore[attr-defined]
    check_citations(library, answer, document.id)
    assert answer.citations[0].page == 2
    assert "Island Star" in answer.answer


def test_a_web_page_is_fetched_saved_as_a_snapshot_and_cited(library: object, site: str) -> None:
    document = library.add_document(url=f"{site}/moved")  # type: ignore[attr-defined]
    assert document.kind == "url" and document.origin == f"{site}/lighthouse.html"
    assert document.title == "The Skerry Point lighthouse"
    answer = library.ask("When was the tower automated?", documents=[document.id])  # type: ignore[attr-defined]
    assert not answer.abstained and "1987" in answer.answer
    snapshot = library.document_text(document.id)  # type: ignore[attr-defined]
    assert snapshot == PAGE
    for citation in answer.citations:
        assert visible_text(snapshot[citation.start : citation.end]) == citation.text
    assert "Copyright" not in answer.answer and "Home" not in answer.answer


def test_a_scope_keeps_answers_inside_the_chosen_documents(library: object) -> None:
    article_id = library.list_documents()[0].id  # type: ignore[attr-defined]
    other = library.add_document(  # type: ignore[attr-defined]
        text="The orchard grows Bramley apples. It was planted in 1952.", name="orchard"
    )
    scoped = library.ask("Who supplied Russia with Yemeni mercenaries?", documents=[other.id])  # type: ignore[attr-defined]
    assert all(c.document_id == other.id for c in scoped.citations)
    everywhere = library.ask("Who supplied Russia with Yemeni mercenaries?")  # type: ignore[attr-defined]
    assert not everywhere.abstained
    assert {c.document_id for c in everywhere.citations} == {article_id}
    with pytest.raises(DocumentNotFoundError):
        library.ask("Who planted the orchard?", documents=["no-such-id"])  # type: ignore[attr-defined]


def answered_from(library: object, question: str, document_id: str) -> list[dict[str, str]]:
    """The conversation after ``question``, whose answer quotes ``document_id`` alone."""
    answer = library.ask(question)  # type: ignore[attr-defined]
    assert {c.document_id for c in answer.citations} == {document_id}
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer.answer}]


def test_a_follow_up_is_answered_from_the_documents_the_previous_answer_quoted(
    library: object,
) -> None:
    history = library.add_document(  # type: ignore[attr-defined]
        text=(
            "Lanyon's Bakery: a family history\n\n"
            "The coronavirus pandemic closed the shop for eleven weeks in 2020, but nobody "
            "lost their job. Judith kept the ovens going and sold bread through a hatch.\n\n"
            "A second shock came in 2022, when the bakery's electricity bill nearly tripled. "
            "Two bakers left that year rather than work nights."
        ),
        name="bakery history",
    )
    conversation = answered_from(
        library, "Did anyone at the bakery lose their job in the pandemic?", history.id
    )
    # the bundled article speaks of September 2022 too; the conversation is about the bakery
    answer = library.ask("And in 2022?", history=conversation)  # type: ignore[attr-defined]
    assert answer.standalone_question != "And in 2022?"
    check_citations(library, answer, history.id)
    assert "2022" in answer.answer


def test_a_follow_up_naming_what_only_another_document_mentions_turns_to_it(
    library: object,
) -> None:
    bakery = library.add_document(  # type: ignore[attr-defined]
        text="Fore Street Bakery\n\nThe bakery opens at seven every morning.", name="bakery hours"
    )
    observatory = library.add_document(  # type: ignore[attr-defined]
        text="Hollin Hill Observatory\n\nThe observatory opens at nine on clear nights.",
        name="observatory",
    )
    conversation = answered_from(library, "When does the bakery open?", bakery.id)
    answer = library.ask("What about the observatory?", history=conversation)  # type: ignore[attr-defined]
    check_citations(library, answer, observatory.id)
    assert "nine" in answer.answer


def test_who_wrote_it_in_a_conversation_asks_about_the_document_being_discussed(
    library: object,
) -> None:
    notes = library.add_document(  # type: ignore[attr-defined]
        text="Harbour Notes\n\nThe harbour wall was rebuilt in 1954 after the great storm.",
        name="harbour notes",
    )
    conversation = answered_from(library, "When was the harbour wall rebuilt?", notes.id)
    answer = library.ask("Who wrote it?", history=conversation)  # type: ignore[attr-defined]
    # not the bundled article's byline: the notes name no author
    assert answer.answer == "“Harbour Notes” does not say who wrote it."


def test_adding_a_document_of_the_same_name_replaces_it_under_a_new_id(library: object) -> None:
    first = library.add_document(text="The bridge opened in 1931.", name="bridge")  # type: ignore[attr-defined]
    second = library.add_document(text="The bridge opened in 1932.", name="bridge")  # type: ignore[attr-defined]
    assert first.id != second.id
    assert [d.name for d in library.list_documents()].count("bridge") == 1  # type: ignore[attr-defined]
    assert library.document_text(second.id) == "The bridge opened in 1932."  # type: ignore[attr-defined]
    with pytest.raises(DocumentNotFoundError, match=f"its id is now '{second.id}'"):
        library.document_text(first.id)  # type: ignore[attr-defined]


def test_a_refused_copy_of_a_stored_document_leaves_that_document_intact(
    library: object,
) -> None:
    kept = library.add_document(text="The weir at Kelso was rebuilt in 1998.", name="weir")  # type: ignore[attr-defined]
    same_bytes = library.document_text(kept.id).encode()  # type: ignore[attr-defined]
    with pytest.raises(SourceError, match="not a readable PDF"):
        library.add_document(content=same_bytes, name="weir.pdf")  # type: ignore[attr-defined]
    assert library.document_text(kept.id) == same_bytes.decode()  # type: ignore[attr-defined]
    later = library.add_document(text="The ford at Coldstream is older.", name="ford")  # type: ignore[attr-defined]
    library.remove_document(later.id)  # type: ignore[attr-defined]
    assert kept.id in {d.id for d in library.list_documents()}  # type: ignore[attr-defined]


def test_removing_a_document_stops_answers_from_it_and_deletes_its_copy(library: object) -> None:
    document = library.add_document(  # type: ignore[attr-defined]
        text="The lifeboat station at Port Ellen was founded in 1868.", name="lifeboat"
    )
    stored = {
        Path(s.path).parent
        for s in library.index.manifest.sources
        if s.id == document.id  # type: ignore[attr-defined]
    }
    removed = library.remove_document(document.id)  # type: ignore[attr-defined]
    assert removed.id == document.id
    assert document.id not in {d.id for d in library.list_documents()}  # type: ignore[attr-defined]
    assert not any(folder.exists() for folder in stored)
    with pytest.raises(DocumentNotFoundError):
        library.remove_document(document.id)  # type: ignore[attr-defined]


def test_questions_are_answered_while_a_document_is_being_added(library: object) -> None:
    long_text = " ".join(
        f"Paragraph {i} of the survey notes that the heron colony had {i + 20} nests."
        for i in range(300)
    )
    adding = threading.Thread(
        target=library.add_document,
        kwargs={"text": long_text, "name": "heron survey"},  # type: ignore[attr-defined]
    )
    adding.start()
    answered = 0
    while adding.is_alive():
        answer = library.ask("How many troops did North Korea send?")  # type: ignore[attr-defined]
        assert not answer.abstained
        answered += 1
    adding.join()
    assert answered >= 1
    assert "heron survey" in {d.name for d in library.list_documents()}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("file_name", "content", "reason"),
    [
        ("letter.docx", b"PK\x03\x04 word document", "unsupported type .docx"),
        ("notes.txt", b"\x00\x01\x02binary\x00", "binary file"),
        ("notes.txt", b"   \n\n", "empty file"),
        ("notes.txt", "caf\u00e9".encode("latin-1"), "not valid UTF-8"),
        ("scan.pdf", b"", "empty file"),
        ("broken.pdf", b"%PDF-1.4 not really a pdf", "not a readable PDF"),
    ],
)
def test_an_unusable_file_is_refused_in_one_line_and_changes_nothing(
    library: object, file_name: str, content: bytes, reason: str
) -> None:
    before = (library.index.manifest.build_id, library.list_documents())  # type: ignore[attr-defined]
    with pytest.raises(SourceError, match=reason) as refused:
        library.add_document(content=content, name=file_name)  # type: ignore[attr-defined]
    assert "\n" not in str(refused.value)
    assert (library.index.manifest.build_id, library.list_documents()) == before  # type: ignore[attr-defined]


def test_a_scanned_pdf_without_text_is_refused(library: object, tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    scan = canvas.Canvas(str(tmp_path / "scan.pdf"))
    scan.rect(100, 100, 300, 400, fill=1)  # a picture of a page, no text layer
    scan.save()
    before = library.list_documents()  # type: ignore[attr-defined]
    with pytest.raises(SourceError, match="no text layer"):
        library.add_document(file=tmp_path / "scan.pdf")  # type: ignore[attr-defined]
    assert library.list_documents() == before  # type: ignore[attr-defined]


def test_an_oversized_file_is_refused(library: object, monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.staging

    monkeypatch.setattr(assistant.staging, "MAX_SOURCE_BYTES", 100)
    with pytest.raises(SourceError, match="over the 100 byte limit"):
        library.add_document(content=b"word " * 50, name="big.txt")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "answered 404"),
        ("/to-file", "only http and https"),
        ("/image.png", "image/png is not a web page"),
    ],
)
def test_a_bad_link_is_refused_in_one_line_and_changes_nothing(
    library: object, site: str, path: str, reason: str
) -> None:
    before = (library.index.manifest.build_id, library.list_documents())  # type: ignore[attr-defined]
    with pytest.raises(SourceError, match=reason):
        library.add_document(url=site + path)  # type: ignore[attr-defined]
    assert (library.index.manifest.build_id, library.list_documents()) == before  # type: ignore[attr-defined]


def test_a_link_that_does_not_answer_in_time_is_refused(site: str) -> None:
    with pytest.raises(SourceError, match="no complete answer within 0.5 s"):
        fetch_page(f"{site}/slow", allow_private=True, timeout=0.5)


def test_loopback_and_private_links_are_refused_unless_allowed(site: str) -> None:
    for url in (
        f"{site}/lighthouse.html",
        "http://10.0.0.1/",
        "http://[::1]/",
        "http://localhost/",
    ):
        with pytest.raises(SourceError, match=REFUSED_ADDRESS):
            fetch_page(url)
    assert fetch_page(f"{site}/lighthouse.html", allow_private=True).body == PAGE.encode()


def test_the_last_document_cannot_be_removed(tmp_path: Path) -> None:
    from assistant.api import Assistant

    article = tmp_path / "only.txt"
    article.write_text("The mill on the river Tay ground oats until 1950, when it closed.")
    only = Assistant(Settings(data_dir=tmp_path / "data", sources=[article]))
    with pytest.raises(IndexingError, match="only document"):
        only.remove_document(only.list_documents()[0].id)
    assert len(only.list_documents()) == 1


def test_a_document_added_by_another_process_is_answered_from(tmp_path: Path) -> None:
    from assistant.api import Assistant

    article = tmp_path / "article.txt"
    article.write_bytes(BUNDLED_ARTICLE.read_bytes())
    settings = Settings(data_dir=tmp_path / "data", sources=[article])
    chat, shell = Assistant(settings), Assistant(settings)
    added = shell.add_document(text="The ferry to Mull leaves at noon from pier four.", name="mull")
    assert added.id in {d.id for d in chat.list_documents()}
    answer = chat.ask("When does the ferry to Mull leave?", documents=[added.id])
    assert answer.citations and answer.citations[0].document_id == added.id


def test_startup_skips_a_document_whose_stored_file_is_missing_and_serves_the_rest(
    tmp_path: Path,
) -> None:
    from assistant.api import Assistant

    article = tmp_path / "article.txt"
    article.write_bytes(BUNDLED_ARTICLE.read_bytes())
    settings = Settings(data_dir=tmp_path / "data", sources=[article])
    first = Assistant(settings)
    lost = first.add_document(text="The mill pond froze in 1963.", name="mill")
    stored = next(s.path for s in first.index.manifest.sources if s.id == lost.id)
    Path(stored).unlink()
    again = Assistant(settings)
    assert [d.name for d in again.list_documents()] == [first.list_documents()[0].name]
    assert not again.ask("How many troops did North Korea send?").abstained


def test_a_dated_byline_answers_who_wrote_it_and_when(library: object) -> None:
    notes = library.add_document(  # type: ignore[attr-defined]
        text="Harbour Notes\n\nBy Ann Lee, March 4, 2026\n\nThe harbour wall fell in 1953.",
        name="harbour notes",
    )
    assert (notes.title, notes.author, notes.date) == ("Harbour Notes", "Ann Lee", "March 4, 2026")
    for question, said, shown in (
        ("When was this published?", "It is dated March 4, 2026.", "March 4, 2026"),
        ("Who wrote it?", "It was written by Ann Lee.", "Ann Lee"),
    ):
        answer = library.ask(question, documents=[notes.id])  # type: ignore[attr-defined]
        check_citations(library, answer, notes.id)
        assert answer.answer == f"{said} [1]"
        assert [c.text for c in answer.citations] == [shown]


def test_an_abstention_names_the_document_searched(library: object) -> None:
    notes = library.add_document(  # type: ignore[attr-defined]
        text="Ferry Times\n\nThe ferry leaves at noon from pier four.", name="ferry times"
    )
    answer = library.ask("What is the capital of Peru?", documents=[notes.id])  # type: ignore[attr-defined]
    assert answer.abstained and answer.answer == "“Ferry Times” does not say."


def test_indexing_the_configured_files_again_keeps_the_documents_a_user_added(
    tmp_path: Path, article_copy: Path
) -> None:
    """``assistant index build`` (which ``make chat`` runs first) drops the files it no
    longer names, never the library's own documents."""
    from assistant.api import Assistant, build_index

    settings = Settings(data_dir=tmp_path, sources=[article_copy])
    added = Assistant(settings).add_document(
        text="The lighthouse keeper logs the weather at six every morning.", name="keeper's log"
    )
    other = tmp_path / "other.txt"
    other.write_text("The ferry to the island leaves at noon from the north pier.\n")
    manifest, _ = build_index(settings, [other])
    assert {s.name for s in manifest.sources} == {str(other), "keeper's log"}
    manifest, _ = build_index(settings)  # the configured article again: other.txt goes
    assert {s.name for s in manifest.sources} == {str(article_copy), "keeper's log"}
    answer = Assistant(settings).ask("When does the keeper log the weather?")
    assert any(c.document_id == added.id for c in answer.citations), answer.answer
