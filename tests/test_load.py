"""The load harness of ``make bench`` works: a short, small run with zero errors."""

from __future__ import annotations

import pytest

from assistant.api import Assistant
from assistant.ports import free_port
from benchmarks.load import run_load

pytestmark = pytest.mark.slow


def test_short_concurrent_load_has_no_errors_and_no_mixed_up_answers(
    assistant: Assistant, app_url: str
) -> None:
    from ui.http_api import serving

    questions = [
        "Who supplied Russia with Yemeni mercenaries?",
        "How many troops did North Korea send?",
        "What is the capital of France?",
        "Who wrote the article?",
    ]
    # The harness measures capacity: one client address must not meet the rate limit.
    unlimited = Assistant(assistant.settings.model_copy(update={"rate_limit": "1000000/minute"}))
    with serving(unlimited, free_port()) as http_url:
        results = run_load(http_url, app_url, questions, clients=8, seconds=3)
    assert [r.name for r in results] == ["HTTP /ask", "Gradio /ask"]
    for result in results:
        assert result.latencies_ms, result.name
        assert result.errors == 0 and result.mismatched == 0
