"""The log of chat-to-human handoffs, so the staff view can see who is waiting."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert, select

from ..retrieval.database import Database
from ..retrieval.schema import handoffs


class HandoffLog:
    def __init__(self, db: Database) -> None:
        self._db = db

    def record(self, dealer: str, customer_id: str) -> int:
        with self._db.write(dealer) as connection:
            inserted = connection.execute(insert(handoffs).values(dealer=dealer, customer_id=customer_id,
                                                                  at=datetime.now(UTC).isoformat()))
            return int(inserted.inserted_primary_key[0])

    def since(self, dealer: str, after_id: int = 0, limit: int = 20) -> list[dict]:
        query = (select(handoffs.c.id, handoffs.c.customer_id, handoffs.c.at)
                 .where(handoffs.c.dealer == dealer, handoffs.c.id > after_id)
                 .order_by(handoffs.c.id.desc()).limit(limit))
        with self._db.read() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]
