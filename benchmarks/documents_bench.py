"""Bench figures for bringing your own documents and for live answers (``make bench``).

- Adding a 5,000-word document: seconds from ``add_document`` to its first answer
  (embedding included, questions asked twice a second meanwhile), beside the baseline of
  re-indexing every document from scratch; and the latency of those questions, beside
  idle latency.
- Streaming: seconds from the moment a scripted model has sent its first answer sentence
  to the moment the assistant yields that sentence, verified and cited.

The text is real prose: the article text of the saved pages in ``tests/fixtures/pages``
and the bundled article, cut at 5,000 words.
"""

from __future__ import annotations

import statistics
import threading
import time
from pathlib import Path
from typing import Any

from assistant.api import Assistant
from assistant.settings import BUNDLED_ARTICLE, PROJECT_ROOT, Settings
from tests.fake_llm import FakeLLMServer, yemen_reply

PAGES = PROJECT_ROOT / "tests" / "fixtures" / "pages"
WORDS = 5000
ASK_EVERY_S = 0.5
BUSY_QUESTION = "How many troops did North Korea send to join the invasion?"


def long_read(words: int = WORDS) -> str:
    """``words`` words of real article text, paragraph by paragraph."""
    from index.clean import clean_source

    paragraphs: list[str] = []
    for path in [*sorted(PAGES.glob("*.html")), BUNDLED_ARTICLE]:
        paragraphs += clean_source(path.name, path.read_text(encoding="utf-8")).text.split("\n\n")
    kept, count = [], 0
    for paragraph in paragraphs:
        if count >= words:
            break
        kept.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(kept)


def add_document_figures(work: Path) -> dict[str, float]:
    """Time to add a 5,000-word document and answer a question from it, and the latency
    of questions asked meanwhile, beside a from-scratch rebuild and idle latency."""
    from index.embed import load_embeddings

    load_embeddings()  # loaded once per process, as in a running server
    text = long_read()
    question = "What is t-SNE used for?"
    assistant = Assistant(Settings(data_dir=work / "byod"))
    idle = [_seconds(lambda: assistant.ask(BUSY_QUESTION)) for _ in range(20)]
    busy: list[float] = []
    adding = threading.Thread(
        target=lambda: assistant.add_document(text=text, name="long read"), daemon=True
    )
    start = time.perf_counter()
    adding.start()
    while adding.is_alive():  # a chat user asking twice a second meanwhile
        busy.append(_seconds(lambda: assistant.ask(BUSY_QUESTION)))
        time.sleep(ASK_EVERY_S)
    adding.join()
    document = next(d for d in assistant.list_documents() if d.name == "long read")
    assistant.ask(question, documents=[document.id])
    added_s = time.perf_counter() - start

    from assistant.api import build_index

    rebuild_s = _seconds(
        lambda: build_index(
            Settings(data_dir=work / "byod-rebuild"),
            [BUNDLED_ARTICLE, Path(assistant.index.manifest.sources[-1].path)],
            force=True,
        )
    )
    return {
        "words": float(len(text.split())),
        "chunks": float(document.chunks),
        "add_to_first_answer_s": added_s,
        "rebuild_all_s": rebuild_s,
        "idle_p50_ms": 1000 * statistics.median(idle),
        "during_add_p50_ms": 1000 * statistics.median(busy) if busy else float("nan"),
        "during_add_max_ms": 1000 * max(busy) if busy else float("nan"),
        "answered_during_add": float(len(busy)),
    }


def _seconds(action: Any) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def streaming_figures(work: Path, runs: int = 5) -> dict[str, float]:
    """Seconds from a scripted model finishing its first sentence to the assistant
    yielding it verified (median and max over ``runs``), beside the whole reply's time."""
    fake = FakeLLMServer()
    fake.reply, fake.pieces, fake.piece_delay = yemen_reply, 16, 0.1
    settings = Settings(
        data_dir=work / "stream",
        answerer="openai-compatible",
        llm_base_url=f"http://127.0.0.1:{fake.port}/v1",
        llm_model="fake",
    )
    assistant = Assistant(settings)
    question = "Who supplied Russia with Yemeni mercenaries?"
    lags, totals = [], []
    try:
        for _ in range(runs):
            fake.sent.clear()
            start = time.monotonic()
            steps = iter(assistant.stream(question))
            next(steps)
            shown = time.monotonic()
            for _ in steps:
                pass
            totals.append(time.monotonic() - start)
            reply = yemen_reply(fake.requests[-1])
            first_end = reply.index("}", reply.index('"quote"')) + 1  # first sentence sent
            written = next(at for at, sent in fake.sent if sent >= first_end)
            lags.append(shown - written)
    finally:
        fake.stop()
    return {
        "first_sentence_lag_p50_s": statistics.median(lags),
        "first_sentence_lag_max_s": max(lags),
        "whole_reply_s": statistics.median(totals),
    }
