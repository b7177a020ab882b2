"""The index's chunks and sentences as tables, written with each build.

Opening an index used to read every chunk, sentence and sentence vector back from Chroma
and derive word tables from them (about 1 ms and 25 KB a chunk, at every start). The
tables are written beside the build instead; their numeric columns are opened
memory-mapped, texts and sentence vectors are read by row (``os.pread``), so opening costs
the same at any size and a question reads only the rows it touches.

Layout of ``<build>/tables/``: for chunks and sentences each, ``<kind>.text`` (the texts,
UTF-8, back to back), ``<kind>.offsets.npy`` (where each text starts and ends in it) and
``<kind>.npy`` (the numeric columns); ``sentences.vectors.f32`` (the sentence vectors,
float32, row by row); ``chunks.hash.npy``; ``vocabulary.txt`` (every word of the article
text, one a line).
"""

from __future__ import annotations

import mmap
import os
from array import array
from collections.abc import Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, BinaryIO, TypeVar, overload

import numpy as np

from index.chunk import Chunk, Sentence, Span, sentences_within
from index.embed import DIMENSION
from index.text import words

FOLDER = "tables"
ROLES = ("body", "title", "byline", "caption", "date", "heading")
# Numeric columns, in order. A chunk's sentences are positions [first, last) of the
# sentence table; a sentence's source is a position in the manifest's sources.
CHUNK_COLUMNS = ("source", "start", "end", "first_sentence", "last_sentence")
SENTENCE_COLUMNS = ("source", "start", "end", "role", "paragraph")
S = TypeVar("S", bound=Span)


class TableWriter:
    """Writes the tables of a build, one source at a time (memory stays flat)."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self._files: dict[str, BinaryIO] = {
            name: (folder / name).open("wb")
            for name in ("chunks.text", "sentences.text", "sentences.vectors.f32")
        }
        # Flat machine-word arrays, not Python lists of tuples: at a million chunks the
        # columns take about 200 MB this way, several times that as Python objects.
        self._offsets = {"chunks": array("q", [0]), "sentences": array("q", [0])}
        self._columns = {"chunks": array("q"), "sentences": array("q")}
        self._hashes = bytearray()
        self._vocabulary: set[str] = set()
        self._sources = 0

    def _texts(self, kind: str, texts: list[str]) -> None:
        for text in texts:
            encoded = text.encode("utf-8")
            self._files[f"{kind}.text"].write(encoded)
            self._offsets[kind].append(self._offsets[kind][-1] + len(encoded))

    def add(
        self,
        chunks: list[dict[str, Any]],
        chunk_texts: list[str],
        sentences: list[dict[str, Any]],
        sentence_texts: list[str],
        sentence_vectors: np.ndarray,
    ) -> None:
        """The next source's chunks and sentences (metadata as stored in Chroma, in order)."""
        source = self._sources
        first = len(self._columns["sentences"]) // len(SENTENCE_COLUMNS)
        starts, ends = [m["start"] for m in sentences], [m["end"] for m in sentences]
        for m in chunks:
            own = sentences_within(starts, ends, m["start"], m["end"])
            self._columns["chunks"].extend(
                (source, m["start"], m["end"], first + own.start, first + own.stop)
            )
            self._hashes += m["content_hash"].encode("ascii")
        for m in sentences:
            role = ROLES.index(m.get("role", "body"))
            self._columns["sentences"].extend(
                (source, m["start"], m["end"], role, m.get("paragraph", 0))
            )
        self._texts("chunks", chunk_texts)
        self._texts("sentences", sentence_texts)
        self._files["sentences.vectors.f32"].write(
            np.ascontiguousarray(sentence_vectors, dtype=np.float32).tobytes()
        )
        for text in sentence_texts:
            self._vocabulary.update(words(text))
        self._sources += 1

    def finish(self) -> None:
        for file in self._files.values():
            file.close()
        for kind in ("chunks", "sentences"):
            width = len(CHUNK_COLUMNS if kind == "chunks" else SENTENCE_COLUMNS)
            columns = np.frombuffer(self._columns[kind], dtype=np.int64).reshape(-1, width)
            np.save(self.folder / f"{kind}.npy", columns)
            np.save(
                self.folder / f"{kind}.offsets.npy", np.frombuffer(self._offsets[kind], np.int64)
            )
        np.save(self.folder / "chunks.hash.npy", np.frombuffer(self._hashes, dtype="S64"))
        (self.folder / "vocabulary.txt").write_text(
            "\n".join(sorted(self._vocabulary)), encoding="utf-8"
        )


def _random_access(array: Any) -> Any:
    """``array`` (memory-mapped by numpy) with the kernel told to read no pages ahead: a
    question reads a few scattered rows, not the pages around them. Returned as a plain
    array over the same mapping: each row of a ``np.memmap`` is a memmap object too, and
    making those cost about 4 ms a question at a million chunks."""
    mapped = getattr(array, "_mmap", None)
    if mapped is not None:
        mapped.madvise(mmap.MADV_RANDOM)
    return np.asarray(array)


class _RowFile:
    """A file whose parts are read when asked for (``os.pread``), never memory-mapped.

    A mapped page is counted in the process's memory for as long as it stays mapped, and
    the kernel maps whole page-cache folios, up to megabytes around a row a question read
    (a build leaves its files in the page cache that way). Read with pread, the rows stay
    in the page cache, shared and reclaimable, and the process keeps only what it holds.
    """

    def __init__(self, path: Path) -> None:
        self._file = path.open("rb", buffering=0)

    def read(self, offset: int, size: int) -> bytes:
        return os.pread(self._file.fileno(), size, offset) if size else b""


class _Texts:
    """The texts of one table, read from their file on demand."""

    def __init__(self, path: Path, offsets: np.ndarray) -> None:
        self.offsets = offsets
        self._file = _RowFile(path)

    def __getitem__(self, position: int) -> str:
        start, end = int(self.offsets[position]), int(self.offsets[position + 1])
        return self._file.read(start, end - start).decode("utf-8")


class VectorRows:
    """The sentence vectors (float32, ``DIMENSION`` a row), read by row when indexed like
    an array: by a position, a slice, or a list of positions (read in contiguous runs)."""

    ROW_BYTES = DIMENSION * 4

    def __init__(self, path: Path, count: int) -> None:
        self._file = _RowFile(path)
        self.shape = (count, DIMENSION)

    def __len__(self) -> int:
        return self.shape[0]

    def _run(self, start: int, stop: int) -> np.ndarray:
        data = self._file.read(start * self.ROW_BYTES, (stop - start) * self.ROW_BYTES)
        return np.frombuffer(data, np.float32).reshape(-1, DIMENSION)

    def __getitem__(self, key: int | slice | Sequence[int] | np.ndarray) -> np.ndarray:
        if isinstance(key, slice):
            start, stop, step = key.indices(len(self))
            if step == 1:
                return self._run(start, max(start, stop))
            key = range(start, stop, step)
        if isinstance(key, (int, np.integer)):
            return self[[int(key)]][0]
        positions = np.asarray(key, dtype=np.int64).reshape(-1)
        positions = np.where(positions < 0, positions + len(self), positions)
        if len(positions) == 0:
            return np.zeros((0, DIMENSION), np.float32)
        if positions.min() < 0 or positions.max() >= len(self):
            raise IndexError(f"row out of range 0..{len(self) - 1}")
        wanted = np.unique(positions)
        runs = np.split(wanted, np.flatnonzero(np.diff(wanted) != 1) + 1)
        rows = np.concatenate([self._run(int(run[0]), int(run[-1]) + 1) for run in runs])
        return rows[np.searchsorted(wanted, positions)]

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        rows = self[:]
        return rows if dtype is None else rows.astype(dtype)


class SpanTable(Sequence[S]):
    """A read-only sequence of spans, each built from its row when asked for."""

    def __init__(self, build: Any, length: int) -> None:
        self._build = build
        self._length = length

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, position: int) -> S: ...

    @overload
    def __getitem__(self, position: slice) -> list[S]: ...

    def __getitem__(self, position: int | slice) -> S | list[S]:
        if isinstance(position, slice):
            return [self._build(i) for i in range(*position.indices(self._length))]
        if not -self._length <= position < self._length:
            raise IndexError(position)
        built: S = self._build(position % self._length)
        return built

    def __iter__(self) -> Iterator[S]:
        return (self._build(i) for i in range(self._length))


class Tables:
    """A build's chunks and sentences, memory-mapped (see the module docstring)."""

    def __init__(self, folder: Path, source_names: list[str]) -> None:
        self.folder = folder
        self.source_names = source_names
        self._chunk_rows = _random_access(np.load(folder / "chunks.npy", mmap_mode="r"))
        self._sentence_rows = _random_access(np.load(folder / "sentences.npy", mmap_mode="r"))
        self._hashes = _random_access(np.load(folder / "chunks.hash.npy", mmap_mode="r"))
        self._chunk_texts = _Texts(folder / "chunks.text", np.load(folder / "chunks.offsets.npy"))
        self._sentence_texts = _Texts(
            folder / "sentences.text", np.load(folder / "sentences.offsets.npy")
        )
        count = len(self._sentence_rows)
        self.sentence_vectors = VectorRows(folder / "sentences.vectors.f32", count)
        self.chunks: SpanTable[Chunk] = SpanTable(self._chunk, len(self._chunk_rows))
        self.sentences: SpanTable[Sentence] = SpanTable(self._sentence, count)

    def _chunk(self, position: int) -> Chunk:
        source, start, end, _, _ = (int(v) for v in self._chunk_rows[position])
        return Chunk(
            self.source_names[source],
            start,
            end,
            self._chunk_texts[position],
            position,
            self._hashes[position].decode("ascii"),
        )

    def _sentence(self, position: int) -> Sentence:
        source, start, end, role, paragraph = (int(v) for v in self._sentence_rows[position])
        return Sentence(
            self.source_names[source],
            start,
            end,
            self._sentence_texts[position],
            position,
            ROLES[role],
            paragraph,
        )

    def sentences_of_chunk(self, ordinal: int) -> range:
        """Positions of the sentences inside chunk ``ordinal``, in order."""
        row = self._chunk_rows[ordinal]
        return range(int(row[3]), int(row[4]))

    def sentence_bounds(self, chunks: range) -> np.ndarray:
        """For each chunk of ``chunks``: the positions of its first sentence and of the
        one past its last (rows of two)."""
        return np.asarray(self._chunk_rows[chunks.start : chunks.stop, 3:5], dtype=np.int64)

    def sentences_of_source(self, name: str) -> range:
        """Positions of the sentences of source ``name``, in order (empty if unknown)."""
        return self._of_source(self._sentence_rows, name)

    def chunks_of_source(self, name: str) -> range:
        """Positions of the chunks of source ``name``, in order (empty if unknown)."""
        return self._of_source(self._chunk_rows, name)

    def _of_source(self, rows: np.ndarray, name: str) -> range:
        if name not in self.source_names:
            return range(0)
        sources = rows[:, 0]
        number = self.source_names.index(name)
        low = int(np.searchsorted(sources, number, side="left"))
        return range(low, int(np.searchsorted(sources, number, side="right")))

    def chunks_outside(self, names: list[str]) -> np.ndarray:
        """A mask of the chunks that belong to none of the sources ``names``."""
        numbers = [i for i, name in enumerate(self.source_names) if name in names]
        return ~np.isin(self._chunk_rows[:, 0], numbers)

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """Every word of the indexed article text (read on first use)."""
        text = (self.folder / "vocabulary.txt").read_text(encoding="utf-8")
        return frozenset(text.split("\n")) if text else frozenset()


def write_tables(
    folder: Path, chunks: Sequence[Chunk], sentences: Sequence[Sentence], vectors: np.ndarray
) -> None:
    """Tables of spans held in memory (one source at a time, in order of appearance)."""
    writer = TableWriter(folder)
    names = list(dict.fromkeys(s.source for s in [*chunks, *sentences]))
    for name in names:
        own_chunks = [c for c in chunks if c.source == name]
        own = [i for i, s in enumerate(sentences) if s.source == name]
        writer.add(
            [c.metadata() for c in own_chunks],
            [c.text for c in own_chunks],
            [sentences[i].metadata() for i in own],
            [sentences[i].text for i in own],
            vectors[own] if own else np.zeros((0, DIMENSION), np.float32),
        )
    writer.finish()
