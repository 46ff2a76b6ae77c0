"""Who read or removed what: every brief, greeting and history read, and every forgetting, without content."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert, select

from ..retrieval.database import Database
from ..retrieval.schema import audit


class AuditLog:
    def __init__(self, db: Database) -> None:
        self._db = db

    def record(self, dealer: str, actor: str, action: str, customer_id: str | None) -> None:
        with self._db.write() as connection:  # an append: no per-dealer lock needed
            connection.execute(insert(audit).values(at=datetime.now(UTC).isoformat(), dealer=dealer, actor=actor,
                                                    action=action, customer_id=customer_id))

    def entries(self, dealer: str, since: datetime | None = None, limit: int = 1000) -> list[dict]:
        query = select(audit.c.id, audit.c.at, audit.c.actor, audit.c.action, audit.c.customer_id).where(
            audit.c.dealer == dealer)
        if since is not None:
            query = query.where(audit.c.at >= since.astimezone(UTC).isoformat())
        with self._db.read() as connection:
            return [dict(r._mapping) for r in connection.execute(query.order_by(audit.c.id).limit(limit))]
