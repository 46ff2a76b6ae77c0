"""Per-dealer API keys: shown once when made, stored only as a hash, revocable. The edge's own records."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

from sqlalchemy import insert, or_, select, update

from ..retrieval.database import Database
from ..retrieval.schema import api_keys

PREFIX = "hk_"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class KeyStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def create(self, dealer: str) -> tuple[str, str]:
        """(key_id, key): the key itself is returned this once and never stored."""
        key = PREFIX + secrets.token_urlsafe(32)
        key_id = "key_" + secrets.token_hex(4)
        with self._db.write(dealer) as connection:
            connection.execute(insert(api_keys).values(key_id=key_id, dealer=dealer, key_hash=_hash(key),
                                                       created_at=datetime.now(UTC).isoformat()))
        return key_id, key

    def dealer_for(self, key: str) -> str | None:
        with self._db.read() as connection:
            return connection.execute(select(api_keys.c.dealer).where(api_keys.c.key_hash == _hash(key),
                                                                      api_keys.c.revoked_at.is_(None))).scalar()

    def revoke(self, key_id_or_key: str) -> bool:
        with self._db.write() as connection:
            changed = connection.execute(
                update(api_keys)
                .where(or_(api_keys.c.key_id == key_id_or_key, api_keys.c.key_hash == _hash(key_id_or_key)),
                       api_keys.c.revoked_at.is_(None))
                .values(revoked_at=datetime.now(UTC).isoformat())).rowcount
        return changed > 0

    def list(self, dealer: str | None = None) -> list[dict]:
        query = select(api_keys.c.key_id, api_keys.c.dealer, api_keys.c.created_at, api_keys.c.revoked_at)
        if dealer is not None:
            query = query.where(api_keys.c.dealer == dealer)
        with self._db.read() as connection:
            return [dict(row._mapping) for row in connection.execute(query.order_by(api_keys.c.created_at))]
