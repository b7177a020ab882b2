"""Load test: concurrent clients against the HTTP API and the Gradio API, loopback only.

Bounded in clients, time and requests. Each answer must come back for the question that
was asked (no mixed-up answers) and without error.
"""

from __future__ import annotations

import asyncio
import statistics
import threading
import time
from dataclasses import dataclass, field

MAX_REQUESTS = 20_000


@dataclass
class LoadResult:
    name: str
    clients: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    mismatched: int = 0

    def row(self) -> str:
        done = len(self.latencies_ms)
        q = statistics.quantiles(self.latencies_ms, n=100) if done > 1 else [0.0] * 99
        return (
            f"| {self.name} | {self.clients} | {self.seconds:.0f} | {done} | "
            f"{done / self.seconds:.1f} | {q[49]:.0f} | {q[94]:.0f} | {self.errors} | "
            f"{self.mismatched} |"
        )


HEADER = (
    "| API | clients | seconds | answers | answers/s | p50 ms | p95 ms | errors | mixed-up |\n"
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
)


async def load_http(url: str, questions: list[str], clients: int, seconds: float) -> LoadResult:
    """``clients`` concurrent clients POSTing /ask for ``seconds``."""
    import httpx

    result = LoadResult("HTTP /ask", clients, seconds)
    deadline = time.monotonic() + seconds

    async def client(number: int, http: httpx.AsyncClient) -> None:
        i = number
        while time.monotonic() < deadline and len(result.latencies_ms) < MAX_REQUESTS:
            question = questions[i % len(questions)]
            i += clients
            started = time.perf_counter()
            try:
                response = await http.post(f"{url}/ask", json={"question": question})
                response.raise_for_status()
                if response.json()["question"] != question:
                    result.mismatched += 1
            except Exception:
                result.errors += 1
                continue
            result.latencies_ms.append((time.perf_counter() - started) * 1000)

    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        await asyncio.gather(*(client(n, http) for n in range(clients)))
    return result


def load_gradio(url: str, questions: list[str], clients: int, seconds: float) -> LoadResult:
    """``clients`` threads calling the Gradio ``/ask`` endpoint for ``seconds``."""
    from gradio_client import Client

    result = LoadResult("Gradio /ask", clients, seconds)
    deadline = time.monotonic() + seconds
    lock = threading.Lock()

    def client(number: int) -> None:
        api = Client(url, verbose=False)
        i = number
        while time.monotonic() < deadline:
            question = questions[i % len(questions)]
            i += clients
            started = time.perf_counter()
            try:
                answer = api.predict(question, api_name="/ask")
                ok = answer["question"] == question
            except Exception:
                with lock:
                    result.errors += 1
                continue
            with lock:
                result.latencies_ms.append((time.perf_counter() - started) * 1000)
                result.mismatched += not ok

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 120)
    return result


def run_load(
    http_url: str, gradio_url: str, questions: list[str], clients: int, seconds: float
) -> list[LoadResult]:
    """Load the HTTP API at ``http_url``, then the Gradio app at ``gradio_url``."""
    results: list[LoadResult] = []
    # In a thread of its own: the caller may already run an event loop (Playwright does).
    runner = threading.Thread(
        target=lambda: results.append(asyncio.run(load_http(http_url, questions, clients, seconds)))
    )
    runner.start()
    runner.join()
    return [*results, load_gradio(gradio_url, questions, clients, seconds)]
