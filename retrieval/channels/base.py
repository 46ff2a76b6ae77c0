"""What every channel parser returns, and the helpers they share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..errors import IngestError
from ..models import Role

STAFF_LABELS = {"agent", "staff", "sales", "salesperson", "advisor", "rep", "bdc", "dealer", "operator"}
CUSTOMER_LABELS = {"customer", "caller", "client", "guest", "visitor", "cust"}
BOT_LABELS = {"bot", "ivr", "assistant", "system", "auto", "automated"}


@dataclass(frozen=True)
class Party:
    """Who the customer is, so parsers can tell their words from the dealership's."""

    name: str | None = None
    email: str | None = None

    @property
    def first_name(self) -> str | None:
        return self.name.split()[0].casefold() if self.name else None


@dataclass(frozen=True)
class Turn:
    role: Role
    speaker: str | None
    at: datetime
    text: str
    # Relayed inside a customer's own message (a block they forwarded): it says who wrote it, but only the
    # customer vouches for it, so it can never be a staff promise.
    forwarded: bool = False


def parse_time(value: object, what: str) -> datetime:
    if not isinstance(value, str) or not value.strip():
        raise IngestError(f"{what} is missing or not a string")
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise IngestError(f"{what} {value!r} is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise IngestError(f"{what} {value!r} has no timezone offset")
    return moment


def role_for_label(label: str, party: Party) -> Role:
    """`Agent`, `Customer`, or a first name: the customer's own name is the customer, any other is staff."""
    key = label.strip().casefold()
    if key in CUSTOMER_LABELS:
        return Role.customer
    if key in BOT_LABELS:
        return Role.bot
    if key in STAFF_LABELS:
        return Role.staff
    if party.name and (key == party.name.casefold() or key.split()[0] == party.first_name):
        return Role.customer
    return Role.staff
