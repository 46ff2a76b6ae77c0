"""The records ingestion produces and the store keeps: one Message per turn, one Customer per person."""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from enum import Enum
from typing import Literal

from pydantic import AwareDatetime, BaseModel, Field


class Channel(str, Enum):
    chat = "chat"
    sms = "sms"
    call = "call"
    email = "email"
    note = "note"


class Role(str, Enum):
    customer = "customer"
    staff = "staff"
    bot = "bot"


class Message(BaseModel):
    """One normalised turn: who said what, where and when, for one customer at one dealer."""

    id: str
    dealer: str
    customer_id: str
    channel: Channel
    role: Role
    speaker: str | None = None
    at: AwareDatetime
    text: str
    # Set on messages from one interaction so a parser's turn order survives equal timestamps.
    seq: int = 0
    # A block the customer forwarded inside their own message: its named author never sent it to us.
    forwarded: bool = False
    # The id the source gave the interaction this message belongs to, when it gave one.
    source_id: str | None = None

    @staticmethod
    def content_id(dealer: str, channel: Channel, role: Role, at: datetime, text: str) -> str:
        """A stable id from content alone, so the same turn ingested twice is the same record."""
        normalised = re.sub(r"\s+", " ", text).strip().casefold()
        key = "\x1f".join([dealer, channel.value, role.value, at.isoformat(), normalised])
        return "m_" + hashlib.sha256(key.encode()).hexdigest()[:20]


class Identity(BaseModel):
    """Ways an interaction names its customer; any one is enough, two link."""

    phone: str | None = None
    email: str | None = None
    customer_id: str | None = None
    name: str | None = None

    def keys(self) -> list[tuple[str, str]]:
        return [(kind, value) for kind in ("customer_id", "phone", "email") if (value := getattr(self, kind))]


class Customer(BaseModel):
    dealer: str
    id: str
    name: str | None = None
    phones: list[str] = Field(default_factory=list)
    emails: list[str] = Field(default_factory=list)
    external_ids: list[str] = Field(default_factory=list)

    @property
    def first_name(self) -> str | None:
        return self.name.split()[0] if self.name else None


class RepairOrder(BaseModel):
    """A service repair order as a DMS exports it; every field past the number and identity is optional."""

    ro_number: str
    phone: str | None = None
    email: str | None = None
    customer_id: str | None = None
    name: str | None = None
    vin: str | None = None
    year: int | None = Field(default=None, ge=1950, le=2100)
    make: str | None = None
    model: str | None = None
    mileage: int | None = Field(default=None, ge=0)
    repair_estimate: float | None = Field(default=None, ge=0)
    vehicle_value: float | None = Field(default=None, ge=0)
    payoff: float | None = Field(default=None, ge=0)
    lease_maturity: date | None = None
    lease_miles_allowed: int | None = Field(default=None, ge=0)
    visits_24mo: int | None = Field(default=None, ge=0)
    opened_at: AwareDatetime | None = None
    closed_at: AwareDatetime | None = None


OpportunityStatus = Literal["surfaced", "contacted", "appointment", "sold", "lost"]


class FollowUp(BaseModel):
    channel: Literal["sms", "email"]
    text: str


class Opportunity(BaseModel):
    """A routed repair order: a service customer the sales team should talk to, and where that stands."""

    id: str
    dealer: str
    customer_id: str
    ro_number: str
    score: int
    status: OpportunityStatus = "surfaced"
    vehicle: str | None = None
    talk_track: str | None = None
    visit_closed_at: AwareDatetime | None = None
    created_at: AwareDatetime
    updated_at: AwareDatetime
    follow_ups: list[FollowUp] = Field(default_factory=list)
