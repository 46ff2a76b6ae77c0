"""Limits at the edge: request bodies over the configured size get a 413 before any of them is parsed; requests
over a key's rate and addresses that keep guessing keys get a 429 with Retry-After."""

from __future__ import annotations

import json
import threading
import time
from collections import deque


class BodySizeLimit:
    def __init__(self, app, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            return await self._too_large(send)
        seen = 0
        too_large = False

        async def counted():
            nonlocal seen, too_large
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    too_large = True
                    return {"type": "http.request", "body": b"", "more_body": False}
            return message

        started = False

        async def guarded_send(message):
            nonlocal started
            if too_large and not started:
                started = True
                return await self._too_large(send)
            if not too_large:
                started = started or message["type"] == "http.response.start"
                await send(message)

        await self.app(scope, counted, guarded_send)

    async def _too_large(self, send):
        body = json.dumps({"detail": f"request body is over the {self.max_bytes:,}-byte limit"}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class KeyRate:
    """Requests per key, as `HANDOFF_RATE_LIMIT` says ("20/second", "600/minute"); a moving window per process."""

    def __init__(self, rule: str | None) -> None:
        from limits import parse
        from limits.storage import MemoryStorage
        from limits.strategies import MovingWindowRateLimiter

        self.rule = parse(rule) if rule else None
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def hit(self, key_id: str) -> int:
        """0 when the request may go on, else the seconds to wait."""
        if self.rule is None or self._limiter.hit(self.rule, key_id):
            return 0
        reset = self._limiter.get_window_stats(self.rule, key_id).reset_time
        return max(1, int(reset - time.time()) + 1)


class FailedKeys:
    """After `limit` unknown keys from one address within `window` seconds, that address waits out the window."""

    def __init__(self, limit: int = 10, window: float = 60.0) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str, now: float) -> deque[float]:
        seen = self._failures.setdefault(client, deque())
        while seen and seen[0] < now - self.window:
            seen.popleft()
        return seen

    def failed(self, client: str) -> None:
        now = time.monotonic()
        with self._lock:
            self._recent(client, now).append(now)
            if len(self._failures) > 10_000:  # bounded memory under a scan from many addresses
                self._failures = {c: s for c, s in self._failures.items() if s and s[-1] > now - self.window}

    def locked_for(self, client: str) -> int:
        now = time.monotonic()
        with self._lock:
            seen = self._recent(client, now)
            if len(seen) < self.limit:
                return 0
            return max(1, int(seen[0] + self.window - now) + 1)
