"""Service-to-sales: score a repair order from its numbers, and for the ones worth a conversation, write an
honest talk track that lays out both options with the real figures."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from ..retrieval.models import FollowUp, Message, Opportunity, RepairOrder, Role
from .models import Brief


class ScoringConfig(BaseModel):
    """Weights, thresholds and the routing cut-off; one file per dealer overrides any of them."""

    # A typo ("route_at_" or "mileage_pionts") must not be silently ignored.
    model_config = ConfigDict(extra="forbid")

    route_at: int = 50
    # The dealer's DMS export headers for repair-order fields ({"Est Total": "repair_estimate"}), over the presets.
    ro_columns: dict[str, str] = {}
    repair_ratio_high: float = 0.30
    repair_ratio_points_high: int = 30
    repair_ratio_low: float = 0.15
    repair_ratio_points_low: int = 15
    warranty_miles: int = 60_000
    high_miles: int = 100_000
    past_warranty_points: int = 10
    high_miles_points: int = 20
    lease_window_days: int = 180
    lease_maturity_points: int = 25
    lease_over_miles_points: int = 15
    equity_strong: float = 3_000
    equity_strong_points: int = 20
    equity_some_points: int = 10
    negative_equity_points: int = -15
    frequent_visits: int = 4
    frequent_visits_points: int = 10
    age_years: int = 6
    age_points: int = 10


class Signal(BaseModel):
    name: str
    value: str
    points: int


class ScoredOrder(BaseModel):
    ro_number: str
    customer_id: str
    score: int
    routed: bool
    signals: list[Signal]
    talk_track: str | None = None
    opportunity_id: str | None = None


class ConfigError(ValueError):
    pass


def load_config(data_dir: Path, dealer: str) -> ScoringConfig:
    """`<data dir>/dealers/<dealer>.json`, when it exists, over the defaults."""
    path = Path(data_dir) / "dealers" / f"{dealer}.json"
    if not path.exists():
        return ScoringConfig()
    try:
        return ScoringConfig.model_validate(json.loads(path.read_text()))
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "(the whole file)"
        problem = "is not a setting (see ScoringConfig)" if first["type"] == "extra_forbidden" else first["msg"]
        raise ConfigError(f"{path}: {field} {problem}") from None


def _money(value: float) -> str:
    return f"${value:,.0f}"


def signals_for(order: RepairOrder, config: ScoringConfig, today: date) -> list[Signal]:
    """Each signal its data supports; a missing field removes its signal."""
    found: list[Signal] = []
    if order.repair_estimate is not None and order.vehicle_value:
        ratio = order.repair_estimate / order.vehicle_value
        points = (config.repair_ratio_points_high if ratio >= config.repair_ratio_high
                  else config.repair_ratio_points_low if ratio >= config.repair_ratio_low else 0)
        found.append(Signal(name="repair_vs_value", points=points,
                            value=f"{_money(order.repair_estimate)} repair is {ratio:.0%} of a "
                                  f"{_money(order.vehicle_value)} vehicle"))
    if order.mileage is not None:
        if order.lease_miles_allowed and order.lease_maturity:
            over = order.mileage - order.lease_miles_allowed
            found.append(Signal(name="lease_miles", points=config.lease_over_miles_points if over > 0 else 0,
                                value=f"{order.mileage:,} mi against {order.lease_miles_allowed:,} allowed"))
        else:
            points = (config.high_miles_points if order.mileage >= config.high_miles
                      else config.past_warranty_points if order.mileage >= config.warranty_miles else 0)
            found.append(Signal(name="mileage", points=points, value=f"{order.mileage:,} mi"))
    if order.lease_maturity is not None:
        days = (order.lease_maturity - today).days
        found.append(Signal(name="lease_maturity", value=f"lease matures {order.lease_maturity.isoformat()} "
                                                          f"({days} days)",
                            points=config.lease_maturity_points if 0 <= days <= config.lease_window_days else 0))
    if order.vehicle_value is not None and order.payoff is not None:
        equity = order.vehicle_value - order.payoff
        points = (config.equity_strong_points if equity >= config.equity_strong
                  else config.equity_some_points if equity >= 0 else config.negative_equity_points)
        found.append(Signal(name="equity", points=points,
                            value=f"{_money(order.vehicle_value)} value - {_money(order.payoff)} payoff = "
                                  f"{'-' if equity < 0 else ''}{_money(abs(equity))}"))
    if order.visits_24mo is not None:
        found.append(Signal(name="service_visits", value=f"{order.visits_24mo} visits in 24 months",
                            points=config.frequent_visits_points if order.visits_24mo >= config.frequent_visits else 0))
    if order.year is not None:
        age = today.year - order.year
        found.append(Signal(name="vehicle_age", value=f"{age} years old",
                            points=config.age_points if age >= config.age_years else 0))
    return found


def vehicle_name(order: RepairOrder) -> str:
    return " ".join(str(part) for part in (order.year, order.make, order.model) if part) or "their vehicle"


def talk_track(order: RepairOrder, brief: Brief | None) -> str:
    """For the salesperson: the figures, both options told fairly, what we know of the customer; no pressure."""
    first = (brief.customer.name.split()[0] if brief and brief.customer.name else None) or order.name or "the customer"
    car = vehicle_name(order)
    lines = [f"{first}'s {car} is in the service lane (RO {order.ro_number})."]
    numbers = []
    if order.repair_estimate is not None:
        numbers.append(f"the repair is quoted at {_money(order.repair_estimate)}")
    if order.vehicle_value is not None:
        numbers.append(f"the {order.model or 'vehicle'} is worth about {_money(order.vehicle_value)}")
    if order.payoff is not None and order.vehicle_value is not None:
        equity = order.vehicle_value - order.payoff
        numbers.append(f"{first} owes {_money(order.payoff)}, so about {_money(abs(equity))} of "
                       f"{'equity' if equity >= 0 else 'negative equity'}")
    if order.mileage is not None:
        numbers.append(f"it has {order.mileage:,} miles")
    if order.lease_maturity is not None:
        numbers.append(f"the lease ends {order.lease_maturity:%B %-d, %Y}")
    if numbers:
        lines.append("The numbers: " + "; ".join(numbers) + ".")
    lines.append("Lay out both options and let them choose:")
    keep = f"repair it for {_money(order.repair_estimate)} and keep driving a vehicle they know" \
        if order.repair_estimate is not None else "repair it and keep driving a vehicle they know"
    lines.append(f"  1. Keep it: {keep}; no new payment.")
    upgrade = "put the repair money toward a newer vehicle"
    if order.payoff is not None and order.vehicle_value is not None and order.vehicle_value > order.payoff:
        upgrade += f", with about {_money(order.vehicle_value - order.payoff)} of equity to start from"
    lines.append(f"  2. Upgrade: {upgrade}; that means a payment, so show the real monthly figure.")
    if brief is not None:
        known = brief.fact_values()
        said = []
        if known["payment_target"]:
            said.append(f"wants to stay around ${known['payment_target']['monthly']:,}/month")
        if known["spouse"] and known["spouse"]["involved"]:
            said.append(f"decides with {known['spouse'].get('name') or 'their spouse'}")
        if known["deadline"]:
            said.append(f"needs a vehicle by {known['deadline']['date']}")
        if known["vehicle_interest"] and known["vehicle_interest"].get("model"):
            said.append(f"has asked about the {known['vehicle_interest']['model']}")
        if known["preferred_contact"]:
            said.append(f"prefers {known['preferred_contact']}")
        if said:
            lines.append(f"From their history, {first} " + ", ".join(said) + ".")
    lines.append("If repairing is the better deal for them, say so.")
    return "\n".join(lines)


def score_order(order: RepairOrder, customer_id: str, config: ScoringConfig, brief: Brief | None,
                today: date | None = None) -> ScoredOrder:
    today = today or (order.opened_at.date() if order.opened_at else datetime.now(UTC).date())
    signals = signals_for(order, config, today)
    score = sum(s.points for s in signals)
    routed = score >= config.route_at
    return ScoredOrder(ro_number=order.ro_number, customer_id=customer_id, score=score, routed=routed,
                       signals=signals, talk_track=talk_track(order, brief) if routed else None)


# What a customer says to refuse a channel: the carriers' STOP words, and plain words for each channel.
REFUSALS = {
    "sms": re.compile(r"^\s*(?:stop|stopall|unsubscribe|cancel|end|quit)\s*[.!]*\s*$|\b(?:do ?n[o']?t|never|no more|"
                      r"stop)\s+(?:\w+\s+){0,2}(?:text|txt|sms)(?:s|ing|ed)?\b|\bno (?:texts|text messages|sms)\b|"
                      r"\bi don'?t do (?:texts|texting)\b", re.I),
    "email": re.compile(r"\b(?:do ?n[o']?t|never|no more|stop)\s+(?:\w+\s+){0,2}e-?mail(?:s|ing|ed)?\b|"
                        r"\bno e-?mails\b|\bunsubscribe me from (?:your )?e-?mails?\b", re.I),
}


def refused_channels(messages: list[Message]) -> set[str]:
    """Channels the customer has told us not to use (their latest word on each: a refusal stands)."""
    return {channel for channel, cue in REFUSALS.items()
            for m in messages if m.role == Role.customer and cue.search(m.text)}


def follow_ups(opportunity: Opportunity, name: str | None, now: datetime,
               refused: frozenset[str] | set[str] = frozenset()) -> list[FollowUp]:
    """Drafts for a customer who left the lane without hearing from sales: a text and an email, each only if the
    customer has not refused that channel."""
    if opportunity.status != "surfaced" or opportunity.visit_closed_at is None or now < opportunity.visit_closed_at:
        return []
    first = name.split()[0] if name else "there"
    car = opportunity.vehicle or "your vehicle"
    sms = (f"Hi {first}, thanks for bringing your {car} in. If you'd like to know what it's worth before "
           "deciding on the repair, we can do a free trade-in appraisal, no obligation. Just reply with a good time.")
    email = (f"Hi {first},\n\nThank you for trusting us with your {car}. Whether you repair it or not, it can help "
             "to know what it's worth today. We'd be glad to do a free trade-in appraisal, with no obligation, so "
             "you can compare keeping it with upgrading on real numbers.\n\nReply to this email or call us to pick a "
             "time that works for you.")
    return [draft for draft in (FollowUp(channel="sms", text=sms), FollowUp(channel="email", text=email))
            if draft.channel not in refused]


# Forward only: a sold or lost opportunity is history, not something to reopen by accident.
NEXT_STATUS = {
    "surfaced": {"contacted", "appointment", "sold", "lost"},
    "contacted": {"appointment", "sold", "lost"},
    "appointment": {"sold", "lost"},
    "sold": set(),
    "lost": set(),
}


class StatusError(ValueError):
    pass


def check_transition(current: str, new: str) -> None:
    if new not in NEXT_STATUS:
        raise StatusError(f"unknown status {new!r}; use one of surfaced, contacted, appointment, sold, lost")
    if new != current and new not in NEXT_STATUS[current]:
        allowed = ", ".join(sorted(NEXT_STATUS[current])) or "nothing (it is closed)"
        raise StatusError(f"cannot move an opportunity from {current} to {new}; from {current} it can go to {allowed}")


def opportunity_for(dealer: str, scored: ScoredOrder, order: RepairOrder, now: datetime) -> Opportunity:
    import hashlib

    opportunity_id = "opp_" + hashlib.sha256(f"{dealer}\x1f{order.ro_number}".encode()).hexdigest()[:12]
    return Opportunity(id=opportunity_id, dealer=dealer, customer_id=scored.customer_id, ro_number=order.ro_number,
                       score=scored.score, vehicle=vehicle_name(order), talk_track=scored.talk_track,
                       visit_closed_at=order.closed_at, created_at=now, updated_at=now)
