"""Many documents: folders of .txt, .md and .html, cited by name, updated file by file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from assistant.api import Assistant, build_index, chroma_server, chunker_settings
from assistant.settings import BUNDLED_ARTICLE, PROJECT_ROOT, Settings
from index import load
from index.build import build
from index.clean import clean_source
from index.embed import load_embeddings
from index.html import visible_text
from tests.conftest import run_cli

PAGE = """<!doctype html>
<html><head><title>Drones over the Baltic - example.com</title>
<style>p { color: red }</style><script>var s = "<p>Script text 999</p>";</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<header>Example News</header>
<article><h1>Drones over the Baltic</h1>
<p>The Latvian navy counted <b>312</b> drones over the Gulf of Riga in March &amp; April.
Officials in <a href="/riga">Riga</a>&nbsp;said the flights came from Kaliningrad.</p>
<p>Follow us on Twitter</p>
</article><footer>Copyright 2026 Example News</footer></body></html>
"""
NOTES = "# Harbour notes\n\nThe harbour of Liepaja handled 4,200 ships in 2025.\n"


def test_html_text_is_the_visible_article_without_page_chrome() -> None:
    cleaned = clean_source("page.html", PAGE)
    assert [b.role for b in cleaned.blocks][0] == "title"
    assert cleaned.blocks[0].text == "Drones over the Baltic"
    assert "312 drones over the Gulf of Riga in March & April." in cleaned.text
    for chrome in ("Script text", "color: red", "Home", "Example News", "Follow us", "Copyright"):
        assert chrome not in cleaned.text


def test_every_html_span_maps_back_to_the_same_words_in_the_file() -> None:
    cleaned = clean_source("page.html", PAGE)
    for block in cleaned.blocks:
        for start in range(len(block.text)):
            for end in (start + 1, len(block.text)):
                o_start, o_end = block.to_original(start, end)
                assert visible_text(PAGE[o_start:o_end]) == block.text[start:end].strip()
                assert block.to_local(o_start, o_end) == (start, end)


def make_corpus(root: Path) -> Path:
    folder = root / "docs"
    (folder / "web").mkdir(parents=True)
    (folder / "article.txt").write_bytes(BUNDLED_ARTICLE.read_bytes())
    (folder / "web" / "baltic.html").write_text(PAGE, encoding="utf-8")
    (folder / "notes.md").write_text(NOTES, encoding="utf-8")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00")  # not a supported type
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "secret.txt").write_text("Hidden files are skipped.")
    return folder


def test_folder_is_searched_for_supported_files(tmp_path: Path) -> None:
    folder = make_corpus(tmp_path)
    found = [p.relative_to(folder).as_posix() for p in load.collect_paths([folder])]
    assert found == ["article.txt", "notes.md", "web/baltic.html"]


@pytest.mark.slow
def test_citations_name_the_document_they_quote(store_settings: Settings, tmp_path: Path) -> None:
    folder = make_corpus(tmp_path)
    manifest, built = build_index(store_settings, [folder])
    assert built and len(manifest.sources) == 3
    assistant = Assistant(store_settings)
    texts = assistant.source_texts()
    cases = [
        ("How many drones did the Latvian navy count?", "baltic.html", "312"),
        ("How many ships did the harbour of Liepaja handle?", "notes.md", "4,200"),
        ("Who supplied Russia with Yemeni mercenaries?", "article.txt", "Houthis"),
    ]
    for question, document, fact in cases:
        answer = assistant.ask(question)
        assert fact in answer.answer, question
        first = answer.citations[0]
        assert first.source.endswith(document)
        span = texts[first.source][first.start : first.end]
        exact = span if document != "baltic.html" else visible_text(span)
        assert exact == first.text


class CountingEmbeddings(Embeddings):
    """The real MiniLM, counting the texts it is asked to embed."""

    def __init__(self) -> None:
        self.model = load_embeddings()
        self.embedded: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded += texts
        return self.model.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.model.embed_query(text)


@pytest.mark.slow
def test_rebuild_embeds_only_new_and_changed_files(
    store_settings: Settings, tmp_path: Path
) -> None:
    folder = make_corpus(tmp_path)
    build_index(store_settings, [folder])
    (folder / "notes.md").write_text(NOTES.replace("4,200", "5,100"), encoding="utf-8")
    (folder / "web" / "baltic.html").unlink()
    (folder / "ports.txt").write_text("Ventspils opened a grain terminal in May 2025.\n")

    counting = CountingEmbeddings()
    manifest, built = build(
        store_settings.data_dir,
        load.load_sources([folder], PROJECT_ROOT),
        chunker_settings(store_settings),
        lambda: counting,
        server=chroma_server(store_settings),
    )
    assert built
    names = {what: [Path(n).name for n in names] for what, names in manifest.changes.items()}
    assert names == {
        "added": ["ports.txt"],
        "updated": ["notes.md"],
        "removed": ["baltic.html"],
        "unchanged": ["article.txt"],
    }
    # Only the two files that changed were embedded; the article's vectors were copied.
    article_text = BUNDLED_ARTICLE.read_text(encoding="utf-8")
    assert not any(t in article_text for t in counting.embedded)
    assert any("5,100" in t for t in counting.embedded)
    assert any("Ventspils" in t for t in counting.embedded)

    assistant = Assistant(store_settings)
    assert "5,100" in assistant.ask("How many ships did the harbour of Liepaja handle?").answer
    assert "Houthis" in assistant.ask("Who supplied Russia with Yemeni mercenaries?").answer
    assert assistant.ask("How many drones did the Latvian navy count?").abstained
    assert {Path(s).name for s in assistant.source_texts()} == {
        "article.txt",
        "notes.md",
        "ports.txt",
    }


@pytest.mark.slow
def test_index_info_lists_documents_chunks_and_size(tmp_path: Path) -> None:
    folder = make_corpus(tmp_path)
    data_dir = tmp_path / "data"
    built = run_cli("index", "build", str(folder), data_dir=data_dir)
    assert built.returncode == 0, built.stderr
    assert "3 added" in built.stdout
    info = run_cli("index", "info", data_dir=data_dir)
    described = json.loads(info.stdout)
    assert described["documents"] == 3
    assert described["size_on_disk_bytes"] > 0
    assert described["embedding_model"].endswith("all-MiniLM-L6-v2")
    per_document = {Path(s["name"]).name: s["chunks"] for s in described["sources"]}
    assert set(per_document) == {"article.txt", "notes.md", "baltic.html"}
    assert sum(per_document.values()) == described["chunks"]
    assert all(count > 0 for count in per_document.values())
