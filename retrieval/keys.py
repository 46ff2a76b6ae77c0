"""Per-dealer API keys: shown once when made, stored only as a hash, revocable."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime
from pathlib import Path

from .sqlite import open_db

_SCHEMA = """
create table if not exists api_keys (
    key_id text primary key, dealer text not null, key_hash text not null unique,
    created_at text not null, revoked_at text);
"""
PREFIX = "hk_"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class KeyStore:
    def __init__(self, path: Path) -> None:
        self._db = open_db(path, _SCHEMA)

    def create(self, dealer: str) -> tuple[str, str]:
        """(key_id, key): the key itself is returned this once and never stored."""
        key = PREFIX + secrets.token_urlsafe(32)
        key_id = "key_" + secrets.token_hex(4)
        self._db.execute("insert into api_keys (key_id, dealer, key_hash, created_at) values (?, ?, ?, ?)",
                         (key_id, dealer, _hash(key), datetime.now(UTC).isoformat()))
        return key_id, key

    def dealer_for(self, key: str) -> str | None:
        row = self._db.execute("select dealer from api_keys where key_hash=? and revoked_at is null",
                               (_hash(key),)).fetchone()
        return row[0] if row else None

    def revoke(self, key_id_or_key: str) -> bool:
        now = datetime.now(UTC).isoformat()
        changed = self._db.execute(
            "update api_keys set revoked_at=? where (key_id=? or key_hash=?) and revoked_at is null",
            (now, key_id_or_key, _hash(key_id_or_key))).rowcount
        return changed > 0

    def list(self, dealer: str | None = None) -> list[dict]:
        rows = self._db.execute("select key_id, dealer, created_at, revoked_at from api_keys "
                                "where ? is null or dealer=? order by created_at", (dealer, dealer)).fetchall()
        return [dict(zip(("key_id", "dealer", "created_at", "revoked_at"), row)) for row in rows]

    def close(self) -> None:
        self._db.close()
