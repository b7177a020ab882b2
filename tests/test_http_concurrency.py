"""Several clients at once over real loopback HTTP: asking with unusual words while
documents full of them are added gives no 5xx and the answers asked one at a time."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from assistant.ports import free_port
from assistant.settings import Settings
from tests.test_text_threads import _unusual_words

pytestmark = pytest.mark.slow

QUESTIONS = [
    "Were the Houthis recruitingationalisms of Yemenifications for Russia?",
    "How many Nepalesefulnesses fought overwhelmingly for Russia?",
    "Which countries supplied mercenariesization to the Kremlinisations?",
    "Did North Korean troopsiveness reach the Kursk regionalizations?",
]


def test_asking_and_adding_at_once_gives_no_5xx_and_the_same_answers(
    tmp_path: Path, article_copy: Path
) -> None:
    from assistant.api import Assistant
    from ui.http_api import serving

    settings = Settings(
        data_dir=tmp_path / "data",
        sources=[article_copy],
        rate_limit="10000/minute",
        rate_limit_changes="1000/minute",
    )
    with serving(Assistant(settings), free_port()) as api:
        article = httpx.get(f"{api}/documents", timeout=30).json()[0]["id"]

        def ask(question: str) -> tuple[int, str]:
            body = {"question": question, "documents": [article]}
            response = httpx.post(f"{api}/ask", json=body, timeout=300)
            return response.status_code, response.text

        def add(seed: int) -> tuple[int, str]:
            text = " ".join(_unusual_words(seed, 3000)) + "."
            body = {"text": text, "name": f"unusual {seed}"}
            response = httpx.post(f"{api}/documents", json=body, timeout=300)
            return response.status_code, response.text

        alone = [ask(q) for q in QUESTIONS]
        assert all(status == 200 for status, _ in alone), alone
        with ThreadPoolExecutor(max_workers=5) as pool:
            adding = [pool.submit(add, seed) for seed in range(2)]
            together = list(pool.map(ask, QUESTIONS * 3))
            added = [f.result() for f in adding]
    assert all(status in (200, 201) for status, _ in added), added
    assert together == alone * 3
