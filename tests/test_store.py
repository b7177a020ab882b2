"""The index persists, is rebuilt only when something changed, and survives failed builds."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest

from assistant.api import build_index
from assistant.settings import BUNDLED_ARTICLE, Settings
from index.embed import load_embeddings
from index.errors import SourceError
from index.manifest import read_manifest
from index.open_index import OpenIndex, open_index
from tests.conftest import run_cli

pytestmark = pytest.mark.slow


@pytest.fixture()
def own_settings(tmp_path: Path) -> Settings:
    """A data dir of this test's own, indexing a copy of the article it may edit."""
    article = tmp_path / "article.txt"
    article.write_bytes(BUNDLED_ARTICLE.read_bytes())
    return Settings(data_dir=tmp_path / "data", sources=[article])


def test_unchanged_corpus_is_not_re_embedded(own_settings: Settings) -> None:
    first, built = build_index(own_settings)
    assert built
    again, built_again = build_index(own_settings)
    assert not built_again
    assert again.build_id == first.build_id


def test_changed_source_triggers_a_rebuild(own_settings: Settings) -> None:
    first, _ = build_index(own_settings)
    article = own_settings.sources[0]
    article.write_text(article.read_text(encoding="utf-8") + "\n\nA new closing paragraph.\n")
    second, built = build_index(own_settings)
    assert built and second.build_id != first.build_id
    assert second.sources[0].sha256 != first.sources[0].sha256


def test_changed_chunker_settings_trigger_a_rebuild(own_settings: Settings) -> None:
    first, _ = build_index(own_settings)
    smaller = own_settings.model_copy(update={"chunk_max_chars": 200})
    second, built = build_index(smaller)
    assert built and second.chunk_count > first.chunk_count


def test_manifest_records_model_dimension_chunker_and_hashes(own_settings: Settings) -> None:
    manifest, _ = build_index(own_settings)
    assert manifest.embedding_model == "sentence-transformers/all-MiniLM-L6-v2"
    assert manifest.dimension == 384
    assert manifest.chunker == {"max_chars": 500, "overlap_sentences": 1}
    assert len(manifest.sources[0].sha256) == 64


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        (b"caf\xe9 au lait", "not valid UTF-8"),
        (b"   \n\n  ", "empty"),
    ],
)
def test_bad_file_fails_before_touching_the_index(
    own_settings: Settings, tmp_path: Path, content: bytes, reason: str
) -> None:
    good, _ = build_index(own_settings)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    with pytest.raises(SourceError, match=reason):
        build_index(own_settings, [bad], force=True)
    manifest = read_manifest(own_settings.data_dir)
    assert manifest is not None and manifest.build_id == good.build_id


def test_failed_cli_build_exits_2_and_the_old_index_still_answers(
    own_settings: Settings, tmp_path: Path
) -> None:
    data_dir = own_settings.data_dir
    assert (
        run_cli("index", "build", str(own_settings.sources[0]), data_dir=data_dir).returncode == 0
    )
    bad = tmp_path / "binary.bin"
    bad.write_bytes(bytes(range(256)))
    failed = run_cli("index", "build", str(bad), data_dir=data_dir)
    assert failed.returncode == 2
    assert failed.stderr.count("\n") == 1 and "Traceback" not in failed.stderr
    missing = run_cli("index", "build", str(tmp_path / "nope.txt"), data_dir=data_dir)
    assert missing.returncode == 2 and "no such file" in missing.stderr

    asked = run_cli(
        "ask", "--json", "Who supplied Russia with Yemeni mercenaries?", data_dir=data_dir
    )
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert not answer["abstained"] and "Houthis" in answer["answer"]
    assert answer["citations"][0]["source"].endswith("article.txt")


def test_store_reopens_in_a_fresh_process(own_settings: Settings) -> None:
    manifest, _ = build_index(own_settings)
    info = run_cli("index", "info", data_dir=own_settings.data_dir)
    assert info.returncode == 0, info.stderr
    described = json.loads(info.stdout)
    assert described["build_id"] == manifest.build_id
    assert described["chunks"] == manifest.chunk_count


def test_interrupted_build_leaves_the_previous_index(own_settings: Settings) -> None:
    good, _ = build_index(own_settings)
    # What a build killed half-way leaves behind: a build folder current.json never names.
    leftover = own_settings.data_dir / "index" / "builds" / "20990101T000000-deadbeef"
    (leftover / "chroma").mkdir(parents=True)
    assert read_manifest(own_settings.data_dir).build_id == good.build_id  # type: ignore[union-attr]
    rebuilt, built = build_index(own_settings, force=True)
    assert built and not leftover.exists()
    assert read_manifest(own_settings.data_dir).build_id == rebuilt.build_id  # type: ignore[union-attr]


def test_failed_chroma_write_fails_the_build_and_keeps_the_previous_index(
    own_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from index import chroma

    good, _ = build_index(own_settings)

    def failing_write(*args: object, **kwargs: object) -> int:
        raise OSError("disk full")

    # Writes run on a background thread while the next source is prepared; their
    # failure must still reach the caller and leave nothing half-built behind.
    monkeypatch.setattr(chroma, "write_chunks", failing_write)
    with pytest.raises(OSError, match="disk full"):
        build_index(own_settings, force=True)
    builds = own_settings.data_dir / "index" / "builds"
    assert [p.name for p in builds.iterdir()] == [good.build_id]
    assert read_manifest(own_settings.data_dir).build_id == good.build_id  # type: ignore[union-attr]
    reopened = open_index(own_settings.data_dir, load_embeddings())
    assert len(reopened.chunks) == good.chunk_count


def test_index_from_another_embedding_model_is_refused(own_settings: Settings) -> None:
    from index.errors import IndexingError

    manifest, _ = build_index(own_settings)
    path = own_settings.data_dir / "index" / "builds" / manifest.build_id / "manifest.json"
    data = json.loads(path.read_text())
    data["embedding_model"], data["dimension"] = "other/model", 768
    path.write_text(json.dumps(data))
    with pytest.raises(IndexingError, match="--rebuild"):
        open_index(own_settings.data_dir, load_embeddings())


def test_unchanged_sources_are_copied_without_losing_or_reordering_rows(tmp_path: Path) -> None:
    from assistant.api import models_dir
    from index.embed import query_embeddings

    article, notes = tmp_path / "article.txt", tmp_path / "notes.txt"
    article.write_bytes(BUNDLED_ARTICLE.read_bytes())
    notes.write_text("The ferry leaves at noon. It carries forty cars.\n")
    settings = Settings(data_dir=tmp_path / "data", sources=[article, notes])
    build_index(settings)
    embeddings = query_embeddings(models_dir(settings))
    before = open_index(settings.data_dir, embeddings)
    source = before.sentences[0].source
    kept = list(before.tables.sentences_of_source(source))
    notes.write_text("The ferry leaves at one. It carries fifty cars.\n")
    manifest, _ = build_index(settings)
    assert manifest.changes["unchanged"] == [source]
    after = open_index(settings.data_dir, embeddings)
    assert [after.sentences[i] for i in kept] == [before.sentences[i] for i in kept]
    # Chroma hands vectors back within float32 rounding of what went in.
    assert np.allclose(after.sentence_vectors[kept], before.sentence_vectors[kept], atol=1e-6)
    assert [c for c in after.chunks if c.source == source] == [
        c for c in before.chunks if c.source == source
    ]
    assert [c.ordinal for c in after.chunks] == list(range(len(after.chunks)))
    # The copied chunks' vectors, pooled again from the copied sentence vectors, are the same.
    assert np.allclose(
        chunk_store_vectors(after, source), chunk_store_vectors(before, source), atol=1e-6
    )


def chunk_store_vectors(index: OpenIndex, source: str) -> np.ndarray:
    """The vectors Chroma holds for ``source``'s chunks, in chunk order."""
    stored = index.chunk_store.get(where={"source": source}, include=["embeddings", "metadatas"])
    order = np.argsort([m["ordinal"] for m in stored["metadatas"]])
    return np.asarray(stored["embeddings"])[order]


def test_workers_build_the_same_index_as_one_process(tmp_path: Path) -> None:
    from assistant.api import models_dir
    from index.embed import query_embeddings

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_bytes(BUNDLED_ARTICLE.read_bytes())
    (folder / "b.txt").write_text("The ferry leaves at noon. It carries forty cars.\n")
    (folder / "c.md").write_text("# Mill\n\nThe mill on the Tay ground oats until 1950.\n")
    opened = []
    for workers in (1, 2):
        settings = Settings(data_dir=tmp_path / f"data-{workers}", sources=[folder])
        build_index(settings, workers=workers)
        opened.append(open_index(settings.data_dir, query_embeddings(models_dir(settings))))
    one, two = opened
    assert list(two.chunks) == list(one.chunks)
    assert list(two.sentences) == list(one.sentences)
    assert np.allclose(two.sentence_vectors, one.sentence_vectors, atol=1e-5)
    assert [s.metadata for s in two.manifest.sources] == [s.metadata for s in one.manifest.sources]


def test_workers_prepare_only_a_few_sources_ahead_of_the_writer() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from index.build import _in_order

    started: list[int] = []

    def prepare(number: int) -> int:
        started.append(number)
        return number * 10

    with ThreadPoolExecutor(2) as pool:
        prepared = _in_order(pool, prepare, list(range(50)), ahead=4)  # type: ignore[arg-type]
        assert next(prepared) == 0
        time.sleep(0.2)  # the pool has had time to run whatever was submitted
        assert len(started) <= 5  # not every source at once, as pool.map would
        assert list(prepared) == [n * 10 for n in range(1, 50)]  # all, in order


def test_chunk_vectors_are_their_sentences_vectors_pooled_by_length(
    own_settings: Settings,
) -> None:
    from assistant.api import models_dir
    from index.embed import query_embeddings

    build_index(own_settings)
    index = open_index(own_settings.data_dir, query_embeddings(models_dir(own_settings)))
    stored = index.chunk_store.get(include=["embeddings", "metadatas"])
    vectors = {
        m["ordinal"]: np.asarray(v) for m, v in zip(stored["metadatas"], stored["embeddings"])
    }
    assert len(vectors) == len(index.chunks) > 10
    for chunk in index.chunks:
        own = index.tables.sentences_of_chunk(chunk.ordinal)
        weights = np.asarray([len(index.sentences[i].text) for i in own], np.float32)
        pooled = weights @ index.sentence_vectors[own.start : own.stop]
        expected = pooled / np.linalg.norm(pooled)
        assert np.allclose(vectors[chunk.ordinal], expected, atol=1e-5)
        assert np.isclose(np.linalg.norm(vectors[chunk.ordinal]), 1.0, atol=1e-5)
