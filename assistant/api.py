"""The public entry point: ``Assistant``."""

from __future__ import annotations

import copy
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable

from assistant.answering.answerability import load_model
from assistant.answering.extractive import ExtractiveAnswerer
from assistant.answers import Answer
from assistant.condense import condense
from assistant.documents import DocumentView
from assistant.errors import BusyError, DocumentNotFoundError, IndexingError, SourceError
from assistant.library import DocumentInfo, remove_unreferenced
from assistant.names import name_key
from assistant.questions import validate_question
from assistant.settings import PROJECT_ROOT, Settings
from assistant.staging import (
    discard,
    remove_stale_staging,
    settle,
    stage_file,
    stage_text,
    stage_url,
)
from assistant.tuning import AnswerTuning
from index import load
from index.build import build
from index.chroma import ChromaServer
from index.load import SourceDocument
from index.manifest import (
    ChunkerSettings,
    Manifest,
    current_build_id,
    read_manifest,
    same_document,
    size_on_disk,
)
from index.open_index import OpenIndex, open_index
from index.pdf import page_of
from index.records import SourceRecord

if TYPE_CHECKING:
    from assistant.chain import Answerer, Condenser
    from assistant.llm import LocalServer

log = logging.getLogger(__name__)


def chunker_settings(settings: Settings) -> ChunkerSettings:
    return ChunkerSettings(settings.chunk_max_chars, settings.chunk_overlap_sentences)


def build_index(
    settings: Settings,
    paths: Sequence[Path] | None = None,
    *,
    force: bool = False,
    progress: bool = False,
    embeddings: Callable[[], Embeddings] | None = None,
    workers: int = 1,
) -> tuple[Manifest, bool]:
    """Index the files and folders ``paths`` (default: the configured sources) unless the
    index is up to date; only new and changed files are embedded, by the model
    ``embeddings`` returns (default: MiniLM), in ``workers`` processes side by side.
    Sources of the index that ``paths`` no longer name are dropped; the documents a user
    added (``Assistant.add_document``) stay, unless one of ``paths`` has their name.

    Raises ``SourceError`` (``assistant.errors``) before touching the index when a file
    is unusable.
    """
    from index.embed import load_embeddings, query_embeddings

    documents = load.load_sources(paths or settings.sources, PROJECT_ROOT)
    named = {name_key(d.name) for d in documents}
    manifest = read_manifest(settings.data_dir)
    added = [s for s in manifest.sources if s.origin is not None] if manifest else []
    kept = [s for s in added if name_key(s.name) not in named]
    if manifest and kept:
        documents += _read_again(kept, manifest.created_at)
    built = build(
        settings.data_dir,
        documents,
        chunker_settings(settings),
        embeddings or load_embeddings,
        force=force,
        server=chroma_server(settings),
        progress=progress,
        workers=workers,
    )
    query_embeddings(models_dir(settings))  # exported now, so the first question is fast
    if settings.use_reader:
        from assistant.answering.reader import load_reader

        load_reader(models_dir(settings))
    return built


def index_info(settings: Settings) -> dict[str, Any] | None:
    """What ``assistant index info`` prints: the current index described, or None."""
    manifest = read_manifest(settings.data_dir)
    if manifest is None:
        return None
    return {
        "data_dir": str(settings.data_dir),
        "build_id": manifest.build_id,
        "store": manifest.store,
        "embedding_model": manifest.embedding_model,
        "dimension": manifest.dimension,
        "chunker": manifest.chunker,
        "documents": len(manifest.sources),
        "chunks": manifest.chunk_count,
        "sentences": manifest.sentence_count,
        "size_on_disk_bytes": size_on_disk(settings.data_dir, manifest),
        "last_build": manifest.changes,
        "sources": [s.stored() for s in manifest.sources],
    }


def chroma_server(settings: Settings) -> ChromaServer | None:
    """The Chroma server the settings name, or None for the embedded store."""
    if not settings.chroma_host:
        return None
    token = settings.chroma_auth_token.get_secret_value() if settings.chroma_auth_token else None
    return ChromaServer(settings.chroma_host, settings.chroma_port, token)


def models_dir(settings: Settings) -> Path:
    """Where derived model files (the ONNX query encoder) are kept."""
    return settings.data_dir / "models"


@dataclass
class _Shared:
    """State an assistant shares with its configured variants."""

    # Adds under way (fetching, staging or waiting to build), bounded.
    adding: threading.BoundedSemaphore
    lock: threading.Lock = field(default_factory=threading.Lock)
    # One build of the documents at a time; questions go on meanwhile.
    build_lock: threading.Lock = field(default_factory=threading.Lock)
    variants: dict[tuple[Any, ...], Assistant] = field(default_factory=dict)
    local_server: LocalServer | None = None


def _text_size(document: SourceDocument) -> int:
    """The characters of text a document holds (a web page's without its markup)."""
    from index.html import visible_text

    is_page = document.path.suffix in (".html", ".htm")
    return len(visible_text(document.text)) if is_page else len(document.text)


def _indexed_documents(manifest: Manifest) -> list[SourceDocument]:
    """The documents of an index, read again from their files, with their details
    (``_read_again``); raises ``IndexingError`` when none can be read."""
    documents = _read_again(manifest.sources, manifest.created_at)
    if not documents:
        raise IndexingError("no document of the index can be read; rebuild it from its sources")
    return documents


def _read_again(sources: Sequence[SourceRecord], created_at: float) -> list[SourceDocument]:
    """Indexed ``sources`` read again from their files. A document whose stored file is
    gone or unreadable is logged and left out, so the rest are still served."""
    documents = []
    for s in sources:
        try:
            documents.append(
                load.load_source(
                    Path(s.path),
                    PROJECT_ROOT,
                    name=s.name,
                    # A source indexed from the settings was added when that index was built.
                    details={"added_at": created_at, **s.details()},
                )
            )
        except SourceError as exc:
            log.warning("document %s (%s) skipped: %s", s.name, s.id, exc)
    return documents


class Assistant:
    """Answers questions about the indexed article(s) with exact-span citations.

    Setup:
        ``pip install -e .`` then ``assistant index build`` (or let ``Assistant()`` build
        the bundled article's index on first use).

    Init args:
        settings: a ``Settings``; by default read from ``ASSISTANT_*`` environment variables.

    Examples:
        >>> from assistant import Assistant
        >>> answer = Assistant().ask("How many troops did North Korea send?")
        >>> answer.citations[0].text  # exactly source_text[start:end]
        'The issue of foreign troops fighting for Russia has hit the headlines ...'

    The index is (re)built on open when it is missing or its sources, embedding model or
    chunker settings changed; an unchanged index is reused as is.
    """

    def __init__(
        self, settings: Settings | None = None, tuning: AnswerTuning | None = None
    ) -> None:
        from assistant.answering.reader import load_reader
        from index.embed import query_embeddings

        self.settings = settings or Settings()
        self.tuning = tuning or AnswerTuning()
        self.embeddings: Embeddings = query_embeddings(models_dir(self.settings))
        self.reader = load_reader(models_dir(self.settings)) if self.settings.use_reader else None
        self._shared = _Shared(threading.BoundedSemaphore(self.settings.max_concurrent_adds))
        remove_stale_staging(self.settings.data_dir)
        self._open(self._open_or_build(self.embeddings))

    def _open(self, index: OpenIndex) -> None:
        """Answer from ``index`` from now on (questions under way finish on the old one)."""
        from assistant.encoder import QueryEncoder
        from assistant.retrieval import HybridRetriever

        encoder = QueryEncoder(self.embeddings)
        # Built once (BM25 tables, vocabulary); variants copy them with other limits.
        self._base_retriever = HybridRetriever(index=index, encoder=encoder)
        self._base_answerer = ExtractiveAnswerer(
            index,
            encoder,
            abstain_below=self.settings.abstain_below,
            max_sentences=self.settings.max_answer_sentences,
            answerability=load_model(),
            reader=self.reader,
            tuning=self.tuning,
        )
        self.index = index
        self._wire()
        with self._shared.lock:
            self._shared.variants.clear()

    def _wire(self) -> None:
        """Retriever, answer step and chain for ``self.settings``."""
        from assistant.chain import build_chain

        settings = self.settings
        self._retriever = self._base_retriever.model_copy(
            update={
                "dense_k": settings.dense_k,
                "bm25_k": settings.bm25_k,
                "rrf_k": settings.rrf_k,
                "k": settings.passages_k,
            }
        )
        self._answerer = self._base_answerer.with_limits(
            settings.abstain_below, settings.max_answer_sentences
        )
        self.answer_step, condenser = self._answer_step()
        self._chain = build_chain(
            self._retriever,
            self.answer_step,
            condenser,
            settings.max_question_chars,
            _locator(self.index.manifest),
            self._retriever.follow_up_documents,
        )

    def configured(self, **changes: Any) -> Assistant:
        """This assistant with some per-question settings changed (those marked adjustable
        in ``Settings``: answerer, passages_k, ...). Shares the index and models; variants
        are kept, so asking for the same changes again is free.

        Raises ``ValueError`` for a setting that is not adjustable, and
        ``LLMUnavailableError`` when the answerer asked for cannot start.
        """
        from assistant.settings import adjustable_fields

        fixed = set(changes) - set(adjustable_fields())
        if fixed:
            raise ValueError(f"not adjustable per question: {', '.join(sorted(fixed))}")
        changes = {k: v for k, v in changes.items() if getattr(self.settings, k) != v}
        if not changes:
            return self
        settings = self.settings.model_copy(update=changes)
        key = tuple(sorted(settings.model_dump(include=set(adjustable_fields())).items()))
        with self._shared.lock:
            variant = self._shared.variants.get(key)
            if variant is None:
                variant = copy.copy(self)
                variant.settings = settings
                variant._wire()
                self._shared.variants[key] = variant
        return variant

    @property
    def local_server(self) -> LocalServer | None:
        """The llama.cpp server of the local answerer, once started."""
        return self._shared.local_server

    def _answer_step(self) -> tuple[Answerer, Condenser]:
        """The configured answerer and follow-up condenser; generative ones fall back to
        the offline answer and the offline rewrite."""
        if self.settings.answerer == "extractive":
            return self._answerer, condense
        from assistant.answering.generative import GenerativeAnswerer
        from assistant.answering.support import SupportJudge
        from assistant.condense import LLMCondenser
        from assistant.llm import LOCAL_MODEL_ALIAS, LocalServer, chat_model, smollm2_path

        base_url, model = self.settings.llm_base_url, self.settings.llm_model
        if self.settings.answerer == "local":
            if self._shared.local_server is None:
                self._shared.local_server = LocalServer(smollm2_path())
            base_url, model = self._shared.local_server.base_url, LOCAL_MODEL_ALIAS
        answerer = GenerativeAnswerer(
            chat_model(self.settings, base_url, model),
            self._answerer,
            SupportJudge(self.embeddings),
            self.settings.answerer,
        )
        condenser = LLMCondenser(
            chat_model(self.settings, base_url, model, json_answers=False),
            self.settings.max_question_chars,
        )
        return answerer, condenser

    def _open_or_build(self, embeddings: Embeddings) -> OpenIndex:
        from index.embed import load_embeddings

        manifest = read_manifest(self.settings.data_dir)
        if manifest:
            documents = _indexed_documents(manifest)
        else:
            documents = load.load_sources(self.settings.sources, PROJECT_ROOT)
        server = chroma_server(self.settings)
        _, rebuilt = build(
            self.settings.data_dir,
            documents,
            chunker_settings(self.settings),
            load_embeddings,
            server=server,
        )
        if rebuilt:
            log.info("built index for %d source(s)", len(documents))
        return open_index(self.settings.data_dir, embeddings, server)

    def ask(
        self,
        question: str,
        history: Sequence[Any] | None = None,
        documents: Sequence[str] | None = None,
    ) -> Answer:
        """Answer ``question``; ``history`` is earlier turns, oldest first, as
        ``{"role", "content"}`` dicts (content may be typed parts) or (user, assistant) pairs;
        ``documents`` (ids) limits the answer to those documents (default: all).

        Raises ``InvalidQuestionError`` (a ``ValueError``) for an empty, too long or
        control-character question, ``DocumentNotFoundError`` for an unknown document id.
        """
        self._follow_current_build()
        return self._chain.invoke(self._inputs(question, history, documents))

    def stream(
        self,
        question: str,
        history: Sequence[Any] | None = None,
        documents: Sequence[str] | None = None,
    ) -> Iterator[Answer]:
        """Like ``ask``, yielding the answer as it is composed (for LLM answerers, as the
        model writes, each sentence verified); the last one is complete.

        The question and documents are checked at the call, before the first answer is
        asked for, so a bad one raises here rather than mid-stream.
        """
        validate_question(question, self.settings.max_question_chars)
        self._follow_current_build()
        return self._chain.stream(self._inputs(question, history, documents))

    def _follow_current_build(self) -> None:
        """Open the index another process built (``assistant docs add`` while the chat
        runs), so every front door answers from the same documents."""
        shared = self._shared
        if current_build_id(self.settings.data_dir) in (None, self.index.manifest.build_id):
            return
        if not shared.build_lock.acquire(blocking=False):
            return  # this process is building; it opens its build when done
        try:
            if current_build_id(self.settings.data_dir) != self.index.manifest.build_id:
                server = chroma_server(self.settings)
                self._open(open_index(self.settings.data_dir, self.embeddings, server))
        finally:
            shared.build_lock.release()

    def _inputs(
        self, question: str, history: Sequence[Any] | None, documents: Sequence[str] | None
    ) -> dict[str, Any]:
        inputs: dict[str, Any] = {"question": question, "history": history}
        if documents:
            inputs["sources"] = [self._source(i).name for i in documents]
        return inputs

    def _source(self, document_id: str, index: OpenIndex | None = None) -> SourceRecord:
        manifest = (index or self.index).manifest
        for source in manifest.sources:
            if source.id == document_id:
                return source
        for source in manifest.sources:
            if same_document(source.id, document_id):
                raise DocumentNotFoundError(
                    f"document {document_id!r} was replaced by a new version; "
                    f"its id is now {source.id!r}"
                )
        raise DocumentNotFoundError(f"no document with id {document_id!r}")

    def list_documents(self) -> list[DocumentInfo]:
        """The documents answers are drawn from, in the order they were indexed."""
        self._follow_current_build()
        manifest = self.index.manifest
        return [DocumentInfo.of(s, manifest.created_at) for s in manifest.sources]

    def get_document(self, document_id: str) -> DocumentInfo:
        """One document; raises ``DocumentNotFoundError`` for an unknown id."""
        return DocumentInfo.of(self._source(document_id), self.index.manifest.created_at)

    def document_text(self, document_id: str) -> str:
        """The text a document's citation offsets index (the stored file, as UTF-8)."""
        index = self.index
        path = Path(self._source(document_id, index).path)
        try:
            return path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            # Replaced or removed meanwhile: its file went once the new build was in use,
            # so the new build says what the id is now (another text, or not found).
            self._follow_current_build()
            if self.index is index:
                raise
            return self.document_text(document_id)

    def add_document(
        self,
        *,
        file: Path | None = None,
        content: bytes | IO[bytes] | None = None,
        url: str | None = None,
        text: str | None = None,
        name: str | None = None,
    ) -> DocumentInfo:
        """Add one document and answer from it too: a ``file`` on disk, uploaded
        ``content`` (bytes or a binary stream) named ``name``, the page at ``url``, or
        pasted ``text`` named ``name``. A document of the same name is replaced. The
        document is fetched and stored first, with no lock held; then the index is built
        beside the one in use and swapped in, so questions are answered meanwhile. Adding
        a document of the same name and content again changes nothing and returns it
        with ``already_present=True``.

        Raises ``SourceError`` (nothing changed) for anything that cannot be read, and
        ``BusyError`` when ``max_concurrent_adds`` adds are already under way.
        """
        given = [v is not None for v in (file, content, url, text)]
        if sum(given) != 1:
            raise ValueError("give exactly one of file, content, url or text")
        if not self._shared.adding.acquire(blocking=False):
            raise BusyError("too many documents are being added right now; try again shortly")
        try:
            staged = self._stage(file, content, url, text, name)
            limit, size = self.settings.max_document_chars, _text_size(staged)
            if size > limit:
                discard(staged)
                raise SourceError(
                    f"{staged.name}: {size:,} characters is over the {limit:,} character "
                    "limit for one document; add it in parts"
                )
            with self._shared.build_lock:
                try:
                    manifest = self.index.manifest
                    for source in manifest.sources:
                        same_name = name_key(source.name) == name_key(staged.name)
                        if same_name and source.sha256 == staged.sha256:
                            discard(staged)
                            info = DocumentInfo.of(source, manifest.created_at)
                            return info.model_copy(update={"already_present": True})
                    staged = settle(self.settings.data_dir, staged)
                except BaseException:
                    discard(staged)
                    raise
                kept = [
                    d
                    for d in _indexed_documents(self.index.manifest)
                    if name_key(d.name) != name_key(staged.name)
                ]
                manifest = self._rebuild([*kept, staged])
        finally:
            self._shared.adding.release()
        added = next(s for s in manifest.sources if s.name == staged.name)
        return DocumentInfo.of(added, manifest.created_at)

    def _stage(
        self,
        file: Path | None,
        content: bytes | IO[bytes] | None,
        url: str | None,
        text: str | None,
        name: str | None,
    ) -> SourceDocument:
        """The document stored in a staging folder of its own and read."""
        data_dir = self.settings.data_dir
        if file is not None:
            try:
                with file.open("rb") as stream:
                    return stage_file(data_dir, stream, name or file.name, str(file.resolve()))
            except OSError as exc:
                raise SourceError(f"{file}: cannot read ({exc.strerror})") from exc
        if content is not None:
            return stage_file(data_dir, content, name or "upload.txt")
        if url is not None:
            return stage_url(data_dir, url, self.settings.allow_private_urls)
        return stage_text(data_dir, text or "", name or "")

    def remove_document(self, document_id: str) -> DocumentInfo:
        """Stop answering from a document and delete its stored copy; returns what was
        removed. The last document cannot be removed."""
        with self._shared.build_lock:
            removed = self.get_document(document_id)
            kept = [
                d
                for d in _indexed_documents(self.index.manifest)
                if name_key(d.name) != name_key(removed.name)
            ]
            if not kept:
                raise IndexingError("cannot remove the only document; add another first")
            self._rebuild(kept)
        return removed

    def _rebuild(self, documents: list[SourceDocument]) -> Manifest:
        """Build the index of ``documents`` beside the one in use, then swap it in."""
        from index.embed import load_embeddings

        previous = self.index.manifest
        try:
            manifest, _ = build(
                self.settings.data_dir,
                documents,
                chunker_settings(self.settings),
                load_embeddings,
                server=chroma_server(self.settings),
            )
        except BaseException:
            remove_unreferenced(self.settings.data_dir, [previous])
            raise
        self._open(
            open_index(self.settings.data_dir, self.embeddings, chroma_server(self.settings))
        )
        remove_unreferenced(self.settings.data_dir, [manifest])
        return manifest

    def documents(self) -> dict[str, DocumentView]:
        """Each indexed document as a reader sees it, by the name citations use."""
        return {
            s.name: DocumentView.of(s.name, self.document_text(s.id), Path(s.path).name)
            for s in self.index.manifest.sources
        }

    def source_texts(self) -> dict[str, str]:
        """The full text of each indexed source, by the name citations use."""
        return {s.name: self.document_text(s.id) for s in self.index.manifest.sources}

    def as_runnable(self) -> Runnable[Any, Answer]:
        """The LCEL chain: input ``{"question", "history"}``, output ``Answer``; supports
        ``invoke``, ``batch``, ``stream`` and their async forms."""
        return self._chain

    @property
    def answerer(self) -> ExtractiveAnswerer:
        """The offline answer step (the evaluation reads its raw evidence scores)."""
        return self._answerer

    def as_retriever(self, k: int | None = None, **search_kwargs: int) -> BaseRetriever:
        """The hybrid retriever, returning chunks as LangChain Documents.

        ``k`` is how many chunks it returns (default: ``passages_k``); ``search_kwargs``
        may set ``dense_k``, ``bm25_k`` and ``rrf_k``. ``invoke(query, k=...)`` overrides
        ``k`` for one call.
        """
        unknown = set(search_kwargs) - {"dense_k", "bm25_k", "rrf_k"}
        if unknown:
            raise ValueError(f"unknown search arguments: {', '.join(sorted(unknown))}")
        update: dict[str, int] = {**search_kwargs}
        if k is not None:
            update["k"] = k
        return self._retriever.model_copy(update=update) if update else self._retriever


def _locator(manifest: Manifest) -> Callable[[Answer, list[str] | None], Answer]:
    """Names each citation's document id and, for a PDF, its page; an abstention names
    the documents searched (``searched``: their names; None for all)."""
    sources = {s.name: s for s in manifest.sources}

    def title(name: str) -> str:
        given = sources[name].title if name in sources else None
        return f"“{given}”" if given else Path(name).name

    def locate(answer: Answer, searched: list[str] | None) -> Answer:
        if answer.abstained:
            return answer.naming_searched([title(n) for n in searched or sources])
        for citation in answer.citations:
            source = sources.get(citation.source)
            if source is not None:
                citation.document_id = source.id
                if source.pages is not None:
                    citation.page = page_of(source.pages, citation.start)
        return answer

    return locate
