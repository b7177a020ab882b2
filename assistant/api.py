"""The public entry point: ``Assistant``."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable

from assistant.answers import Answer
from assistant.extractive import ExtractiveAnswerer, partial_answers

if TYPE_CHECKING:
    from assistant.chain import Answerer
    from assistant.llm import LocalServer
from assistant.settings import PROJECT_ROOT, Settings
from index import load, store

log = logging.getLogger(__name__)


def chunker_settings(settings: Settings) -> store.ChunkerSettings:
    return store.ChunkerSettings(settings.chunk_max_chars, settings.chunk_overlap_sentences)


def build_index(
    settings: Settings,
    paths: Sequence[Path] | None = None,
    force: bool = False,
    progress: bool = False,
) -> tuple[store.Manifest, bool]:
    """Index the files and folders ``paths`` (default: the configured sources) unless the
    index is up to date; only new and changed files are embedded.

    Raises ``index.errors.SourceError`` before touching the index when a file is unusable.
    """
    from index.embed import load_embeddings, query_embeddings

    documents = load.load_sources(paths or settings.sources, PROJECT_ROOT)
    built = store.build(
        settings.data_dir,
        documents,
        chunker_settings(settings),
        load_embeddings,
        force,
        chroma_server(settings),
        progress,
    )
    query_embeddings(models_dir(settings))  # exported now, so the first question is fast
    return built


def chroma_server(settings: Settings) -> store.ChromaServer | None:
    """The Chroma server the settings name, or None for the embedded store."""
    if not settings.chroma_host:
        return None
    token = settings.chroma_auth_token.get_secret_value() if settings.chroma_auth_token else None
    return store.ChromaServer(settings.chroma_host, settings.chroma_port, token)


def models_dir(settings: Settings) -> Path:
    """Where derived model files (the ONNX query encoder) are kept."""
    return settings.data_dir / "models"


def _indexed_paths(manifest: store.Manifest) -> list[Path]:
    return [Path(s["path"]) for s in manifest.sources]


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

    def __init__(self, settings: Settings | None = None) -> None:
        from assistant.chain import build_chain
        from assistant.encoder import QueryEncoder
        from assistant.retrieval import HybridRetriever
        from index.embed import query_embeddings

        self.settings = settings or Settings()
        self.embeddings: Embeddings = query_embeddings(models_dir(self.settings))
        self.index = self._open_or_build(self.embeddings)
        encoder = QueryEncoder(self.embeddings)
        self._retriever = HybridRetriever(
            index=self.index,
            encoder=encoder,
            dense_k=self.settings.dense_k,
            bm25_k=self.settings.bm25_k,
            rrf_k=self.settings.rrf_k,
            k=self.settings.passages_k,
        )
        self._answerer = ExtractiveAnswerer(
            self.index, encoder, self.settings.abstain_below, self.settings.max_answer_sentences
        )
        self.local_server: LocalServer | None = None
        self.answer_step: Answerer = self._answer_step()
        self._chain = build_chain(
            self._retriever, self.answer_step, self.settings.max_question_chars
        )

    def _answer_step(self) -> Answerer:
        """The configured answerer; generative ones fall back to the offline one."""
        if self.settings.answerer == "extractive":
            return self._answerer
        from assistant.generative import GenerativeAnswerer
        from assistant.llm import LOCAL_MODEL_ALIAS, LocalServer, chat_model, smollm2_path
        from assistant.support import SupportJudge

        base_url, model = self.settings.llm_base_url, self.settings.llm_model
        if self.settings.answerer == "local":
            self.local_server = LocalServer(smollm2_path())
            base_url, model = self.local_server.base_url, LOCAL_MODEL_ALIAS
        return GenerativeAnswerer(
            chat_model(self.settings, base_url, model),
            self._answerer,
            SupportJudge(self.embeddings),
            self.settings.answerer,
        )

    def _open_or_build(self, embeddings: Embeddings) -> store.OpenIndex:
        from index.embed import load_embeddings

        manifest = store.read_manifest(self.settings.data_dir)
        paths = _indexed_paths(manifest) if manifest else list(self.settings.sources)
        documents = load.load_sources(paths, PROJECT_ROOT)
        server = chroma_server(self.settings)
        _, rebuilt = store.build(
            self.settings.data_dir,
            documents,
            chunker_settings(self.settings),
            load_embeddings,
            server=server,
        )
        if rebuilt:
            log.info("built index for %d source(s)", len(documents))
        return store.open_index(self.settings.data_dir, embeddings, server)

    def ask(self, question: str, history: Sequence[Any] | None = None) -> Answer:
        """Answer ``question``; ``history`` is earlier turns as ``{"role", "content"}`` dicts.

        Raises ``InvalidQuestionError`` (a ``ValueError``) for an empty, too long or
        control-character question.
        """
        return self._chain.invoke({"question": question, "history": list(history or [])})

    def stream(self, question: str, history: Sequence[Any] | None = None) -> Iterator[Answer]:
        """Like ``ask``, yielding the answer as it is composed; the last one is complete."""
        yield from partial_answers(self.ask(question, history))

    def source_texts(self) -> dict[str, str]:
        """The full text of each indexed source, by the name citations use."""
        return {
            s["name"]: load.load_source(Path(s["path"]), PROJECT_ROOT).text
            for s in self.index.manifest.sources
        }

    def as_runnable(self) -> Runnable[Any, Answer]:
        """The LCEL chain: input ``{"question", "history"}``, output ``Answer``."""
        return self._chain

    @property
    def answerer(self) -> ExtractiveAnswerer:
        """The offline answer step (the evaluation reads its raw evidence scores)."""
        return self._answerer

    def as_retriever(self) -> BaseRetriever:
        """The hybrid retriever, returning chunks as LangChain Documents."""
        return self._retriever
