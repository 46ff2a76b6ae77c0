"""Opportunities kept durably: status changes and funnel counts survive restarts and are shared by workers."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, func, insert, select, update

from .database import Database
from .models import Opportunity
from .schema import opportunities

STAGES = ("surfaced", "contacted", "appointment", "sold", "lost")
_COLUMNS = tuple(c.name for c in opportunities.columns)


class OpportunityStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def upsert(self, opportunity: Opportunity) -> Opportunity:
        """Store a newly routed order; scoring the same order again refreshes it but keeps its status."""
        with self._db.write(opportunity.dealer) as connection:
            existing = self._get(connection, opportunity.dealer, opportunity.id)
            if existing is not None:
                opportunity = opportunity.model_copy(update={"status": existing.status,
                                                             "created_at": existing.created_at})
                connection.execute(delete(opportunities).where(opportunities.c.id == opportunity.id))
            connection.execute(insert(opportunities).values(**opportunity.model_dump(mode="json",
                                                                                     include=set(_COLUMNS))))
        return opportunity

    @staticmethod
    def _get(connection, dealer: str, opportunity_id: str) -> Opportunity | None:
        row = connection.execute(select(opportunities).where(opportunities.c.dealer == dealer,
                                                             opportunities.c.id == opportunity_id)).first()
        return Opportunity(**row._mapping) if row else None

    def get(self, dealer: str, opportunity_id: str) -> Opportunity | None:
        with self._db.read() as connection:
            return self._get(connection, dealer, opportunity_id)

    def set_status(self, dealer: str, opportunity_id: str, status: str) -> Opportunity | None:
        with self._db.write(dealer) as connection:
            changed = connection.execute(
                update(opportunities).where(opportunities.c.dealer == dealer, opportunities.c.id == opportunity_id)
                .values(status=status, updated_at=datetime.now(UTC).isoformat())).rowcount
        return self.get(dealer, opportunity_id) if changed else None

    def funnel(self, dealer: str) -> dict[str, int]:
        with self._db.read() as connection:
            counts: dict[str, int] = dict(connection.execute(select(opportunities.c.status, func.count())
                                             .where(opportunities.c.dealer == dealer)
                                             .group_by(opportunities.c.status)).all())
        return {stage: counts.get(stage, 0) for stage in STAGES}
