"""``make bench`` (scale part): how ingest, size, query latency and memory grow with chunks.

The corpus is generated here: seeded sentences composed from a fixed vocabulary, three to
a paragraph, one paragraph per chunk, 1,000 paragraphs per file. Each case (chunk count x
store mode) runs in a child process of its own, so its peak RSS (VmHWM) is its own.

Document vectors come from ``WordHashEmbeddings``, a bench-only stand-in for MiniLM (a sum
of seeded random word vectors): MiniLM embeds about 75 texts/s on this 2-core machine, so
100k chunks (about 400k texts with their sentences) would take an hour and a half per mode.
Everything else is the product's own path: cleaning, sentence splitting, chunking, Chroma
writes, index loading, BM25, and questions answered through ``Assistant.ask`` with the real
ONNX MiniLM query encoder. MiniLM's own document throughput is measured separately, so
the embedding share of a real ingest can be read off. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

SIZES = (1_000, 10_000, 100_000)
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


def run_case(chunks: int, workdir: Path, chroma: str | None) -> dict[str, Any]:
    """Build and query one case in this process; the figures as a dict."""
    from assistant.api import Assistant, chunker_settings, models_dir
    from assistant.settings import PROJECT_ROOT, Settings
    from index import load, store
    from index.embed import query_embeddings

    settings = Settings(data_dir=workdir / "data", sources=[workdir / "corpus"])
    server = None
    if chroma:
        server = store.ChromaServer(*_host_port(chroma))
        settings = settings.model_copy(
            update={"chroma_host": server.host, "chroma_port": server.port}
        )
    # The ONNX query model exported once in the default data dir, shared by every case.
    shared_models = models_dir(Settings())
    query_embeddings(shared_models)
    settings.data_dir.mkdir(parents=True)
    models_dir(settings).symlink_to(shared_models.resolve())

    started = time.perf_counter()
    documents = load.load_sources([workdir / "corpus"], PROJECT_ROOT)
    manifest, _ = store.build(
        settings.data_dir,
        documents,
        chunker_settings(settings),
        WordHashEmbeddings,
        server=server,
    )
    ingest_s = time.perf_counter() - started

    started = time.perf_counter()
    assistant = Assistant(settings)
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
    return {
        "chunks": manifest.chunk_count,
        "sentences": manifest.sentence_count,
        "ingest_s": ingest_s,
        "chunks_per_s": manifest.chunk_count / ingest_s,
        "open_s": open_s,
        "p50_ms": cuts[49],
        "p95_ms": cuts[94],
        "peak_rss_mb": vm_hwm_mb(),
        "index_bytes": folder_bytes(settings.data_dir / "index"),
    }


def _host_port(chroma: str) -> tuple[str, int]:
    host, port = chroma.split(":")
    return host, int(port)


def start_chroma(path: Path) -> tuple[subprocess.Popen[bytes], str]:
    """A ``chroma run`` server on a free loopback port, its data in ``path``."""
    import socket

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "chroma"), "run", "--path", str(path)]
        + ["--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "RUST_LOG": "warn"},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).is_success:
                return process, f"127.0.0.1:{port}"
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("chroma run did not start")


def measure(chunks: int, mode: str) -> dict[str, Any]:
    """One case in a child process (its own peak RSS); server data size measured here."""
    with tempfile.TemporaryDirectory(prefix="scale-") as tmp:
        workdir = Path(tmp)
        write_corpus(workdir / "corpus", chunks)
        server = None
        command = [sys.executable, "-m", "eval.scale", "--case", str(chunks), str(workdir)]
        if mode == "server":
            server, address = start_chroma(workdir / "chroma-server")
            command += ["--chroma", address]
        try:
            child = subprocess.run(command, capture_output=True, text=True, check=False)
            if child.returncode != 0:
                raise RuntimeError(child.stderr.strip().splitlines()[-1])
            figures: dict[str, Any] = json.loads(child.stdout.strip().splitlines()[-1])
            if server is not None:
                figures["index_bytes"] = folder_bytes(workdir / "chroma-server")
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
        shutil.rmtree(workdir / "corpus", ignore_errors=True)
    return {"mode": mode, **figures}


def minilm_texts_per_s(count: int = 256) -> float:
    """Documents per second MiniLM embeds here (the real model, generated sentences)."""
    from index.embed import load_embeddings

    rng = random.Random(SEED)
    texts = [" ".join(sentence(rng) for _ in range(3)) for _ in range(count)]
    model = load_embeddings()
    model.embed_documents(texts[:16])
    started = time.perf_counter()
    model.embed_documents(texts)
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    parser.add_argument("--case", nargs=2, metavar=("CHUNKS", "WORKDIR"), help=argparse.SUPPRESS)
    parser.add_argument("--chroma", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        figures = run_case(int(args.case[0]), Path(args.case[1]), args.chroma)
        sys.stdout.write(json.dumps(figures) + "\n")
        return

    out = sys.stdout.write
    out("\n== Scale: generated corpus, WordHash document vectors, real query path ==\n")
    out(
        f"{'chunks':>8} {'mode':>9} {'ingest s':>9} {'chunks/s':>9} {'open s':>7} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'RSS MB':>7} {'index MB':>9}\n"
    )
    for size in args.sizes:
        for mode in args.modes:
            f = measure(size, mode)
            out(
                f"{f['chunks']:>8} {mode:>9} {f['ingest_s']:>9.1f} {f['chunks_per_s']:>9.0f} "
                f"{f['open_s']:>7.1f} {f['p50_ms']:>7.1f} {f['p95_ms']:>7.1f} "
                f"{f['peak_rss_mb']:>7.0f} {f['index_bytes'] / 1e6:>9.1f}\n"
            )
            sys.stdout.flush()
    rate = minilm_texts_per_s()
    out(
        f"MiniLM document embedding here: {rate:.0f} texts/s; a real ingest embeds each chunk "
        f"and each of its sentences (4 texts per generated chunk).\n"
    )


if __name__ == "__main__":
    main()
