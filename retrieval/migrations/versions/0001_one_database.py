"""One database for every record: customers, identities, messages, keys, handoffs, opportunities, brief cache.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "customers",
        sa.Column("dealer", sa.String(200), primary_key=True),
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200)),
        sa.Column("created_us", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "identities",
        sa.Column("dealer", sa.String(200), primary_key=True),
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("value", sa.String(300), primary_key=True),
        sa.Column("customer_id", sa.String(64), nullable=False),
    )
    op.create_index("identities_customer", "identities", ["dealer", "customer_id"])
    op.create_table(
        "messages",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("dealer", sa.String(200), nullable=False),
        sa.Column("customer_id", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("speaker", sa.String(200)),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("at_us", sa.BigInteger, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("forwarded", sa.Boolean, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("indexed_with", sa.String(100)),
    )
    op.create_index("messages_history", "messages", ["dealer", "customer_id", "at_us", "seq"])
    op.create_index("messages_unindexed", "messages", ["indexed_with"])
    op.create_table(
        "api_keys",
        sa.Column("key_id", sa.String(40), primary_key=True),
        sa.Column("dealer", sa.String(200), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("revoked_at", sa.String(40)),
    )
    op.create_table(
        "handoffs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("dealer", sa.String(200), nullable=False),
        sa.Column("customer_id", sa.String(64), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
    )
    op.create_index("handoffs_dealer", "handoffs", ["dealer", "id"])
    op.create_table(
        "opportunities",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("dealer", sa.String(200), nullable=False),
        sa.Column("customer_id", sa.String(64), nullable=False),
        sa.Column("ro_number", sa.String(100), nullable=False),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("vehicle", sa.Text),
        sa.Column("talk_track", sa.Text),
        sa.Column("visit_closed_at", sa.String(40)),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
    )
    op.create_index("opportunities_dealer", "opportunities", ["dealer", "status"])
    op.create_table(
        "brief_cache",
        sa.Column("dealer", sa.String(200), primary_key=True),
        sa.Column("customer_id", sa.String(64), primary_key=True),
        sa.Column("cache_key", sa.String(64), primary_key=True),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    for table in ("brief_cache", "opportunities", "handoffs", "api_keys", "messages", "identities", "customers"):
        op.drop_table(table)
