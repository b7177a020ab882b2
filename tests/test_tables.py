"""The memory-mapped tables of a build read back exactly what was written."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.chunk import Chunk, Sentence
from index.embed import DIMENSION
from index.tables import Tables, write_tables
from index.text import words

TEXT_A = "Café owners in Zürich met on Monday. They agreed to open at 7. Prices stay."
TEXT_B = "The ferry leaves at noon. It carries 40 cars."


def spans() -> tuple[list[Chunk], list[Sentence], np.ndarray]:
    sentences = [
        Sentence("a.txt", 0, 36, TEXT_A[0:36], 0, "title", 0),
        Sentence("a.txt", 37, 62, TEXT_A[37:62], 1, "body", 1),
        Sentence("a.txt", 63, 75, TEXT_A[63:75], 2, "body", 1),
        Sentence("b.txt", 0, 25, TEXT_B[0:25], 3, "body", 0),
        Sentence("b.txt", 26, 45, TEXT_B[26:45], 4, "caption", 0),
    ]
    chunks = [
        Chunk("a.txt", 0, 36, TEXT_A[0:36], 0, "1" * 64),
        Chunk("a.txt", 37, 75, TEXT_A[37:75], 1, "2" * 64),
        Chunk("b.txt", 0, 45, TEXT_B, 2, "3" * 64),
    ]
    vectors = np.random.default_rng(1).random((len(sentences), DIMENSION), dtype=np.float32)
    return chunks, sentences, vectors


def test_tables_read_back_every_chunk_sentence_and_vector(tmp_path: Path) -> None:
    chunks, sentences, vectors = spans()
    write_tables(tmp_path, chunks, sentences, vectors)
    tables = Tables(tmp_path, ["a.txt", "b.txt"])
    assert list(tables.chunks) == chunks
    assert list(tables.sentences) == sentences
    assert tables.sentences[-1] == sentences[-1] and tables.chunks[1:] == chunks[1:]
    assert np.array_equal(tables.sentence_vectors, vectors)
    assert np.array_equal(tables.sentence_vectors[[4, 0]], vectors[[4, 0]])


def test_tables_know_which_sentences_each_chunk_and_source_holds(tmp_path: Path) -> None:
    chunks, sentences, vectors = spans()
    write_tables(tmp_path, chunks, sentences, vectors)
    tables = Tables(tmp_path, ["a.txt", "b.txt"])
    assert [list(tables.sentences_of_chunk(c.ordinal)) for c in chunks] == [[0], [1, 2], [3, 4]]
    assert list(tables.sentences_of_source("b.txt")) == [3, 4]
    assert list(tables.sentences_of_source("missing.txt")) == []
    assert list(tables.chunks_of_source("a.txt")) == [0, 1]
    assert list(tables.chunks_of_source("b.txt")) == [2]
    assert list(tables.chunks_of_source("missing.txt")) == []
    assert tables.chunks_outside(["b.txt"]).tolist() == [True, True, False]
    assert set(words("Zürich ferry 40")) <= tables.vocabulary
    assert not set(words("submarine")) & tables.vocabulary


def test_an_empty_index_opens(tmp_path: Path) -> None:
    write_tables(tmp_path, [], [], np.zeros((0, DIMENSION), np.float32))
    tables = Tables(tmp_path, [])
    assert len(tables.chunks) == 0 and len(tables.sentences) == 0
    assert tables.sentence_vectors.shape == (0, DIMENSION)
    assert tables.vocabulary == frozenset()


def test_sentence_vectors_index_like_an_array(tmp_path: Path) -> None:
    chunks, sentences, vectors = spans()
    write_tables(tmp_path, chunks, sentences, vectors)
    rows = Tables(tmp_path, ["a.txt", "b.txt"]).sentence_vectors
    for key in ([3, 1, 3, 0], np.array([4, 2]), [-1], range(1, 4), []):
        assert np.array_equal(rows[key], vectors[list(key)].reshape(-1, DIMENSION))
    for key in (slice(1, 3), slice(None, None, 2), slice(3, 1)):
        assert np.array_equal(rows[key], vectors[key])
    assert np.array_equal(rows[2], vectors[2]) and np.array_equal(rows[-5], vectors[0])
    for missing in (5, [0, 9], -6):
        with pytest.raises(IndexError):
            rows[missing]
