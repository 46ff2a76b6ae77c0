"""Facts in the words a salesperson reads: "$450/mo", "2014 Ford F-150, 160,000 mi, owes $9,000"."""

from __future__ import annotations

from datetime import date
from typing import Any


def _money(value: int) -> str:
    return f"${value:,}"


def vehicle(value: dict) -> str:
    return " ".join(str(value[k]) for k in ("year", "make", "model", "trim") if value.get(k))


def describe(name: str, value: Any) -> str:
    """One fact value (as dumped JSON) in a few words."""
    if value is None:
        return "unknown"
    if name == "vehicle_interest":
        return vehicle(value)
    if name == "purchase_type":
        return {"buy": "buy (finance or cash)", "lease": "lease", "undecided": "weighing lease vs buy"}[value]
    if name == "payment_target":
        return f"{_money(value['monthly'])}/mo"
    if name == "down_payment":
        return "nothing down" if value["amount"] == 0 else f"{_money(value['amount'])} down"
    if name == "trade_in":
        if not value["has_trade"]:
            return "no trade"
        parts = [vehicle(value) or "has a trade"]
        if value.get("mileage"):
            parts.append(f"{value['mileage']:,} mi")
        if value.get("payoff") is not None:
            parts.append("owned outright" if value["payoff"] == 0 else f"owes {_money(value['payoff'])}")
        return ", ".join(parts)
    if name == "financing":
        source = {"outside": "own bank / credit union", "dealer": "dealer financing", "cash": "paying cash"}.get(
            value.get("source"), "source unknown")
        if value.get("preapproved") is True:
            return f"{source}, pre-approved"
        if value.get("preapproved") is False:
            return f"{source}, not pre-approved"
        return source
    if name == "spouse":
        if not value["involved"]:
            return "decides alone"
        return f"{value['name']} is part of the decision" if value.get("name") else "spouse/partner is part of the decision"
    if name == "deadline":
        day = date.fromisoformat(value["date"])
        return f"by {day:%a %b} {day.day}, {day.year}"
    if name == "preferred_contact":
        return {"call": "call", "text": "text", "email": "email"}[value]
    return str(value)


LABELS = {
    "vehicle_interest": "Vehicle",
    "purchase_type": "Lease / buy",
    "payment_target": "Payment target",
    "down_payment": "Down payment",
    "trade_in": "Trade-in",
    "financing": "Financing",
    "spouse": "Co-buyer",
    "deadline": "Deadline",
    "preferred_contact": "Contact by",
}

QUESTIONS = {
    "vehicle_interest": "What vehicle are you looking for?",
    "purchase_type": "Are you leasing or buying?",
    "payment_target": "What monthly payment are you comfortable with?",
    "down_payment": "How much are you putting down?",
    "trade_in": "Do you have a trade-in?",
    "financing": "How are you paying / do you have financing?",
    "spouse": "Is anyone else part of the decision?",
    "deadline": "When do you need the vehicle?",
    "preferred_contact": "How should we contact you?",
}
