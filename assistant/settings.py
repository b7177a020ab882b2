"""All configuration, in one place. Every field can be set by an ``ASSISTANT_*`` env var."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic.fields import FieldInfo
from pydantic.json_schema import JsonDict
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_ARTICLE = PROJECT_ROOT / "corpus" / "foreign-troops-russia.txt"


ANSWERERS = ("extractive", "openai-compatible", "local")
# Fields marked so can change per question (the chat's settings panel is built from them).
ADJUSTABLE: JsonDict = {"adjustable": True}


class Settings(BaseSettings):
    """Settings for indexing, retrieval and answering."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", frozen=True, populate_by_name=True)

    data_dir: Path = Field(
        default=PROJECT_ROOT / "data", description="Where the index lives (ASSISTANT_DATA_DIR)."
    )
    sources: list[Path] = Field(
        default=[BUNDLED_ARTICLE], description="Files indexed when none are named."
    )
    chroma_host: str | None = Field(
        default=None,
        validation_alias=AliasChoices("CHROMA_HOST", "ASSISTANT_CHROMA_HOST", "chroma_host"),
        description="A Chroma server to store the index in (default: embedded Chroma).",
    )
    chroma_port: int = Field(
        default=8000,
        validation_alias=AliasChoices("CHROMA_PORT", "ASSISTANT_CHROMA_PORT", "chroma_port"),
    )
    chroma_auth_token: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "CHROMA_AUTH_TOKEN", "ASSISTANT_CHROMA_AUTH_TOKEN", "chroma_auth_token"
        ),
        description="Token for a Chroma server that requires one.",
    )
    chunk_max_chars: int = Field(default=500, ge=50, description="Largest chunk, in characters.")
    chunk_overlap_sentences: int = Field(
        default=1, ge=0, description="Sentences shared by consecutive chunks of a paragraph."
    )
    dense_k: int = Field(default=10, ge=1, description="Chunks taken from the vector search.")
    bm25_k: int = Field(default=10, ge=1, description="Chunks taken from the BM25 search.")
    rrf_k: int = Field(default=60, ge=1, description="Reciprocal rank fusion constant.")
    answerer: Literal["extractive", "openai-compatible", "local"] = Field(
        title="Who writes the answer",
        default="extractive",
        description="Offline, the answer quotes the documents' own sentences. An LLM "
        "writes it in its own words instead, and every sentence is checked against them.",
        json_schema_extra={
            **ADJUSTABLE,
            "labels": {
                "extractive": "Offline: quote the documents",
                "openai-compatible": "An LLM server (set ASSISTANT_LLM_BASE_URL)",
                "local": "The small local model (make local-llm)",
            },
        },
    )
    passages_k: int = Field(
        title="Passages read per question",
        default=5,
        ge=1,
        le=20,
        description="How many of the best-matching passages an answer may draw on.",
        json_schema_extra=ADJUSTABLE,
    )
    max_answer_sentences: int = Field(
        title="Longest answer, in sentences",
        default=3,
        ge=1,
        le=10,
        description="The most sentences chosen to answer (a list: this many or 5, whichever"
        " is more); a chosen sentence may bring the one it leans on or its reason.",
        json_schema_extra=ADJUSTABLE,
    )
    # 0.3, chosen on the tuned-on sets (0.15-0.45 tried, with and without the reader): the
    # highest below which no set gains a right answer; at 0.45 a reworded question or a
    # short follow-up ("how old is it") abstained though its sentence was found.
    abstain_below: float = Field(
        title="How sure before answering",
        default=0.3,
        ge=0.0,
        le=1.0,
        description="Higher, and the assistant more often says the documents do not "
        "answer instead of quoting a passage that may not.",
        json_schema_extra=ADJUSTABLE,
    )
    use_reader: bool = Field(
        default=True,
        description="Choose answer sentences with the trained reader (ASSISTANT_USE_READER); "
        "off, by the evidence score alone.",
    )
    llm_base_url: str = Field(
        default="http://127.0.0.1:11434/v1", description="OpenAI-compatible endpoint."
    )
    llm_model: str = Field(default="llama3.2", description="Model name at that endpoint.")
    llm_api_key: SecretStr | None = Field(
        default=None, description="API key for the endpoint (ASSISTANT_LLM_API_KEY)."
    )
    llm_temperature: float = Field(
        title="LLM freedom of wording",
        default=0.0,
        ge=0.0,
        le=2.0,
        description="Higher lets an LLM word its answers more freely; 0 keeps them plain. "
        "No effect offline.",
        json_schema_extra=ADJUSTABLE,
    )
    llm_timeout: float = Field(default=30.0, gt=0, description="Seconds per LLM call.")
    llm_max_tokens: int = Field(default=400, ge=16, description="Most tokens per answer.")
    llm_json_schema: bool = Field(
        default=True,
        description="Send the answer JSON schema in response_format (off for OpenAI itself).",
    )
    api_key: SecretStr | None = Field(
        default=None,
        description="When set (ASSISTANT_API_KEY), the HTTP API requires it as a Bearer token.",
    )
    allowed_hosts: list[str] = Field(
        default=[],
        description="Host names the servers answer besides loopback and the bound address "
        "(ASSISTANT_ALLOWED_HOSTS, a JSON list: '[\"assistant.example.org\"]').",
    )
    cors_origins: list[str] = Field(
        default=[],
        description="Origins (https://site) whose pages may call the HTTP API and change "
        "documents (ASSISTANT_CORS_ORIGINS, a JSON list); none by default.",
    )
    forwarded_allow_ips: str | None = Field(
        default=None,
        description="Addresses of proxies whose X-Forwarded-For is trusted "
        "(ASSISTANT_FORWARDED_ALLOW_IPS, comma-separated); none by default.",
    )
    allow_private_urls: bool = Field(
        default=False,
        description="Let documents be added from loopback and private addresses "
        "(ASSISTANT_ALLOW_PRIVATE_URLS); off, so a shared server cannot be aimed inwards.",
    )
    max_question_chars: int = Field(
        default=2000, ge=1, description="Longest question accepted, in characters."
    )
    max_document_chars: int = Field(
        default=500_000,
        ge=1,
        description="Longest document added, in characters of text (one is indexed at a "
        "time, so a larger one would hold up every other add).",
    )
    max_concurrent_adds: int = Field(
        default=4, ge=1, description="Documents being added at once; more are refused."
    )
    rate_limit: str = Field(
        default="120/minute",
        description="Requests per API key (or client address) to the HTTP API's questions "
        "and documents, e.g. '120/minute'.",
    )
    rate_limit_changes: str = Field(
        default="20/minute",
        description="Of those, documents added or removed per API key (or client address).",
    )


def adjustable_fields() -> dict[str, FieldInfo]:
    """The settings that may change per question, by name, as declared above."""
    return {
        name: info
        for name, info in Settings.model_fields.items()
        if isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get("adjustable")
    }
