"""``make bench`` (scale part): how ingest, size, query latency and memory grow with chunks.

The corpus is generated here: seeded sentences composed from a fixed vocabulary, three to
a paragraph, one paragraph per chunk, 1,000 paragraphs per file. Each case (chunk count x
store mode) builds in one child process and answers in another, so each peak RSS (VmHWM)
is that phase's own.

Document vectors come from ``WordHashEmbeddings``, a bench-only stand-in for MiniLM (a sum
of seeded random word vectors): MiniLM embeds about 75 texts/s on this 2-core machine, so
100k chunks (about 300k sentences) would take an hour or more per mode. Everything else is
the product's own path: cleaning, sentence splitting, chunking, Chroma writes, index
loading, BM25, and questions answered through ``Assistant.ask`` with the real ONNX MiniLM
query encoder. MiniLM's own ingest rate on real articles is measured separately
(``--real-ingest``), beside the way builds embedded before, so the embedding share of a
real ingest can be read off. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.settings import PROJECT_ROOT
from benchmarks.services import chroma_server

SIZES = (1_000, 10_000, 100_000)
ROOT = Path(__file__).resolve().parent.parent
# The bundled article and the saved pages of the tests (origins in their README).
REAL_ARTICLES = [
    ROOT / "corpus" / "foreign-troops-russia.txt",
    *sorted((ROOT / "tests" / "fixtures" / "pages").glob("*.html")),
]
MODES = ("embedded", "server")
PARAGRAPHS_PER_FILE = 1_000
QUERIES = 60
SEED = 7

SUBJECTS = (
    "The northern brigade",
    "A convoy of trucks",
    "The harbour authority",
    "Local officials",
    "The engineering unit",
    "A group of volunteers",
    "The river patrol",
    "The regional council",
    "Railway workers",
    "The coastal battery",
)
VERBS = (
    "repaired",
    "inspected",
    "delivered",
    "reported",
    "guarded",
    "rebuilt",
    "counted",
    "moved",
    "surveyed",
    "supplied",
)
OBJECTS = (
    "grain silos",
    "bridges",
    "fuel depots",
    "field hospitals",
    "radio masts",
    "water pumps",
    "power lines",
    "border posts",
    "rail yards",
    "warehouses",
)
PLACES = (
    "Arden",
    "Belmar",
    "Corvin",
    "Dunmore",
    "Elstow",
    "Farrow",
    "Galen",
    "Harlow",
    "Ilsby",
    "Jarrow",
    "Kestrel",
    "Lorne",
)
MONTHS = ("January", "March", "May", "July", "September", "November")


def sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.randint(2, 9_999):,} "
        f"{rng.choice(OBJECTS)} near {rng.choice(PLACES)} in {rng.choice(MONTHS)} "
        f"{rng.randint(1990, 2030)}."
    )


def question(rng: random.Random) -> str:
    return (
        f"How many {rng.choice(OBJECTS)} did {rng.choice(SUBJECTS).lower()} "
        f"{rng.choice(VERBS).removesuffix('ed')} near {rng.choice(PLACES)}?"
    )


def write_corpus(folder: Path, chunks: int, seed: int = SEED) -> list[Path]:
    """``chunks`` paragraphs of three generated sentences, in files of 1,000 paragraphs."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(0, chunks, PARAGRAPHS_PER_FILE):
        count = min(PARAGRAPHS_PER_FILE, chunks - number)
        title = f"Field report {number // PARAGRAPHS_PER_FILE + 1}"
        paragraphs = [" ".join(sentence(rng) for _ in range(3)) for _ in range(count)]
        path = folder / f"report-{number // PARAGRAPHS_PER_FILE:04d}.txt"
        path.write_text("\n\n".join([title, *paragraphs]) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


class WordHashEmbeddings(Embeddings):
    """Bench-only stand-in for MiniLM: each word a seeded random vector, a text their sum."""

    def __init__(self, dimension: int = 384) -> None:
        self.dimension = dimension
        self._words: dict[str, np.ndarray] = {}

    def _word(self, word: str) -> np.ndarray:
        vector = self._words.get(word)
        if vector is None:
            rng = np.random.default_rng(zlib.crc32(word.encode()))
            vector = self._words[word] = rng.standard_normal(self.dimension).astype(np.float32)
        return vector

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors = []
        for text in texts:
            total = np.sum([self._word(w) for w in text.lower().split()], axis=0)
            vectors.append((total / (np.linalg.norm(total) or 1.0)).tolist())
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def vm_hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def case_settings(workdir: Path, chroma: str | None) -> Any:
    """Settings of one case: its own data dir, sharing the exported ONNX query model."""
    from assistant.api import models_dir
    from assistant.settings import Settings
    from index.embed import query_embeddings

    settings = Settings(data_dir=workdir / "data", sources=[workdir / "corpus"])
    if chroma:
        host, port = _host_port(chroma)
        settings = settings.model_copy(update={"chroma_host": host, "chroma_port": port})
    if not models_dir(settings).exists():
        shared = models_dir(Settings())
        query_embeddings(shared)  # exported by main() already; this only opens it
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        models_dir(settings).symlink_to(shared.resolve())
    return settings


def run_build(
    workdir: Path, chroma: str | None, workers: int = 1, minilm: bool = False
) -> dict[str, Any]:
    """Ingest the case's corpus in this process (and ``workers`` helpers); the figures.
    Document vectors are the word-hash stand-in's, or with ``minilm`` the real model's."""
    from assistant.api import build_index
    from index.embed import load_embeddings

    settings = case_settings(workdir, chroma)
    started = time.perf_counter()
    model = load_embeddings if minilm else WordHashEmbeddings
    manifest, _ = build_index(settings, embeddings=model, workers=workers)
    ingest_s = time.perf_counter() - started
    return {
        "chunks": manifest.chunk_count,
        "sentences": manifest.sentence_count,
        "ingest_s": ingest_s,
        "chunks_per_s": manifest.chunk_count / ingest_s,
        "build_rss_mb": vm_hwm_mb(),
        "workers": workers,
        "vectors": "minilm" if minilm else "word-hash",
    }


def run_queries(workdir: Path, chroma: str | None) -> dict[str, Any]:
    """Open the built index and time questions through ``Assistant.ask``."""
    from assistant.api import Assistant

    started = time.perf_counter()
    assistant = Assistant(case_settings(workdir, chroma))
    open_s = time.perf_counter() - started
    rng = random.Random(SEED + 1)
    questions = [question(rng) for _ in range(QUERIES)]
    for q in questions[:5]:
        assistant.ask(q)
    latencies = []
    for q in questions:
        started = time.perf_counter()
        assistant.ask(q)
        latencies.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {"open_s": open_s, "p50_ms": cuts[49], "p95_ms": cuts[94], "query_rss_mb": vm_hwm_mb()}


def _host_port(chroma: str) -> tuple[str, int]:
    host, port = chroma.split(":")
    return host, int(port)


def measure(chunks: int, mode: str, workers: int = 1, minilm: bool = False) -> dict[str, Any]:
    """One case: build, then query, each in a child process (its own peak RSS)."""
    with tempfile.TemporaryDirectory(prefix="scale-") as tmp:
        workdir = Path(tmp)
        write_corpus(workdir / "corpus", chunks)
        with ExitStack() as stack:
            extra: list[str] = []
            if mode == "server":
                host, port = stack.enter_context(chroma_server(workdir / "chroma-server"))
                extra = ["--chroma", f"{host}:{port}"]
            extra += ["--workers", str(workers)] + (["--minilm"] if minilm else [])
            figures: dict[str, Any] = {"mode": mode}
            for phase in ("build", "query"):
                command = [sys.executable, "-m", "benchmarks.scale", "--case", phase, str(workdir)]
                child = subprocess.run(
                    command + extra, capture_output=True, text=True, cwd=PROJECT_ROOT
                )
                if child.returncode != 0:
                    raise RuntimeError(f"{phase}: {child.stderr.strip().splitlines()[-1]}")
                figures |= json.loads(child.stdout.strip().splitlines()[-1])
            # The build's tables and BM25 index stay in the data dir in server mode too.
            stored = [workdir / "data/index"] + (
                [workdir / "chroma-server"] if mode == "server" else []
            )
            figures["index_bytes"] = sum(folder_bytes(folder) for folder in stored)
    return figures


def minilm_ingest(paths: list[Path]) -> dict[str, float]:
    """Real MiniLM on real articles, both ways in one run: embedding every chunk and every
    sentence (the baseline, as builds did before) against embedding each sentence once and
    pooling the chunk vectors from them (``index.embed.chunk_vectors``, as builds do now)."""
    from assistant.settings import Settings
    from index.chunk import segment
    from index.clean import clean_source
    from index.embed import chunk_vectors, load_embeddings

    settings = Settings()
    documents = [
        segment(
            clean_source(path.name, path.read_text(encoding="utf-8")),
            path.name,
            settings.chunk_max_chars,
            settings.chunk_overlap_sentences,
        )
        for path in paths
    ]
    model = load_embeddings()
    model.embed_documents([s.text for s in documents[0][0][:16]])
    started = time.perf_counter()
    full = [
        model.embed_documents([c.text for c in chunks])
        + model.embed_documents([s.text for s in sentences])
        for sentences, chunks in documents
    ]
    baseline_s = time.perf_counter() - started
    started = time.perf_counter()
    pooled = [
        chunk_vectors(
            chunks,
            sentences,
            np.asarray(model.embed_documents([s.text for s in sentences]), np.float32),
        )
        for sentences, chunks in documents
    ]
    pooled_s = time.perf_counter() - started
    chunk_count = sum(len(chunks) for _, chunks in documents)
    cosines = np.concatenate(
        [
            np.sum(np.asarray(vectors[: len(chunks)]) * own, axis=1)
            for vectors, own, (_, chunks) in zip(full, pooled, documents)
        ]
    )
    return {
        "chunks": chunk_count,
        "baseline_chunks_per_s": chunk_count / baseline_s,
        "pooled_chunks_per_s": chunk_count / pooled_s,
        "speedup": baseline_s / pooled_s,
        "cosine_mean": float(cosines.mean()),
        "cosine_min": float(cosines.min()),
    }


def json_case(figures: dict[str, Any]) -> dict[str, Any]:
    """One case as ``--json`` prints it: the figures, and the index size in MB."""
    return {**figures, "index_mb": round(figures["index_bytes"] / 1e6, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    parser.add_argument("--case", nargs=2, metavar=("PHASE", "WORKDIR"), help=argparse.SUPPRESS)
    parser.add_argument("--chroma", help=argparse.SUPPRESS)
    parser.add_argument(
        "--workers", type=int, default=1, help="build with this many worker processes"
    )
    parser.add_argument(
        "--json", action="store_true", help="print the cases as JSON (one object, or a list)"
    )
    parser.add_argument(
        "--minilm", action="store_true", help="embed documents with the real MiniLM (slow)"
    )
    parser.add_argument(
        "--real-ingest",
        action="store_true",
        help="only compare MiniLM ingest of real articles, pooled against embedded chunks",
    )
    args = parser.parse_args()
    if args.real_ingest:
        sys.stdout.write(json.dumps(minilm_ingest(REAL_ARTICLES)) + "\n")
        return
    if args.case:
        phase, workdir = args.case[0], Path(args.case[1])
        figures = (
            run_build(workdir, args.chroma, args.workers, args.minilm)
            if phase == "build"
            else run_queries(workdir, args.chroma)
        )
        sys.stdout.write(json.dumps(figures) + "\n")
        return

    from assistant.api import models_dir
    from assistant.settings import Settings
    from index.embed import query_embeddings

    # Export the ONNX query model here, so no case's peak RSS includes the export (torch).
    query_embeddings(models_dir(Settings()))
    if args.json:
        cases = [
            json_case(measure(size, mode, args.workers, args.minilm))
            for size in args.sizes
            for mode in args.modes
        ]
        sys.stdout.write(json.dumps(cases[0] if len(cases) == 1 else cases) + "\n")
        return
    out = sys.stdout.write
    out("\n== Scale: generated corpus, WordHash document vectors, real query path ==\n")
    out(
        f"{'chunks':>8} {'mode':>9} {'ingest s':>9} {'chunks/s':>9} {'build RSS':>10} "
        f"{'open s':>7} {'p50 ms':>7} {'p95 ms':>7} {'query RSS':>10} {'index MB':>9}\n"
    )
    for size in args.sizes:
        for mode in args.modes:
            f = measure(size, mode, args.workers, args.minilm)
            out(
                f"{f['chunks']:>8} {mode:>9} {f['ingest_s']:>9.1f} {f['chunks_per_s']:>9.0f} "
                f"{f['build_rss_mb']:>7.0f} MB {f['open_s']:>7.1f} {f['p50_ms']:>7.1f} "
                f"{f['p95_ms']:>7.1f} {f['query_rss_mb']:>7.0f} MB "
                f"{f['index_bytes'] / 1e6:>9.1f}\n"
            )
            sys.stdout.flush()
    real = minilm_ingest(REAL_ARTICLES)
    out(
        f"MiniLM ingest of real articles ({real['chunks']} chunks): "
        f"{real['pooled_chunks_per_s']:.1f} chunks/s with chunk vectors pooled from sentence "
        f"vectors, {real['baseline_chunks_per_s']:.1f} chunks/s embedding chunks and sentences "
        f"(baseline), {real['speedup']:.2f}x; pooled against embedded chunk vectors: cosine "
        f"mean {real['cosine_mean']:.3f}, min {real['cosine_min']:.3f}\n"
    )


if __name__ == "__main__":
    main()
