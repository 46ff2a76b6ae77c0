"""Glue between the CLI/HTTP edge and the service-to-sales rules in `agent.upgrade`: no rules live here."""

from __future__ import annotations

from datetime import UTC, datetime

from ..agent.briefing import make_brief
from ..agent.offline.engine import OfflineEngine
from ..agent.upgrade import (
    ScoredOrder,
    check_transition,
    follow_ups,
    load_config,
    opportunity_for,
    refused_channels,
    score_order,
)
from ..retrieval.models import Opportunity
from ..retrieval.opportunities import OpportunityStore
from ..retrieval.repair_orders import repair_order_from
from ..retrieval.store import Store


def score_and_route(store: Store, opportunities: OpportunityStore, settings, dealer: str, row: dict,
                    label: str) -> ScoredOrder:
    order, identity = repair_order_from(row, label)
    customer = store.resolve_customer(dealer, identity)
    brief = make_brief(store, OfflineEngine(), customer) if store.messages(customer) else None
    scored = score_order(order, customer.id, load_config(settings.data_dir, dealer), brief)
    if scored.routed:
        opportunity = opportunities.upsert(opportunity_for(dealer, scored, order, datetime.now(UTC)))
        scored = scored.model_copy(update={"opportunity_id": opportunity.id})
    return scored


def show_opportunity(store: Store, opportunities: OpportunityStore, dealer: str,
                     opportunity_id: str) -> Opportunity | None:
    found = opportunities.get(dealer, opportunity_id)
    if found is None:
        return None
    customer = store.get_customer(dealer, found.customer_id)
    refused = refused_channels(store.messages(customer)) if customer else set()
    drafts = follow_ups(found, customer.name if customer else None, datetime.now(UTC), refused)
    return found.model_copy(update={"follow_ups": drafts})


def change_status(store: Store, opportunities: OpportunityStore, dealer: str, opportunity_id: str,
                  status: str) -> Opportunity | None:
    found = opportunities.get(dealer, opportunity_id)
    if found is None:
        return None
    check_transition(found.status, status)
    opportunities.set_status(dealer, opportunity_id, status)
    return show_opportunity(store, opportunities, dealer, opportunity_id)
