"""From a stored customer to a brief: the history out of the store, through the chosen engine, for one reader.

Briefs are cached in the store under a digest of everything they depend on (the customer, the history's size and
latest message, the engine and its version, the audience), so a repeat brief is one lookup and any new message,
merge or engine change makes a new one. Briefs as of a past moment and degraded briefs are never cached.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from ..retrieval.models import Customer
from ..retrieval.store import Store
from .audience import for_audience
from .corrections import apply_corrections
from .engine import Engine
from .enrich import enrich
from .models import Audience, Brief


def cache_key(store: Store, engine: Engine, customer: Customer, audience: Audience) -> str | None:
    tag = getattr(engine, "cache_tag", None)
    if not tag:
        return None
    count, latest = store.history_stamp(customer)
    parts = [tag, audience, customer.model_dump(mode="json"), count, latest]
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def make_brief(store: Store, engine: Engine, customer: Customer, now: datetime | None = None,
               audience: Audience = "sales") -> Brief:
    key = cache_key(store, engine, customer, audience) if now is None else None
    if key is not None and (hit := store.cached_brief(customer, key)) is not None:
        return Brief.model_validate_json(hit)
    messages = store.messages(customer)
    if now is not None:
        messages = [m for m in messages if m.at <= now]
    brief = engine.brief(customer, messages, now, search=lambda query, k: store.search(customer, query, k))
    brief = apply_corrections(brief, store.corrections(customer), now)
    brief = for_audience(enrich(brief, messages), audience)
    if key is not None and not brief.degraded:
        store.remember_brief(customer, key, brief.model_dump_json())
    return brief
