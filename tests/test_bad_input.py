"""Bad input never crashes: a clear one-line error and exit 2, or a valid answer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.api import Assistant
from assistant.errors import InvalidQuestionError
from assistant.questions import validate_question
from tests.conftest import run_cli


@given(st.text(max_size=3000))
def test_any_text_is_either_a_valid_question_or_a_clear_error(text: str) -> None:
    try:
        checked = validate_question(text, max_chars=2000)
    except InvalidQuestionError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert checked == text.strip() and 0 < len(checked) <= 2000


@pytest.mark.slow
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(min_size=1, max_size=300))
def test_any_question_gets_a_contract_answer_or_a_clear_error(
    assistant: Assistant, article_text: str, text: str
) -> None:
    try:
        answer = assistant.ask(text)
    except InvalidQuestionError:
        return
    ids = {c.id for c in answer.citations}
    assert {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)} <= ids
    for c in answer.citations:
        assert article_text[c.start : c.end] == c.text


@pytest.mark.slow
@pytest.mark.parametrize(
    "question", ["x" * 100_000, "what\x07is this", "tab\tand\x1bescape", "\u200b"]
)
def test_cli_rejects_bad_questions_with_one_line(data_dir: Path, question: str) -> None:
    result = run_cli("ask", question, data_dir=data_dir)
    if result.returncode == 0:  # a zero-width space is a question, if an odd one
        assert question == "\u200b"
        return
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


@pytest.mark.slow
def test_invalid_utf8_on_stdin_exits_2(data_dir: Path) -> None:
    import os
    import subprocess
    import sys

    from assistant.settings import PROJECT_ROOT

    result = subprocess.run(
        [sys.executable, "-m", "ui.cli", "ask", "--jsonl"],
        input=b"Who wrote it?\n\xff\xfe broken\n",
        capture_output=True,
        env={**os.environ, "ASSISTANT_DATA_DIR": str(data_dir)},
        cwd=PROJECT_ROOT,
        timeout=120,
    )
    assert result.returncode == 2
    assert b"not valid UTF-8" in result.stderr and b"Traceback" not in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "no supported files"),
        (lambda d: (d / "b.bin").write_bytes(bytes(range(256))) and d / "b.bin", "binary"),
        (lambda d: (d / "e.txt").write_bytes(b"") or d / "e.txt", "empty"),
    ],
)
def test_cli_rejects_bad_files_with_one_line(tmp_path: Path, make, reason: str) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("index", "build", str(make(tmp_path)), data_dir=tmp_path / "data")
    assert result.returncode == 2
    assert reason in result.stderr and result.stderr.count("\n") == 1
