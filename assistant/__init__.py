"""article-assistant: answers questions about an article with exact-span citations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.answers import Answer, Citation
from assistant.errors import InvalidQuestionError
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.api import Assistant

__all__ = ["Answer", "Assistant", "Citation", "InvalidQuestionError", "Settings"]


def __getattr__(name: str) -> Any:
    # Lazy, so ``assistant --help`` does not import LangChain and Chroma.
    if name == "Assistant":
        from assistant.api import Assistant

        return Assistant
    raise AttributeError(name)
