"""Opportunities kept durably in SQLite: status changes and funnel counts survive restarts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from .models import Opportunity
from .sqlite import open_db

STAGES = ("surfaced", "contacted", "appointment", "sold", "lost")

_SCHEMA = """
create table if not exists opportunities (
    id text primary key, dealer text not null, customer_id text not null, ro_number text not null,
    score integer not null, status text not null, vehicle text, talk_track text, visit_closed_at text,
    created_at text not null, updated_at text not null);
create index if not exists opportunities_dealer on opportunities (dealer, status);
"""
_COLUMNS = ("id", "dealer", "customer_id", "ro_number", "score", "status", "vehicle", "talk_track",
            "visit_closed_at", "created_at", "updated_at")


class OpportunityStore:
    def __init__(self, path: Path) -> None:
        self._db = open_db(path, _SCHEMA)

    def upsert(self, opportunity: Opportunity) -> Opportunity:
        """Store a newly routed order; scoring the same order again refreshes it but keeps its status."""
        existing = self.get(opportunity.dealer, opportunity.id)
        if existing is not None:
            opportunity = opportunity.model_copy(update={"status": existing.status, "created_at": existing.created_at})
        row = opportunity.model_dump(mode="json", include=set(_COLUMNS))
        self._db.execute(
            f"insert or replace into opportunities ({', '.join(_COLUMNS)}) values ({', '.join('?' * len(_COLUMNS))})",
            [row[c] for c in _COLUMNS],
        )
        return opportunity

    def get(self, dealer: str, opportunity_id: str) -> Opportunity | None:
        row = self._db.execute(f"select {', '.join(_COLUMNS)} from opportunities where dealer=? and id=?",
                               (dealer, opportunity_id)).fetchone()
        return Opportunity(**dict(zip(_COLUMNS, row))) if row else None

    def set_status(self, dealer: str, opportunity_id: str, status: str) -> Opportunity | None:
        now = datetime.now(UTC).isoformat()
        changed = self._db.execute("update opportunities set status=?, updated_at=? where dealer=? and id=?",
                                   (status, now, dealer, opportunity_id)).rowcount
        return self.get(dealer, opportunity_id) if changed else None

    def funnel(self, dealer: str) -> dict[str, int]:
        counts = dict(self._db.execute("select status, count(*) from opportunities where dealer=? group by status",
                                       (dealer,)).fetchall())
        return {stage: counts.get(stage, 0) for stage in STAGES}

    def close(self) -> None:
        self._db.close()
