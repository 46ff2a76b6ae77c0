"""The one relational schema: every record handoff keeps, in SQLite or Postgres.

Alembic migrations under `migrations/` create and change it; `tests/test_database.py` checks that these tables and
the migrated database agree, so the two cannot drift apart.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    false,
)

metadata = MetaData()

customers = Table(
    "customers", metadata,
    Column("dealer", String(200), primary_key=True),
    Column("id", String(64), primary_key=True),
    Column("name", String(200)),
    # Microseconds since the epoch: the older of two merged customers is the one kept.
    Column("created_us", BigInteger, nullable=False),
)

identities = Table(
    "identities", metadata,
    Column("dealer", String(200), primary_key=True),
    Column("kind", String(20), primary_key=True),
    Column("value", String(300), primary_key=True),
    Column("customer_id", String(64), nullable=False),
    Index("identities_customer", "dealer", "customer_id"),
)

messages = Table(
    "messages", metadata,
    # The content id: the same turn ingested twice is one row.
    Column("id", String(64), primary_key=True),
    Column("dealer", String(200), nullable=False),
    Column("customer_id", String(64), nullable=False),
    Column("channel", String(10), nullable=False),
    Column("role", String(10), nullable=False),
    Column("speaker", String(200)),
    # The time as the source wrote it (its UTC offset is kept) and as a sortable number.
    Column("at", String(40), nullable=False),
    Column("at_us", BigInteger, nullable=False),
    Column("seq", Integer, nullable=False, default=0),
    Column("forwarded", Boolean, nullable=False, default=False),
    Column("text", Text, nullable=False),
    # Which embedder's vector index holds this row under its current customer; null until indexed.
    Column("indexed_with", String(100)),
    # Set on the messages of a live chat handoff, both ways, so the chat can be read back as one thread.
    Column("handoff_id", Integer),
    # The id the source gave its interaction (a CRM activity, a call id): storing it again replaces it.
    Column("source_id", String(200)),
    Index("messages_history", "dealer", "customer_id", "at_us", "seq"),
    Index("messages_unindexed", "indexed_with"),
    Index("messages_handoff", "handoff_id"),
    Index("messages_source", "dealer", "customer_id", "source_id"),
)

api_keys = Table(
    "api_keys", metadata,
    Column("key_id", String(40), primary_key=True),
    Column("dealer", String(200), nullable=False),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("created_at", String(40), nullable=False),
    Column("revoked_at", String(40)),
    # staff | widget | integration | admin; a widget key's page origins as a JSON list.
    Column("scope", String(20), nullable=False, server_default="staff"),
    Column("origins", Text),
)

handoffs = Table(
    "handoffs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dealer", String(200), nullable=False),
    Column("customer_id", String(64), nullable=False),
    Column("at", String(40), nullable=False),
    # The visitor's session secret (hashed), who on staff took the chat, and whether this was their first contact.
    Column("visitor_token_hash", String(64)),
    Column("claimed_by", String(200)),
    Column("first_contact", Boolean, nullable=False, server_default=false()),
    Index("handoffs_dealer", "dealer", "id"),
)

opportunities = Table(
    "opportunities", metadata,
    Column("id", String(64), primary_key=True),
    Column("dealer", String(200), nullable=False),
    Column("customer_id", String(64), nullable=False),
    Column("ro_number", String(100), nullable=False),
    Column("score", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("vehicle", Text),
    Column("talk_track", Text),
    Column("visit_closed_at", String(40)),
    Column("created_at", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
    Index("opportunities_dealer", "dealer", "status"),
)

audit = Table(
    "audit", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(40), nullable=False),
    Column("dealer", String(200), nullable=False),
    # Who: a key id, or "cli:<user>" for the command line. Never a key, never customer text.
    Column("actor", String(60), nullable=False),
    Column("action", String(40), nullable=False),
    Column("customer_id", String(64)),
    Index("audit_dealer", "dealer", "id"),
)

corrections = Table(
    "corrections", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dealer", String(200), nullable=False),
    Column("customer_id", String(64), nullable=False),
    Column("fact", String(40), nullable=False),
    # The corrected value as JSON in the eval format's shape (null: "unknown", the fact was wrong altogether).
    Column("value", Text),
    Column("author", String(200), nullable=False),
    Column("note", Text),
    Column("at", String(40), nullable=False),
    Column("at_us", BigInteger, nullable=False),
    Index("corrections_customer", "dealer", "customer_id", "id"),
)

brief_cache = Table(
    "brief_cache", metadata,
    Column("dealer", String(200), primary_key=True),
    Column("customer_id", String(64), primary_key=True),
    # A digest of everything the brief depends on: history, customer, engine, prompt version, audience.
    Column("cache_key", String(64), primary_key=True),
    Column("body", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
)
