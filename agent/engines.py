"""Choosing the brief engine by name; the LLM engines join this registry in their own module."""

from __future__ import annotations

from collections.abc import Callable

from .engine import Engine


class EngineError(ValueError):
    pass


def _offline(settings) -> Engine:
    from .offline.engine import OfflineEngine

    return OfflineEngine()


ENGINES: dict[str, Callable[[object], Engine]] = {"offline": _offline}


def engine_from(settings, name: str | None = None) -> Engine:
    chosen = name or settings.engine
    if chosen == "auto":
        chosen = "offline"
    if chosen not in ENGINES:
        raise EngineError(f"unknown engine {chosen!r}; choose one of: {', '.join(sorted(ENGINES))}")
    return ENGINES[chosen](settings)
