"""Alembic's entry: migrations run on the connection `handoff.retrieval.database` hands over, never from a URL here."""

from __future__ import annotations

from alembic import context
from handoff.retrieval.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only `handoff db upgrade` runs migrations
    raise RuntimeError("run migrations with `handoff db upgrade`, which passes the database connection")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
