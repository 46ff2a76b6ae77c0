"""Logs without customer data: one redaction filter on every handler, and an access log that names the route
template, status, latency and key id, never a query value, a key or a message."""

from __future__ import annotations

import logging
import re
import time

from ..retrieval.pii import mask_pii

_SECRETS = [
    (re.compile(r"hk_[A-Za-z0-9_-]{8,}"), "hk_[redacted]"),
    (re.compile(r"(?i)\b(bearer)\s+\S+"), r"\1 [redacted]"),
    (re.compile(r"(?i)(://[^:/@\s]+:)[^@/\s]+@"), r"\1[redacted]@"),
    (re.compile(r"(?i)\b(sk-[A-Za-z0-9_-]{8,})"), "sk-[redacted]"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "[email]"),
    (re.compile(r"(?<![\w/])\+?1?[\s.(-]*\d{3}[\s.)-]*\d{3}[\s.-]*\d{4}(?!\d)"), "[phone]"),
]
ACCESS = logging.getLogger("handoff.access")


def redact(text: str) -> str:
    text = mask_pii(text)
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites every record's message (with its arguments folded in) through `redact`."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a record whose arguments do not fit its format: log what is there, redacted
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        if record.exc_info and record.exc_info[1] is not None:
            # Tracebacks can carry values too: keep the type and a redacted line, not the frames' locals.
            error = record.exc_info[1]
            record.msg = f"{record.msg} ({type(error).__name__}: {redact(str(error))})"
            record.exc_info, record.exc_text = None, None
        return True


def configure_logging(level: str = "INFO") -> None:
    """One stderr handler with the redaction filter, for our loggers and uvicorn's (idempotent)."""
    root = logging.getLogger()
    if any(isinstance(f, RedactingFilter) for h in root.handlers for f in h.filters):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.addFilter(RedactingFilter())
    root.handlers = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers = []
        logging.getLogger(name).propagate = True
    # uvicorn's own access log prints the query string; ours below does not.
    logging.getLogger("uvicorn.access").disabled = True


class AccessLog:
    """ASGI middleware: `GET /v1/customers/{customer_id}/brief 200 41ms key_1a2b3c4d`."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = 500

        async def sent(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sent)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "(no route)"
            # Starlette keeps `request.state` in the scope: the key id authentication set, if it got that far.
            state = scope.get("state") or {}
            ACCESS.info("%s %s %d %dms %s", scope["method"], template, status,
                        (time.perf_counter() - started) * 1000, state.get("key_id", "-"))
