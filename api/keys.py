"""Per-dealer API keys: shown once when made, stored only as a hash, revocable, each with one scope.

- `staff`: everything the staff tools do (briefs, history, ingest, handoffs, the service lane); the default.
- `integration`: a CRM, phone system or DMS: ingest, read briefs and history, the service lane.
- `widget`: a public chat widget: start a handoff, nothing else; limited to its page origins when given.
- `admin`: everything, plus managing keys, forgetting customers and reading the audit log.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, get_args
from urllib.parse import urlsplit

from sqlalchemy import insert, or_, select, update

from ..retrieval.database import Database
from ..retrieval.schema import api_keys

PREFIX = "hk_"
Scope = Literal["staff", "integration", "widget", "admin"]
SCOPES: tuple[str, ...] = get_args(Scope)
Permission = Literal["ingest", "read", "handoff", "service", "keys", "forget", "audit"]
ALLOWED: dict[str, frozenset[str]] = {
    "staff": frozenset({"ingest", "read", "handoff", "service"}),
    "integration": frozenset({"ingest", "read", "service"}),
    "widget": frozenset({"handoff"}),
    "admin": frozenset({"ingest", "read", "handoff", "service", "keys", "forget", "audit"}),
}


class KeyRequestError(ValueError):
    """A key request that cannot be carried out; the text is the one line a user sees."""


@dataclass(frozen=True)
class ApiKey:
    key_id: str
    dealer: str
    scope: str
    origins: tuple[str, ...] = ()

    def may(self, permission: str) -> bool:
        return permission in ALLOWED.get(self.scope, frozenset())


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def normalise_origin(origin: str) -> str:
    """`https://www.dealer.com/` -> `https://www.dealer.com`: an origin is scheme, host and port, nothing more."""
    parts = urlsplit(origin.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/") or parts.query:
        raise KeyRequestError(f"--origin {origin!r}: give a page origin such as https://www.dealer.com")
    return f"{parts.scheme}://{parts.netloc.lower()}"


class KeyStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def create(self, dealer: str, scope: str = "staff", origins: list[str] | None = None) -> tuple[str, str]:
        """(key_id, key): the key itself is returned this once and never stored."""
        if scope not in SCOPES:
            raise KeyRequestError(f"scope {scope!r}: choose one of {', '.join(SCOPES)}")
        allowed = sorted({normalise_origin(o) for o in origins or []})
        if allowed and scope != "widget":
            raise KeyRequestError("--origin is for widget keys, which a page on those origins uses")
        key = PREFIX + secrets.token_urlsafe(32)
        key_id = "key_" + secrets.token_hex(4)
        with self._db.write(dealer) as connection:
            connection.execute(insert(api_keys).values(
                key_id=key_id, dealer=dealer, key_hash=_hash(key), created_at=datetime.now(UTC).isoformat(),
                scope=scope, origins=json.dumps(allowed) if allowed else None))
        return key_id, key

    def find(self, key: str) -> ApiKey | None:
        with self._db.read() as connection:
            row = connection.execute(select(api_keys.c.key_id, api_keys.c.dealer, api_keys.c.scope, api_keys.c.origins)
                                     .where(api_keys.c.key_hash == _hash(key), api_keys.c.revoked_at.is_(None))).first()
        if row is None:
            return None
        return ApiKey(row.key_id, row.dealer, row.scope, tuple(json.loads(row.origins)) if row.origins else ())

    def revoke(self, key_id_or_key: str, dealer: str | None = None) -> bool:
        query = (update(api_keys)
                 .where(or_(api_keys.c.key_id == key_id_or_key, api_keys.c.key_hash == _hash(key_id_or_key)),
                        api_keys.c.revoked_at.is_(None)))
        if dealer is not None:
            query = query.where(api_keys.c.dealer == dealer)
        with self._db.write() as connection:
            changed = connection.execute(query.values(revoked_at=datetime.now(UTC).isoformat())).rowcount
        return changed > 0

    def list(self, dealer: str | None = None) -> list[dict]:
        query = select(api_keys.c.key_id, api_keys.c.dealer, api_keys.c.scope, api_keys.c.origins,
                       api_keys.c.created_at, api_keys.c.revoked_at)
        if dealer is not None:
            query = query.where(api_keys.c.dealer == dealer)
        with self._db.read() as connection:
            rows = [dict(row._mapping) for row in connection.execute(query.order_by(api_keys.c.created_at))]
        for row in rows:
            row["origins"] = json.loads(row["origins"]) if row["origins"] else []
        return rows
