"""Errors raised while building or opening an index."""


class IndexingError(Exception):
    """Base class; the message is one line meant for the user."""


class SourceError(IndexingError):
    """A source file cannot be ingested (missing, binary, not UTF-8, empty, too large)."""


class IndexMissingError(IndexingError):
    """No usable index exists yet."""


class StoreUnavailableError(IndexingError):
    """The Chroma server cannot be reached."""
