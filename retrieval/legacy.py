"""Moving a data folder from the first layout (four SQLite files, one Chroma collection per customer) into the
database, so an upgrade of handoff loses nothing. `handoff db upgrade` runs it; the old files are then renamed
`*.imported` and the per-customer collections deleted.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from sqlalchemy import Connection, insert, select

from .database import Database
from .schema import api_keys, customers, handoffs, identities, messages, opportunities

OLD_FILES = ("customers.sqlite3", "keys.sqlite3", "handoffs.sqlite3", "opportunities.sqlite3")


def legacy_files(data_dir: Path) -> list[Path]:
    return [data_dir / name for name in OLD_FILES if (data_dir / name).exists()]


def _rows(path: Path, query: str) -> list[tuple]:
    if not path.exists():
        return []
    with sqlite3.connect(path) as old:
        try:
            return old.execute(query).fetchall()
        except sqlite3.OperationalError:  # a table the old version never created
            return []


def _insert_new(connection: Connection, table, key: str, rows: list[dict]) -> int:
    known = set(connection.execute(select(table.c[key])).scalars())
    fresh = [r for r in rows if r[key] not in known]
    if fresh:
        connection.execute(insert(table), fresh)
    return len(fresh)


def import_legacy(data_dir: Path, db: Database, chroma) -> dict[str, int]:
    """Copy every old record into `db` (idempotent: what is already there is skipped); counts per kind."""
    counts: dict[str, int] = {}
    old_customers = _rows(data_dir / "customers.sqlite3", "select dealer, id, name, created_at from customers")
    old_identities = _rows(data_dir / "customers.sqlite3", "select dealer, kind, value, customer_id from identities")
    collections = [c for c in chroma.list_collections() if c.name.startswith("cust_")]
    now_us = time.time_ns() // 1000
    with db.write() as connection:
        existing = {(d, i) for d, i in connection.execute(select(customers.c.dealer, customers.c.id))}
        rows = [{"dealer": d, "id": i, "name": n, "created_us": now_us + order}
                for order, (d, i, n, _) in enumerate(old_customers) if (d, i) not in existing]
        if rows:
            connection.execute(insert(customers), rows)
        counts["customers"] = len(rows)
        taken = {(d, k, v) for d, k, v in connection.execute(
            select(identities.c.dealer, identities.c.kind, identities.c.value))}
        rows = [{"dealer": d, "kind": k, "value": v, "customer_id": c}
                for d, k, v, c in old_identities if (d, k, v) not in taken]
        if rows:
            connection.execute(insert(identities), rows)
        counts["identities"] = len(rows)
        moved = []
        for collection in collections:
            got = collection.get(include=["documents", "metadatas"])
            for id_, text, meta in zip(got["ids"], got["documents"], got["metadatas"]):
                moved.append({"id": id_, "dealer": meta["dealer"], "customer_id": meta["customer_id"],
                              "channel": meta["channel"], "role": meta["role"], "speaker": meta["speaker"] or None,
                              "at": meta["at"], "at_us": int(float(meta["ts"]) * 1_000_000),
                              "seq": int(meta.get("seq", 0)), "forwarded": bool(meta.get("forwarded", False)),
                              "text": text, "indexed_with": None})
        counts["messages"] = _insert_new(connection, messages, "id", moved)
        keys = _rows(data_dir / "keys.sqlite3", "select key_id, dealer, key_hash, created_at, revoked_at from api_keys")
        counts["keys"] = _insert_new(connection, api_keys, "key_id", [
            dict(zip(("key_id", "dealer", "key_hash", "created_at", "revoked_at"), r)) for r in keys])
        logged = _rows(data_dir / "handoffs.sqlite3", "select dealer, customer_id, at from handoffs order by id")
        if logged:
            connection.execute(insert(handoffs), [dict(zip(("dealer", "customer_id", "at"), r)) for r in logged])
        counts["handoffs"] = len(logged)
        columns = [c.name for c in opportunities.columns]
        routed = _rows(data_dir / "opportunities.sqlite3", f"select {', '.join(columns)} from opportunities")
        counts["opportunities"] = _insert_new(connection, opportunities, "id", [dict(zip(columns, r)) for r in routed])
    # Only once everything is committed do the old copies go.
    for collection in collections:
        chroma.delete_collection(collection.name)
    for path in legacy_files(data_dir):
        path.rename(path.with_name(path.name + ".imported"))
    return counts
