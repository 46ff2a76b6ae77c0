"""The one small protocol every brief engine satisfies, so callers and tests swap them freely."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from ..retrieval.models import Customer, Message
from .models import Brief


class Engine(Protocol):
    name: str

    def brief(self, customer: Customer, messages: list[Message], now: datetime | None = None) -> Brief:
        """A brief from the customer's messages in time order, as of `now` (default: the latest message)."""
        ...
