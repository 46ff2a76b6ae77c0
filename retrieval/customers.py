"""The customer directory: phone, email and external id resolve to one customer per dealer.

SQLite, because identity resolution needs transactions and a unique index, not similarity.
"""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from pathlib import Path

from .models import Customer, Identity
from .sqlite import open_db

_SCHEMA = """
create table if not exists customers (
    dealer text not null, id text not null, name text, created_at text default current_timestamp,
    primary key (dealer, id));
create table if not exists identities (
    dealer text not null, kind text not null, value text not null, customer_id text not null,
    primary key (dealer, kind, value));
"""

_KIND_FIELD = {"phone": "phones", "email": "emails", "customer_id": "external_ids"}


class CustomerDirectory:
    def __init__(self, path: Path) -> None:
        self._db = open_db(path, _SCHEMA)

    @contextmanager
    def transaction(self):
        self._db.execute("begin immediate")
        try:
            yield
        except BaseException:
            self._db.execute("rollback")
            raise
        self._db.execute("commit")

    def find(self, dealer: str, identity: Identity) -> Customer | None:
        for kind, value in identity.keys():
            row = self._db.execute(
                "select customer_id from identities where dealer=? and kind=? and value=?", (dealer, kind, value)
            ).fetchone()
            if row:
                return self.get(dealer, row[0])
        return None

    def get(self, dealer: str, customer_id: str) -> Customer | None:
        row = self._db.execute("select name from customers where dealer=? and id=?", (dealer, customer_id)).fetchone()
        if row is None:
            return None
        customer = Customer(dealer=dealer, id=customer_id, name=row[0])
        for kind, value in self._db.execute(
            "select kind, value from identities where dealer=? and customer_id=? order by kind, value",
            (dealer, customer_id),
        ):
            getattr(customer, _KIND_FIELD[kind]).append(value)
        return customer

    def resolve(self, dealer: str, identity: Identity) -> tuple[Customer, list[str]]:
        """The customer these identifiers name, created if new; returns ids of customers merged into it.

        Call inside `transaction()`.
        """
        found: list[str] = []
        for kind, value in identity.keys():
            row = self._db.execute(
                "select customer_id from identities where dealer=? and kind=? and value=?", (dealer, kind, value)
            ).fetchone()
            if row and row[0] not in found:
                found.append(row[0])
        if found:
            ordered = self._db.execute(
                f"select id from customers where dealer=? and id in ({','.join('?' * len(found))}) "
                "order by created_at, rowid",
                (dealer, *found),
            ).fetchall()
            keep = ordered[0][0]
        else:
            keep = "c_" + uuid.uuid4().hex[:16]
            self._db.execute("insert into customers (dealer, id, name) values (?, ?, ?)", (dealer, keep, identity.name))
        merged = [other for other in found if other != keep]
        for other in merged:
            self._db.execute(
                "update identities set customer_id=? where dealer=? and customer_id=?", (keep, dealer, other)
            )
            self._db.execute("delete from customers where dealer=? and id=?", (dealer, other))
        for kind, value in identity.keys():
            self._db.execute(
                "insert or replace into identities (dealer, kind, value, customer_id) values (?, ?, ?, ?)",
                (dealer, kind, value, keep),
            )
        if identity.name:
            self._db.execute(
                "update customers set name=? where dealer=? and id=? and (name is null or name='')",
                (identity.name, dealer, keep),
            )
        customer = self.get(dealer, keep)
        assert customer is not None
        return customer, merged

    def close(self) -> None:
        self._db.close()
