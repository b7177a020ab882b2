"""Errors the public API raises; each message is one line meant for the user."""


class InvalidQuestionError(ValueError):
    """The question is empty, too long or holds control characters."""
