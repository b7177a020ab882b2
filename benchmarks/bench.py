"""``make bench``: speed, memory and retrieval of the assistant against a naive RAG baseline.

Both systems run in this process on the same embeddings and the same question set:

- assistant: cleaned article, sentence-aware chunks, hybrid (dense + BM25) retrieval and
  the offline extractive answerer;
- baseline: LangChain's RecursiveCharacterTextSplitter (1000/200) over the raw file, Chroma
  similarity search top-4 (top-5 for hit@5).

A gold hit at k: one of the top-k retrieved chunks contains a gold support span. The
chunk-size sweep rebuilds the assistant's index at several sizes to show why the default
was chosen. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from assistant.api import Assistant, build_index
from assistant.ports import free_port
from assistant.settings import BUNDLED_ARTICLE, PROJECT_ROOT, Settings
from benchmarks.documents_bench import add_document_figures, streaming_figures
from benchmarks.load import HEADER, LoadResult, run_load
from benchmarks.services import VENV_BIN, running
from eval.baseline import build_baseline
from eval.question_sets import Item, load_items

KS = (1, 3, 5)
WARM_UP = ["warm-up question one?", "What about the second warm-up?", "A third one."]


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def hit_rates(
    items: list[Item], retrieve: Callable[[str], list[tuple[int, int]]]
) -> dict[int, float]:
    """Share of items whose gold span lies inside one of the top-k retrieved spans."""
    hits = dict.fromkeys(KS, 0)
    for item in items:
        spans = retrieve(item.question)
        for k in KS:
            if any(s <= g.start and g.end <= e for s, e in spans[:k] for g in item.support):
                hits[k] += 1
    return {k: hits[k] / len(items) for k in KS}


def elapsed_ms(fn: Callable[[str], object], argument: str) -> float:
    start = time.perf_counter()
    fn(argument)
    return (time.perf_counter() - start) * 1000


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_assistant(
    work: Path, items: list[Item], questions: list[str], use_reader: bool = True
) -> dict[str, float]:
    from index.embed import load_embeddings

    load_embeddings().embed_query("warm the model")  # keep model loading out of build time
    folder = "assistant" if use_reader else "assistant-without-reader"
    settings = Settings(data_dir=work / folder, use_reader=use_reader)
    start = time.perf_counter()
    build_index(settings)
    build_s = time.perf_counter() - start
    assistant = Assistant(settings)
    retriever = assistant.as_retriever()
    for q in WARM_UP:
        assistant.ask(q)
    # Each question asked once, so the query-embedding cache never helps.
    latencies = [elapsed_ms(assistant.ask, q) for q in questions]
    hits = hit_rates(
        items,
        lambda q: [(d.metadata["start"], d.metadata["end"]) for d in retriever.invoke(q)],
    )
    return {"build_s": build_s, **latency_figures(latencies), **hit_figures(hits)}


def bench_baseline(work: Path, items: list[Item], questions: list[str]) -> dict[str, float]:
    from index.embed import load_embeddings
    from index.load import load_source

    settings = Settings(data_dir=work / "baseline")
    article = load_source(BUNDLED_ARTICLE, PROJECT_ROOT)
    start = time.perf_counter()
    chain, retriever = build_baseline(article, load_embeddings(), work / "baseline", settings)
    build_s = time.perf_counter() - start

    def ask(q: str) -> object:
        return chain.invoke({"question": q, "history": []})

    def spans(q: str) -> list[tuple[int, int]]:
        found = retriever.invoke(q, k=max(KS))
        return [(d.metadata["start"], d.metadata["end"]) for d in found]

    for q in WARM_UP:
        ask(q)
    latencies = [elapsed_ms(ask, q) for q in questions]
    hits = hit_rates(items, spans)
    return {"build_s": build_s, **latency_figures(latencies), **hit_figures(hits)}


def latency_figures(latencies: list[float]) -> dict[str, float]:
    return {"p50_ms": percentile(latencies, 50), "p95_ms": percentile(latencies, 95)}


def hit_figures(hits: dict[int, float]) -> dict[str, float]:
    return {f"hit@{k}": v for k, v in hits.items()}


# Runs ``assistant ask`` and reports its own peak RSS as VmHWM. (Linux carries ru_maxrss
# across fork and exec, so a child of this large process would report this one's peak.)
_MEASURED_ASK = (
    "import runpy, sys\n"
    "sys.argv = ['assistant', 'ask', '--json', 'Who wrote the article?']\n"
    "try:\n"
    "    runpy.run_module('ui.cli', run_name='__main__')\n"
    "except SystemExit:\n"
    "    pass\n"
    "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
    "sys.stderr.write('MAXRSS %s\\n' % hwm)\n"
)


def cold_ask_seconds(data_dir: Path, runs: int = 3) -> tuple[float, float]:
    """Median wall time and peak RSS (MB) of a fresh ``assistant ask`` process."""
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data_dir)}
    times, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", _MEASURED_ASK],
            env=env,
            cwd=PROJECT_ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        times.append(time.perf_counter() - start)
        peaks.append(int(done.stderr.rsplit("MAXRSS ", 1)[1].split()[0]) / 1024)
    return statistics.median(times), max(peaks)


def chunk_size_sweep(work: Path, items: list[Item], sizes: list[int]) -> list[str]:
    rows = []
    for size in sizes:
        settings = Settings(data_dir=work / f"sweep-{size}", chunk_max_chars=size)
        manifest, _ = build_index(settings)
        retriever = Assistant(settings).as_retriever()
        hits = hit_rates(
            items,
            lambda q: [(d.metadata["start"], d.metadata["end"]) for d in retriever.invoke(q)],
        )
        rows.append(
            f"| {size} | {manifest.chunk_count} | "
            + " | ".join(f"{hits[k]:.2f}" for k in KS)
            + " |"
        )
    return rows


def load_front_doors(
    data_dir: Path, questions: list[str], clients: int, seconds: float
) -> list[LoadResult]:
    """Start ``assistant serve`` and ``assistant ui`` on loopback and load each."""
    # Capacity is measured: the one client address must not meet the rate limit.
    env = {"ASSISTANT_DATA_DIR": str(data_dir), "ASSISTANT_RATE_LIMIT": "1000000/minute"}
    http_port, ui_port = free_port(), free_port()
    serve = [str(VENV_BIN / "assistant"), "serve", "--port", str(http_port)]
    chat = [str(VENV_BIN / "assistant"), "ui", "--port", str(ui_port)]
    http_url, ui_url = f"http://127.0.0.1:{http_port}", f"http://127.0.0.1:{ui_port}/"
    with running(serve, f"{http_url}/health", env), running(chat, ui_url, env):
        return run_load(http_url, ui_url, questions, clients, seconds)


def streaming_lag(streamed: dict[str, float]) -> str:
    return (
        f"p50 {1000 * streamed['first_sentence_lag_p50_s']:.0f} ms, "
        f"max {1000 * streamed['first_sentence_lag_max_s']:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the assistant against a baseline.")
    parser.add_argument("--sizes", default="200,300,500,800", help="chunk sizes to sweep")
    parser.add_argument("--clients", type=int, default=50, help="load test clients")
    parser.add_argument("--seconds", type=float, default=30, help="load test duration per API")
    args = parser.parse_args()
    out = sys.stdout
    items = [i for i in load_items() if i.answerable]
    questions = [i.question for i in load_items()]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        ours = bench_assistant(work, items, questions)
        unread = bench_assistant(work, items, questions, use_reader=False)
        base = bench_baseline(work, items, questions)
        cold_s, cold_rss = cold_ask_seconds(work / "assistant")
        sweep = chunk_size_sweep(work, items, [int(s) for s in args.sizes.split(",")])
        loaded = load_front_doors(work / "assistant", questions, args.clients, args.seconds)
        added = add_document_figures(work)
        streamed = streaming_figures(work)

    out.write(f"# Benchmark ({len(questions)} questions, {len(items)} with gold spans)\n\n")
    out.write("| figure | assistant | without the reader | baseline |\n| --- | --- | --- | --- |\n")
    for figure, key, form in [
        ("index build (s, model loaded)", "build_s", ".2f"),
        ("warm query p50 (ms)", "p50_ms", ".1f"),
        ("warm query p95 (ms)", "p95_ms", ".1f"),
        *((f"gold hit@{k}", f"hit@{k}", ".2f") for k in KS),
    ]:
        out.write(
            f"| {figure} | {ours[key]:{form}} | {unread[key]:{form}} | {base[key]:{form}} |\n"
        )
    out.write(
        f"\nwarm query p95 against the baseline's: {ours['p95_ms'] / base['p95_ms']:.1f}x "
        f"(without the reader {unread['p95_ms'] / base['p95_ms']:.1f}x)\n"
    )
    out.write(
        "\nquery = retrieval + the offline answer step, for both systems.\n"
        f"\ncold `assistant ask` process: {cold_s:.2f} s (median of 3), "
        f"peak RSS {cold_rss:.0f} MB\n"
        f"benchmark process peak RSS (both systems, all indexes): {peak_rss_mb():.0f} MB\n"
    )
    out.write("\n## Chunk size sweep (assistant retrieval, top-5 fused)\n\n")
    out.write("| max chars | chunks | hit@1 | hit@3 | hit@5 |\n| --- | --- | --- | --- | --- |\n")
    out.write("\n".join(sweep) + "\n")
    out.write(f"\n## Load ({args.clients} concurrent clients, loopback)\n\n{HEADER}\n")
    out.write("\n".join(r.row() for r in loaded) + "\n")
    out.write(
        f"\n## Bring your own document ({added['words']:.0f} words, "
        f"{added['chunks']:.0f} chunks, pasted)\n\n"
        "| figure | value | baseline |\n| --- | --- | --- |\n"
        f"| add, then first answer from it (s) | {added['add_to_first_answer_s']:.1f} | "
        f"{added['rebuild_all_s']:.1f} (re-index everything) |\n"
        f"| question p50 while adding (ms) | {added['during_add_p50_ms']:.1f} | "
        f"{added['idle_p50_ms']:.1f} (idle) |\n"
        f"| slowest question while adding (ms) | {added['during_add_max_ms']:.0f} | – |\n"
        f"\n## Streaming (scripted model, 16 pieces 0.1 s apart)\n\n"
        f"first sentence shown after the model sent it: {streaming_lag(streamed)} "
        f"(whole reply {streamed['whole_reply_s']:.2f} s)\n"
    )


if __name__ == "__main__":
    main()
