"""The ``assistant`` command line."""

from __future__ import annotations

import argparse
import gc
import json
import logging
import re
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from assistant.errors import DocumentNotFoundError, InvalidQuestionError, UserError
from assistant.settings import ANSWERERS, Settings

if TYPE_CHECKING:
    from assistant.library import DocumentInfo

EXIT_BAD_INPUT = 2
# ``eval.document_sets.DOCUMENT_SETS``, named here so that ``--help`` imports nothing heavy.
DOCUMENT_SET_NAMES = ("devdocs", "devdocs2", "devdocs3", "devdocs4", "heldout", "heldout2")


def _fail(message: str) -> NoReturn:
    sys.stderr.write(f"assistant: error: {printable(message)}\n")
    raise SystemExit(EXIT_BAD_INPUT)


# Bidi overrides and isolates can make printed text read as other text.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _shown(c: str) -> str:
    if c in "\n\t" or (unicodedata.category(c) != "Cc" and c not in _BIDI_CONTROLS):
        return c
    return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"


def printable(text: str) -> str:
    """``text`` safe for a terminal: the control characters a document may hold (escape
    sequences that retitle the window or move the cursor, a bell, bidi overrides) shown
    as ``\\x1b`` instead of acted on."""
    return "".join(map(_shown, text))


def _out(text: str) -> None:
    sys.stdout.write(printable(text) + "\n")
    sys.stdout.flush()


def _ask(args: argparse.Namespace, settings: Settings) -> None:
    from assistant.api import Assistant

    if args.jsonl:
        try:
            text = sys.stdin.buffer.read().decode("utf-8")
        except UnicodeDecodeError as exc:
            _fail(f"stdin is not valid UTF-8 (byte {exc.start})")
        questions = [line for line in text.splitlines() if line.strip()]
    elif args.question is None:
        _fail("give a question, or --jsonl to read questions from stdin")
    else:
        questions = [args.question]
    assistant = Assistant(settings)
    scope = args.documents or None
    for question in questions:
        if args.jsonl:
            try:
                answer = assistant.ask(question, documents=scope)
            except InvalidQuestionError as exc:
                _out(json.dumps({"question": question, "error": str(exc)}))
                continue
            _out(answer.model_dump_json())
        else:
            answer = assistant.ask(question, documents=scope)
            _out(answer.model_dump_json(indent=2) if args.json else answer.with_sources())


def _index_build(args: argparse.Namespace, settings: Settings) -> None:
    from assistant.api import build_index

    if args.workers < 1:
        _fail("--workers must be 1 or more")
    manifest, rebuilt = build_index(
        settings,
        args.paths or None,
        force=args.rebuild,
        progress=not args.quiet,
        workers=args.workers,
    )
    counts = ", ".join(f"{len(names)} {what}" for what, names in manifest.changes.items() if names)
    state = f"built ({counts})" if rebuilt and counts else "built" if rebuilt else "up to date"
    _out(
        f"index {state}: {len(manifest.sources)} source(s), {manifest.chunk_count} chunks, "
        f"{manifest.sentence_count} sentences ({manifest.build_id})"
    )
    from assistant.library import DocumentInfo, left_out_line

    for source in manifest.sources:
        left_out = left_out_line(DocumentInfo.of(source))
        if left_out:
            _out(f"  {source.name}: {left_out}")


def _index_info(args: argparse.Namespace, settings: Settings) -> None:
    from assistant.api import index_info

    info = index_info(settings)
    if info is None:
        _fail(f"no index in {settings.data_dir}; run: assistant index build")
    _out(json.dumps(info, indent=2))


def _docs_add(args: argparse.Namespace, settings: Settings) -> None:
    from assistant.api import Assistant

    assistant = Assistant(settings)
    if args.source == "-":
        if not args.name:
            _fail("pasted text needs a name: assistant docs add - --name NAME")
        try:
            text = sys.stdin.buffer.read().decode("utf-8")
        except UnicodeDecodeError as exc:
            _fail(f"stdin is not valid UTF-8 (byte {exc.start})")
        document = assistant.add_document(text=text, name=args.name)
    elif re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", args.source):  # a link of any scheme
        document = assistant.add_document(url=args.source)
    else:
        document = assistant.add_document(file=Path(args.source), name=args.name)
    if args.json:
        _out(document.model_dump_json(indent=2))
    elif document.already_present:
        _out(f"already in the library: {document.name}")
    else:
        _out(f"added {_document_line(document)}")
        from assistant.library import left_out_line

        left_out = left_out_line(document)
        if left_out:
            _out(f"  {left_out}")


def _document_line(document: DocumentInfo) -> str:
    from assistant.library import counted

    described = document.title or ("pasted text" if document.kind == "text" else document.origin)
    chunks = counted(document.chunks, "chunk")
    return f"{document.id}  {document.name}  ({document.kind}, {chunks})  {described}"


def _docs_list(args: argparse.Namespace, settings: Settings) -> None:
    from assistant.api import Assistant

    documents = Assistant(settings).list_documents()
    if args.json:
        _out(json.dumps([d.model_dump() for d in documents], indent=2))
    for document in [] if args.json else documents:
        _out(_document_line(document))


def _docs_remove(args: argparse.Namespace, settings: Settings) -> None:
    from assistant.api import Assistant

    removed = Assistant(settings).remove_document(args.id)
    _out(f"removed {removed.id}  {removed.name}")


def _eval(args: argparse.Namespace, settings: Settings) -> None:
    from eval.report import metrics_table, write_report
    from eval.runner import run_eval

    if args.dataset is not None and not args.dataset.is_file():
        _fail(f"{args.dataset}: no such dataset")
    answerer_settings = settings.model_copy(update={"answerer": args.answerer})
    document_sets = list(DOCUMENT_SET_NAMES) if args.split == "all" else [args.split]
    if args.split in DOCUMENT_SET_NAMES:
        _document_sets(answerer_settings, document_sets, args.json)
        return
    split = None if args.split == "all" else args.split
    result = run_eval(answerer_settings, args.dataset, split, progress=not args.json)
    summaries = {name: result.summary(name) for name in result.splits}
    if result.verification is not None:
        sys.stderr.write(f"verification of {args.answerer} answers: {result.verification}\n")
    if args.report:
        md_path, html_path = write_report(result, args.report)
        sys.stderr.write(f"report: {md_path} and {html_path}\n")
    if args.json:
        _out(json.dumps(summaries))
        return
    columns = [
        (name, system)
        for name, summary in summaries.items()
        for system in summary
        if system != "n_questions"
    ]
    counts = ", ".join(f"{name} {summary['n_questions']}" for name, summary in summaries.items())
    _out(f"questions: {counts}")
    _out(f"{'metric':<24}" + "".join(f"{f'{n}:{s}':>25}" for n, s in columns))
    tables = {
        name: metrics_table(summary, list(summary)[1:]) for name, summary in summaries.items()
    }
    for i, row in enumerate(next(iter(tables.values()))):
        values = [value for table in tables.values() for value in table[i][1:]]
        _out(f"{row[0]:<24}" + "".join(f"{v:>25}" for v in values))
    if args.dataset is None and args.split == "all":
        _document_sets(answerer_settings, document_sets, False)


def _document_sets(settings: Settings, names: list[str], as_json: bool) -> None:
    """The figures of question sets on documents of their own (devdocs to devdocs4: tuned
    on; heldout and heldout2: the test sets): questions and conversations, each system
    beside the naive baseline and always-abstain."""
    from eval.document_sets import DOCUMENT_SETS, run_set

    reports = {name: run_set(settings, DOCUMENT_SETS[name]) for name in names}
    if as_json:
        _out(json.dumps(reports))
        return
    for name, part, systems in ((n, p, s) for n, r in reports.items() for p, s in r.items()):
        _out(f"\n{name}, {part} (n = {int(systems['assistant']['n'] or 0)}):")
        _out(f"{'metric':<28}" + "".join(f"{name:>16}" for name in systems))
        for metric in next(iter(systems.values())):
            if metric == "n":
                continue
            cells = ["-" if v[metric] is None else f"{v[metric]:g}" for v in systems.values()]
            _out(f"{metric:<28}" + "".join(f"{c:>16}" for c in cells))


def _serve(args: argparse.Namespace, settings: Settings) -> None:
    from assistant.api import Assistant
    from ui.http_api import serve

    key = settings.api_key.get_secret_value() if settings.api_key else None
    if args.forwarded_allow_ips is not None:
        settings = settings.model_copy(update={"forwarded_allow_ips": args.forwarded_allow_ips})
    serve(Assistant(settings), args.host, args.port, key)


def _mcp(args: argparse.Namespace, settings: Settings) -> None:
    from ui.mcp_server import run

    run(settings)


def _ui(args: argparse.Namespace, settings: Settings) -> None:
    from ui.chat.app import launch

    launch(settings, host=args.host, port=args.port)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="assistant",
        description="Answer questions about an article, citing exact passages.",
    )
    commands = top.add_subparsers(dest="command", required=True)

    ask = commands.add_parser("ask", help="answer a question")
    ask.add_argument("question", nargs="?", help="the question")
    form = ask.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print one JSON object")
    form.add_argument(
        "--jsonl",
        action="store_true",
        help="read questions from stdin, one a line; print a JSON line for each",
    )
    ask.add_argument(
        "--document",
        action="append",
        dest="documents",
        metavar="ID",
        help="answer from this document only (repeat for several; see: assistant docs list)",
    )
    ask.set_defaults(run=_ask)

    docs = commands.add_parser("docs", help="add, list or remove documents")
    docs_commands = docs.add_subparsers(dest="docs_command", required=True)
    add = docs_commands.add_parser(
        "add",
        help="add a file (.txt, .md, .html, .pdf), a web page, or text from stdin",
        description="Add a document to answer from; one of the same name is replaced.",
    )
    add.add_argument("source", help="a file path, an http(s) URL, or - for text on stdin")
    add.add_argument("--name", help="the document's name (needed for text from stdin)")
    add.add_argument("--json", action="store_true", help="print the document as JSON")
    add.set_defaults(run=_docs_add)
    listing = docs_commands.add_parser("list", help="list the documents")
    listing.add_argument("--json", action="store_true", help="print a JSON list")
    listing.set_defaults(run=_docs_list)
    remove = docs_commands.add_parser("remove", help="remove a document by id")
    remove.add_argument("id", help="the document's id (see: assistant docs list)")
    remove.set_defaults(run=_docs_remove)

    index = commands.add_parser("index", help="build or inspect the index")
    index_commands = index.add_subparsers(dest="index_command", required=True)
    build = index_commands.add_parser(
        "build",
        help="index files and folders (default: the bundled article)",
        description="Index .txt, .md and .html files; folders are searched recursively. "
        "Only new and changed files are embedded; files no longer given are removed.",
    )
    build.add_argument("paths", nargs="*", type=Path, help="files or folders to index")
    build.add_argument("--rebuild", action="store_true", help="re-embed everything")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    build.add_argument(
        "--workers",
        type=int,
        default=1,
        help="processes that clean, chunk and embed files side by side (default 1)",
    )
    build.set_defaults(run=_index_build)
    info = index_commands.add_parser("info", help="describe the current index")
    info.set_defaults(run=_index_info)

    evaluate = commands.add_parser(
        "eval", help="measure grounding, citations, retrieval and abstention vs a baseline"
    )
    evaluate.add_argument(
        "--dataset", type=Path, help="questions (JSONL; default: the bundled article's sets)"
    )
    evaluate.add_argument(
        "--split",
        choices=["dev", "dev2", *DOCUMENT_SET_NAMES, "all"],
        default="all",
        help="the bundled article's dev sets, the dev sets on other documents, the held-out "
        "test sets on other documents, or all of them (default)",
    )
    evaluate.add_argument(
        "--answerer", choices=ANSWERERS, default="extractive", help="answer step to evaluate"
    )
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluate.add_argument("--report", type=Path, help="write report.md/report.html here")
    evaluate.set_defaults(run=_eval)

    serve = commands.add_parser("serve", help="run the HTTP API (FastAPI)")
    serve.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument(
        "--forwarded-allow-ips",
        help="proxies whose X-Forwarded-For is trusted, comma-separated (default: none)",
    )
    serve.set_defaults(run=_serve)

    mcp = commands.add_parser("mcp", help="run the MCP server on stdio")
    mcp.set_defaults(run=_mcp)

    ui = commands.add_parser("ui", help="open the chat in the browser")
    ui.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    ui.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    ui.set_defaults(run=_ui)
    return top


def main(argv: Sequence[str] | None = None) -> None:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="assistant: %(levelname)s: %(message)s")
    # Warnings and errors only, even from libraries that lower their own loggers' level.
    for handler in logging.getLogger().handlers:
        handler.setLevel(logging.WARNING)
    from pydantic import ValidationError

    try:
        settings = Settings()
    except ValidationError as exc:
        _fail(f"bad setting: {exc.errors()[0]['loc'][0]}: {exc.errors()[0]['msg']}")
    try:
        args.run(args, settings)
    except DocumentNotFoundError as exc:
        # the data dir is named here, not in the shared message: HTTP must not show paths
        _fail(f"{exc} in {settings.data_dir} (`assistant docs list` lists them)")
    except UserError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    # The command is done. Frozen, the objects the imports created are left out of the
    # interpreter's last garbage collection at exit (about 0.4 s of every command).
    gc.freeze()


if __name__ == "__main__":
    main()
