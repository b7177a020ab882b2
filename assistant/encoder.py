"""Query embedding with a small cache, so retrieval and answering embed a question once."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings


class QueryEncoder:
    """Embeds queries through LangChain embeddings, remembering the last ``size`` queries."""

    def __init__(self, embeddings: Embeddings, size: int = 256) -> None:
        self.embeddings = embeddings
        self._size = size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()  # the HTTP API answers from several threads

    def __call__(self, query: str) -> np.ndarray:
        with self._lock:
            vector = self._cache.get(query)
            if vector is not None:
                self._cache.move_to_end(query)
                return vector
        vector = np.asarray(self.embeddings.embed_query(query), dtype=np.float32)
        with self._lock:
            self._cache[query] = vector
            if len(self._cache) > self._size:
                self._cache.popitem(last=False)
        return vector
