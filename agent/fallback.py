"""Fallback by composition: try the LLM engine, and when it cannot answer, the offline one, saying why."""

from __future__ import annotations

from datetime import datetime

from ..retrieval.models import Customer, Message
from .context import Search
from .engine import Engine
from .llm import LLMUnavailable
from .models import Brief


class FallbackEngine:
    def __init__(self, primary: Engine, fallback: Engine) -> None:
        self.primary = primary
        self.fallback = fallback
        self.name = primary.name

    @property
    def cache_tag(self) -> str | None:
        # Degraded briefs are not cached, so only the primary's version matters.
        return getattr(self.primary, "cache_tag", None)

    def brief(self, customer: Customer, messages: list[Message], now: datetime | None = None,
              search: Search | None = None) -> Brief:
        try:
            return self.primary.brief(customer, messages, now, search=search)
        except LLMUnavailable as exc:
            reason = str(exc)
        brief = self.fallback.brief(customer, messages, now, search=search)
        return brief.model_copy(update={"degraded": True, "degraded_reason": f"{reason}; offline engine used"})

    def phrase_greeting(self, brief: Brief, draft):
        phrase = getattr(self.primary, "phrase_greeting", None)
        return phrase(brief, draft) if phrase else draft
