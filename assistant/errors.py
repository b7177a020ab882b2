"""Every error the public API raises; each message is one line meant for the user.

The indexing errors are defined beside the index code that raises them and exported
from here, so front doors catch errors from this one module.
"""

from index.errors import (
    IndexingError,
    IndexMissingError,
    SourceError,
    StoreUnavailableError,
    UserError,
)

__all__ = [
    "BusyError",
    "IndexMissingError",
    "IndexingError",
    "DocumentNotFoundError",
    "InvalidQuestionError",
    "LLMUnavailableError",
    "SourceError",
    "StoreUnavailableError",
    "UserError",
]


class InvalidQuestionError(UserError, ValueError):
    """The question is empty, too long or holds control characters."""


class LLMUnavailableError(UserError, RuntimeError):
    """The configured LLM cannot be used (no model file, server did not start)."""


class DocumentNotFoundError(UserError, LookupError):
    """No document has the id asked for."""


class BusyError(UserError, RuntimeError):
    """Too many changes are under way; the same request may succeed shortly."""
