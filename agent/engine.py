"""The one small protocol every brief engine satisfies, so callers and tests swap them freely."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from ..retrieval.models import Customer, Message
from .context import Search
from .models import Brief


class Engine(Protocol):
    name: str

    def brief(self, customer: Customer, messages: list[Message], now: datetime | None = None,
              search: Search | None = None) -> Brief:
        """A brief from the customer's messages, as of `now` (default: the latest message).

        `search(query, k)` finds the customer's own messages by meaning, for engines that cannot read them all.
        """
        ...
