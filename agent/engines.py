"""Choosing the brief engine by name, from the one settings object."""

from __future__ import annotations

from collections.abc import Callable

from .engine import Engine


class EngineError(ValueError):
    pass


def _offline(settings) -> Engine:
    from .offline.engine import OfflineEngine

    return OfflineEngine()


def _openai(settings) -> Engine:
    from .fallback import FallbackEngine
    from .llm import OpenAIEngine

    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    if not key and not settings.llm_base_url:
        raise EngineError("the openai engine needs OPENAI_API_KEY, or HANDOFF_LLM_BASE_URL for a local "
                          "OpenAI-compatible server (vLLM, Ollama, llama.cpp)")
    llm = OpenAIEngine(model=settings.llm_model, base_url=settings.llm_base_url, api_key=key,
                       timeout=settings.llm_timeout, retries=settings.llm_retries,
                       budget=settings.prompt_token_budget, tokenizer=settings.tokenizer)
    return FallbackEngine(llm, _offline(settings))


ENGINES: dict[str, Callable[[object], Engine]] = {"offline": _offline, "openai": _openai}


def engine_from(settings, name: str | None = None) -> Engine:
    chosen = name or settings.engine
    if chosen == "auto":
        chosen = "openai" if (settings.openai_api_key or settings.llm_base_url) else "offline"
    if chosen not in ENGINES:
        raise EngineError(f"unknown engine {chosen!r}; choose one of: auto, {', '.join(sorted(ENGINES))}")
    return ENGINES[chosen](settings)
