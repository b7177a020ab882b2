"""Errors raised while building or opening an index."""


class UserError(Exception):
    """Base class of every error a front door reports to the user as one line (and the CLI
    exits 2 for); defined here, the lowest layer, so the index's errors are ones too."""


class IndexingError(UserError):
    """Building or changing the index failed; the message is one line meant for the user."""


class SourceError(IndexingError):
    """A source file cannot be ingested (missing, binary, not UTF-8, empty, too large)."""


class IndexMissingError(IndexingError):
    """No usable index exists yet."""


class StoreUnavailableError(IndexingError):
    """The Chroma server cannot be reached."""
