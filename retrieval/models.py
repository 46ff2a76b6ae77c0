"""The records ingestion produces and the store keeps: one Message per turn, one Customer per person."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from enum import Enum

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
