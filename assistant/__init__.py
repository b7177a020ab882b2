"""article-assistant: answers questions about an article with exact-span citations.

The public core: ``Assistant``, the answer models, the errors and the settings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.answers import Answer, AnswerSentence, Citation
from assistant.errors import (
    BusyError,
    DocumentNotFoundError,
    IndexingError,
    InvalidQuestionError,
    LLMUnavailableError,
    SourceError,
    StoreUnavailableError,
)
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.api import Assistant
    from assistant.library import DocumentInfo

__all__ = [
    "Answer",
    "AnswerSentence",
    "Assistant",
    "BusyError",
    "Citation",
    "DocumentInfo",
    "DocumentNotFoundError",
    "IndexingError",
    "InvalidQuestionError",
    "LLMUnavailableError",
    "SourceError",
    "StoreUnavailableError",
    "Settings",
]


def __getattr__(name: str) -> Any:
    # Lazy, so ``assistant --help`` does not import LangChain and Chroma.
    if name == "Assistant":
        from assistant.api import Assistant

        return Assistant
    if name == "DocumentInfo":
        from assistant.library import DocumentInfo

        return DocumentInfo
    raise AttributeError(name)
