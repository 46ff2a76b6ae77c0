"""From a stored customer to a brief: the history out of the store, through the chosen engine, for one reader."""

from __future__ import annotations

from datetime import datetime

from ..retrieval.models import Customer
from ..retrieval.store import Store
from .audience import for_audience
from .engine import Engine
from .enrich import enrich
from .models import Audience, Brief


def make_brief(store: Store, engine: Engine, customer: Customer, now: datetime | None = None,
               audience: Audience = "sales") -> Brief:
    messages = store.messages(customer)
    if now is not None:
        messages = [m for m in messages if m.at <= now]
    brief = engine.brief(customer, messages, now, search=lambda query, k: store.search(customer, query, k))
    return for_audience(enrich(brief, messages), audience)
