"""From a stored customer to a brief: the history out of the store, through the chosen engine."""

from __future__ import annotations

from datetime import datetime

from ..retrieval.models import Customer
from ..retrieval.store import Store
from .engine import Engine
from .models import Brief


def make_brief(store: Store, engine: Engine, customer: Customer, now: datetime | None = None) -> Brief:
    messages = store.messages(customer)
    if now is not None:
        messages = [m for m in messages if m.at <= now]
    return engine.brief(customer, messages, now, search=lambda query, k: store.search(customer, query, k))
