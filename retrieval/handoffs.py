"""The log of chat-to-human handoffs, so the staff view can see who is waiting."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from .sqlite import open_db

_SCHEMA = """
create table if not exists handoffs (
    id integer primary key autoincrement, dealer text not null, customer_id text not null, at text not null);
"""


class HandoffLog:
    def __init__(self, path: Path) -> None:
        self._db = open_db(path, _SCHEMA)

    def record(self, dealer: str, customer_id: str) -> int:
        cursor = self._db.execute("insert into handoffs (dealer, customer_id, at) values (?, ?, ?)",
                                  (dealer, customer_id, datetime.now(UTC).isoformat()))
        assert cursor.lastrowid is not None  # an insert always has one
        return cursor.lastrowid

    def since(self, dealer: str, after_id: int = 0, limit: int = 20) -> list[dict]:
        rows = self._db.execute("select id, customer_id, at from handoffs where dealer=? and id>? "
                                "order by id desc limit ?", (dealer, after_id, limit)).fetchall()
        return [{"id": r[0], "customer_id": r[1], "at": r[2]} for r in rows]

    def close(self) -> None:
        self._db.close()
