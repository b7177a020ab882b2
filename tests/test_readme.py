"""The README's examples are true: run them and compare."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT
from tests.conftest import run_cli

pytestmark = pytest.mark.slow

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_console_example_prints_what_the_readme_shows(data_dir: Path) -> None:
    block = re.search(r"```console\n\$ \.venv/bin/assistant (.+?)\n(.*?)```", README, re.S)
    assert block is not None
    command, expected = block.group(1), block.group(2)
    question = re.fullmatch(r'ask "(.+)"', command)
    assert question is not None
    result = run_cli("ask", question.group(1), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected


def test_python_example_runs(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = re.search(r"```python\n(.*?)```", README, re.S)
    assert code is not None
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(data_dir))
    namespace: dict[str, object] = {"print": lambda *args: None}
    exec(code.group(1), namespace)
    assert "Houthis" in namespace["answer"].answer  # type: ignore[attr-defined]
    assert "Nepal" in namespace["follow_up"].answer  # type: ignore[attr-defined]
    assert len(namespace["passages"]) == 2  # type: ignore[arg-type]


def test_your_own_documents_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = re.search(r"```python\n# your own documents\n(.*?)```", README, re.S)
    assert code is not None
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path))
    printed: list[object] = []
    namespace: dict[str, object] = {"print": printed.append}
    exec(code.group(1), namespace)
    assert "7 o'clock" in namespace["answer"].answer  # type: ignore[attr-defined]
    assert printed == [["corpus/foreign-troops-russia.txt", "ferry notes"]]
    assert [d.name for d in namespace["assistant"].list_documents()] == [  # type: ignore[attr-defined]
        "corpus/foreign-troops-russia.txt"
    ]
