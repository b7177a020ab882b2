"""The same index behaviour against an embedded Chroma and a real ``chroma run`` server."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.api import Assistant, build_index
from assistant.settings import Settings
from index.chroma import ChromaServer
from index.errors import SourceError
from index.manifest import ChunkerSettings, plan_manifest, read_manifest

pytestmark = pytest.mark.slow


def test_index_answers_with_exact_spans(store_settings: Settings) -> None:
    manifest, built = build_index(store_settings)
    assert built
    expected = "embedded" if store_settings.chroma_host is None else "chroma://"
    assert manifest.store.startswith(expected)
    assistant = Assistant(store_settings)
    answer = assistant.ask("Who supplied Russia with Yemeni mercenaries?")
    text = store_settings.sources[0].read_text(encoding="utf-8")
    assert "Houthis" in answer.answer
    for c in answer.citations:
        assert text[c.start : c.end] == c.text


def test_changed_source_rebuilds_and_unchanged_does_not(store_settings: Settings) -> None:
    first, _ = build_index(store_settings)
    assert not build_index(store_settings)[1]
    article = store_settings.sources[0]
    article.write_text(article.read_text(encoding="utf-8") + "\n\nOne more paragraph here.\n")
    second, built = build_index(store_settings)
    assert built and second.build_id != first.build_id
    assert "One more paragraph" in Assistant(store_settings).source_texts()[second.sources[0].name]


def test_failed_build_keeps_the_previous_index(store_settings: Settings, tmp_path: Path) -> None:
    good, _ = build_index(store_settings)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(SourceError):
        build_index(store_settings, [bad], force=True)
    assert read_manifest(store_settings.data_dir).build_id == good.build_id  # type: ignore[union-attr]
    assert not Assistant(store_settings).ask("How many troops did North Korea send?").abstained


def test_store_location_is_part_of_the_fingerprint() -> None:
    chunker = ChunkerSettings(500, 1)
    embedded = plan_manifest([], chunker)
    served = plan_manifest([], chunker, ChromaServer("127.0.0.1", 8000).store_name)
    assert embedded.store == "embedded" and served.store == "chroma://127.0.0.1:8000"
    assert embedded.fingerprint() != served.fingerprint()


def test_chroma_server_going_away_gives_a_clear_error_not_a_hang(
    tmp_path: Path, article_text: str
) -> None:
    import time

    from assistant.errors import StoreUnavailableError
    from benchmarks.services import chroma_server

    with chroma_server(tmp_path / "db") as (host, port):
        article = tmp_path / "article.txt"
        article.write_text(article_text, encoding="utf-8")
        settings = Settings(
            data_dir=tmp_path / "data", sources=[article], chroma_host=host, chroma_port=port
        )
        assistant = Assistant(settings)
        assert not assistant.ask("Who supplied Russia with Yemeni mercenaries?").abstained
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError, match="Chroma server"):
        assistant.ask("How many troops did North Korea send?")
    assert time.monotonic() - started < 30
