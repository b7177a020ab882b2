"""The command line contract other tools rely on."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT
from tests.conftest import run_cli

pytestmark = pytest.mark.slow

ANSWER_KEYS = {"question", "answer", "abstained", "citations"}
CITATION_KEYS = {"id", "source", "start", "end", "text", "score", "document_id", "page"}


@pytest.fixture(scope="module")
def cli_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("cli-data")
    built = run_cli("index", "build", data_dir=data_dir)
    assert built.returncode == 0, built.stderr
    assert "index built" in built.stdout
    return data_dir


def check_answer_json(obj: dict) -> None:  # type: ignore[type-arg]
    assert ANSWER_KEYS <= set(obj)
    assert isinstance(obj["abstained"], bool)
    for c in obj["citations"]:
        assert set(c) == CITATION_KEYS
        source = (PROJECT_ROOT / c["source"]).read_bytes().decode("utf-8")
        assert source[c["start"] : c["end"]] == c["text"]
    ids = {c["id"] for c in obj["citations"]}
    assert {int(n) for n in re.findall(r"\[(\d+)\]", obj["answer"])} <= ids


def test_ask_json_prints_one_object_with_exact_citations(cli_data_dir: Path) -> None:
    result = run_cli(
        "ask", "--json", "How many troops did North Korea send?", data_dir=cli_data_dir
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    check_answer_json(answer)
    assert answer["citations"][0]["source"] == "corpus/foreign-troops-russia.txt"
    assert "ten thousand" in answer["answer"]


def test_ask_leaves_stderr_empty(cli_data_dir: Path) -> None:
    """No library's log lines (bm25s, Chroma, transformers) reach a user's terminal."""
    result = run_cli("ask", "Who supplied Russia with Yemeni mercenaries?", data_dir=cli_data_dir)
    assert result.returncode == 0 and result.stderr == ""


def test_ask_for_people_lists_numbered_sources(cli_data_dir: Path) -> None:
    result = run_cli("ask", "Who supplied Russia with Yemeni mercenaries?", data_dir=cli_data_dir)
    assert result.returncode == 0, result.stderr
    assert "[1]" in result.stdout and "Sources:" in result.stdout
    assert "corpus/foreign-troops-russia.txt:" in result.stdout


def test_ask_jsonl_answers_each_line(cli_data_dir: Path) -> None:
    questions = ["Who wrote the article?", "", "What is the capital of France?", "x" * 3000]
    result = run_cli("ask", "--jsonl", data_dir=cli_data_dir, stdin="\n".join(questions) + "\n")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3  # the blank line is skipped
    check_answer_json(lines[0])
    assert lines[1]["abstained"] is True
    assert "maximum is 2000" in lines[2]["error"]


@pytest.mark.parametrize("question", ["", "   ", "x" * 2001])
def test_bad_question_exits_2_with_one_line(cli_data_dir: Path, question: str) -> None:
    result = run_cli("ask", question, data_dir=cli_data_dir)
    assert result.returncode == 2
    assert result.stderr.startswith("assistant: error: ")
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_index_info_describes_the_index(cli_data_dir: Path) -> None:
    result = run_cli("index", "info", data_dir=cli_data_dir)
    assert result.returncode == 0
    info = json.loads(result.stdout)
    assert info["dimension"] == 384 and info["chunks"] > 10
    assert info["sources"][0]["name"] == "corpus/foreign-troops-russia.txt"


def test_index_info_without_an_index_exits_2(tmp_path: Path) -> None:
    result = run_cli("index", "info", data_dir=tmp_path / "empty")
    assert result.returncode == 2 and "assistant index build" in result.stderr


def test_unchanged_corpus_build_says_up_to_date(cli_data_dir: Path) -> None:
    result = run_cli("index", "build", data_dir=cli_data_dir)
    assert result.returncode == 0 and "up to date" in result.stdout


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys; from ui.cli import parser; parser();"
        "print(sorted(m for m in ('torch', 'gradio', 'chromadb', 'langchain_core') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_docs_add_list_ask_and_remove_from_the_command_line(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    notes = "The ferry to Tobermory leaves at 7 o'clock every morning from pier two."
    added = run_cli(
        "docs", "add", "-", "--name", "ferry notes", "--json", data_dir=data_dir, stdin=notes
    )
    assert added.returncode == 0, added.stderr
    document = json.loads(added.stdout)
    assert document["name"] == "ferry notes" and document["kind"] == "text"
    listed = run_cli("docs", "list", "--json", data_dir=data_dir)
    assert document["id"] in {d["id"] for d in json.loads(listed.stdout)}
    asked = run_cli(
        "ask",
        "--json",
        "--document",
        document["id"],
        "When does the ferry leave?",
        data_dir=data_dir,
    )
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert answer["citations"] and answer["citations"][0]["document_id"] == document["id"]
    assert notes[answer["citations"][0]["start"] : answer["citations"][0]["end"]] in notes
    removed = run_cli("docs", "remove", document["id"], data_dir=data_dir)
    assert removed.returncode == 0 and document["id"] in removed.stdout
    again = run_cli("docs", "remove", document["id"], data_dir=data_dir)
    assert again.returncode == 2
    assert again.stderr.strip().count("\n") == 0 and "no document" in again.stderr
    # which library was searched: the data dir the user may have meant another of
    assert str(data_dir) in again.stderr


def test_docs_add_of_the_same_document_again_says_it_is_already_in_the_library(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "data"
    notes = "The ferry to Tobermory leaves at 7 o'clock every morning from pier two."
    added = run_cli("docs", "add", "-", "--name", "ferry notes", data_dir=data_dir, stdin=notes)
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("added ") and "ferry notes" in added.stdout
    stored = sorted((data_dir / "documents").iterdir())
    again = run_cli("docs", "add", "-", "--name", "ferry notes", data_dir=data_dir, stdin=notes)
    assert again.returncode == 0, again.stderr
    assert again.stdout == "already in the library: ferry notes\n"
    # Nothing rebuilt, and the copy staged for the second add is gone.
    assert sorted((data_dir / "documents").iterdir()) == stored


def test_docs_add_refuses_bad_input_with_exit_2_and_one_line(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    (tmp_path / "slides.pptx").write_bytes(b"PK\x03\x04")
    for args, reason in [
        (["docs", "add", str(tmp_path / "slides.pptx")], "unsupported type .pptx"),
        (["docs", "add", "-"], "needs a name"),
        (["docs", "add", "http://127.0.0.1:9/page"], "inside this server's network"),
        (["docs", "add", "ftp://example.org/notes.txt"], "only http and https links"),
    ]:
        refused = run_cli(*args, data_dir=data_dir, stdin="")
        assert refused.returncode == 2, refused.stderr
        assert reason in refused.stderr and "Traceback" not in refused.stderr


def test_docs_add_says_what_it_left_out_of_the_document(tmp_path: Path) -> None:
    page = PROJECT_ROOT / "tests" / "fixtures" / "news" / "riverside-bridge.md"
    added = run_cli("docs", "add", str(page), data_dir=tmp_path)
    assert added.returncode == 0, added.stderr
    first, second = added.stdout.splitlines()[:2]
    assert first.startswith("added ") and "chunks)" in first
    assert second.strip().startswith("5 blocks left out as page chrome: “The Millbrook Courier”")
    listed = json.loads(run_cli("docs", "list", "--json", data_dir=tmp_path).stdout)
    record = next(d for d in listed if d["name"] == "riverside-bridge.md")
    assert [b["text"] for b in record["left_out"]][-1].startswith("©")


def test_eval_offers_every_document_set_the_evaluation_has() -> None:
    from eval.document_sets import DOCUMENT_SETS
    from ui.cli import DOCUMENT_SET_NAMES

    assert DOCUMENT_SET_NAMES == tuple(DOCUMENT_SETS)
