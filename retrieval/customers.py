"""The customer directory: phone, email and external id resolve to one customer per dealer.

Relational, because identity resolution needs transactions and a unique key, not similarity. Every function takes
the connection of the caller's transaction, so a resolve, a merge and the messages it moves commit together.
"""

from __future__ import annotations

import time
import uuid

from sqlalchemy import Connection, delete, insert, select, update

from .models import Customer, Identity
from .schema import customers, identities

_KIND_FIELD = {"phone": "phones", "email": "emails", "customer_id": "external_ids"}


def _owner(connection: Connection, dealer: str, kind: str, value: str) -> str | None:
    return connection.execute(
        select(identities.c.customer_id).where(identities.c.dealer == dealer, identities.c.kind == kind,
                                               identities.c.value == value)).scalar()


def find(connection: Connection, dealer: str, identity: Identity) -> Customer | None:
    for kind, value in identity.keys():
        owner = _owner(connection, dealer, kind, value)
        if owner:
            return get(connection, dealer, owner)
    return None


def get(connection: Connection, dealer: str, customer_id: str) -> Customer | None:
    name = connection.execute(select(customers.c.name).where(customers.c.dealer == dealer,
                                                             customers.c.id == customer_id)).first()
    if name is None:
        return None
    customer = Customer(dealer=dealer, id=customer_id, name=name[0])
    rows = connection.execute(select(identities.c.kind, identities.c.value)
                              .where(identities.c.dealer == dealer, identities.c.customer_id == customer_id)
                              .order_by(identities.c.kind, identities.c.value))
    for kind, value in rows:
        getattr(customer, _KIND_FIELD[kind]).append(value)
    return customer


def resolve(connection: Connection, dealer: str, identity: Identity) -> tuple[Customer, list[str]]:
    """The customer these identifiers name, created if new; returns the ids of customers merged into it.

    Two known customers linked by one interaction become one: the older is kept and the other's identities
    point at it. The caller moves the merged customers' messages in the same transaction.
    """
    found: list[str] = []
    for kind, value in identity.keys():
        owner = _owner(connection, dealer, kind, value)
        if owner and owner not in found:
            found.append(owner)
    if found:
        keep = connection.execute(select(customers.c.id).where(customers.c.dealer == dealer,
                                                               customers.c.id.in_(found))
                                  .order_by(customers.c.created_us, customers.c.id)).scalars().first()
        assert keep is not None  # identities point only at customers that exist (deleted together below)
    else:
        keep = "c_" + uuid.uuid4().hex[:16]
        connection.execute(insert(customers).values(dealer=dealer, id=keep, name=identity.name,
                                                    created_us=time.time_ns() // 1000))
    merged = [other for other in found if other != keep]
    if merged:
        connection.execute(update(identities).where(identities.c.dealer == dealer,
                                                    identities.c.customer_id.in_(merged)).values(customer_id=keep))
        connection.execute(delete(customers).where(customers.c.dealer == dealer, customers.c.id.in_(merged)))
    for kind, value in identity.keys():
        owner = _owner(connection, dealer, kind, value)
        if owner is None:
            connection.execute(insert(identities).values(dealer=dealer, kind=kind, value=value, customer_id=keep))
        elif owner != keep:
            connection.execute(update(identities).where(identities.c.dealer == dealer, identities.c.kind == kind,
                                                        identities.c.value == value).values(customer_id=keep))
    if identity.name:
        connection.execute(update(customers).where(customers.c.dealer == dealer, customers.c.id == keep,
                                                   (customers.c.name.is_(None)) | (customers.c.name == ""))
                           .values(name=identity.name))
    customer = get(connection, dealer, keep)
    assert customer is not None
    return customer, merged
