"""Chat-to-human handoffs: who is waiting, who took the chat, and the visitor's session secret (hashed)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

from sqlalchemy import insert, select, update

from ..retrieval.database import Database
from ..retrieval.schema import handoffs

_COLUMNS = (handoffs.c.id, handoffs.c.customer_id, handoffs.c.at, handoffs.c.claimed_by, handoffs.c.first_contact)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class HandoffLog:
    def __init__(self, db: Database) -> None:
        self._db = db

    def record(self, dealer: str, customer_id: str, first_contact: bool = False) -> tuple[int, str]:
        """(handoff id, visitor token): the token is the visitor's alone and is kept only as a hash."""
        token = "hv_" + secrets.token_urlsafe(24)
        with self._db.write(dealer) as connection:
            inserted = connection.execute(insert(handoffs).values(
                dealer=dealer, customer_id=customer_id, at=datetime.now(UTC).isoformat(),
                visitor_token_hash=_hash(token), first_contact=first_contact))
            return int(inserted.inserted_primary_key[0]), token

    def get(self, dealer: str, handoff_id: int) -> dict | None:
        with self._db.read() as connection:
            row = connection.execute(select(*_COLUMNS, handoffs.c.visitor_token_hash).where(
                handoffs.c.dealer == dealer, handoffs.c.id == handoff_id)).first()
        return dict(row._mapping) if row else None

    def visitor_may(self, dealer: str, handoff_id: int, token: str | None) -> bool:
        found = self.get(dealer, handoff_id)
        return bool(found and token and found["visitor_token_hash"]
                    and hmac.compare_digest(found["visitor_token_hash"], _hash(token)))

    def claim(self, dealer: str, handoff_id: int, name: str) -> bool:
        with self._db.write(dealer) as connection:
            return connection.execute(update(handoffs).where(handoffs.c.dealer == dealer, handoffs.c.id == handoff_id)
                                      .values(claimed_by=name)).rowcount > 0

    def since(self, dealer: str, after_id: int = 0, limit: int = 20) -> list[dict]:
        query = (select(*_COLUMNS).where(handoffs.c.dealer == dealer, handoffs.c.id > after_id)
                 .order_by(handoffs.c.id.desc()).limit(limit))
        with self._db.read() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]
