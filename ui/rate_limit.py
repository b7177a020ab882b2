"""Rate limits per API key, or per client address without one (the ``limits`` library,
moving windows in memory): questions and document requests share one limit, adding and
removing documents have a tighter one of their own. Past a limit: 429 and Retry-After."""

from __future__ import annotations

import hashlib
import math
import time

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

LIMITED_PATHS = ("/ask", "/ask/stream", "/v1/chat/completions")
CHANGES = ("POST", "DELETE")


def _is_documents(path: str) -> bool:
    return path == "/documents" or path.startswith("/documents/")


class RateLimits:
    def __init__(self, requests: str, changes: str) -> None:
        self._requests: RateLimitItem = parse(requests)
        self._changes: RateLimitItem = parse(changes)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def retry_after(self, method: str, path: str, caller: str) -> int | None:
        """Count this request against the caller's limits; None when it may go on,
        else the seconds until it may be tried again."""
        items = []
        if path in LIMITED_PATHS or _is_documents(path):
            items.append(self._requests)
        if _is_documents(path) and method in CHANGES:
            items.append(self._changes)
        for item in items:
            if not self._limiter.hit(item, caller):
                reset = self._limiter.get_window_stats(item, caller).reset_time
                return max(1, math.ceil(reset - time.time()))
        return None


def caller_key(api_key: str | None, client_host: str | None) -> str:
    """Who a request counts against: the API key it was let in with (hashed), or its
    client address when the server needs no key (a made-up key would be a new caller)."""
    if api_key is not None:
        return "key:" + hashlib.sha256(api_key.encode()).hexdigest()
    return "address:" + (client_host or "unknown")
