"""Live handoffs (visitor token, claim, first contact, the chat's messages), staff corrections, and the source id
that lets a corrected interaction replace the one stored before.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("handoffs") as batch:
        batch.add_column(sa.Column("visitor_token_hash", sa.String(64)))
        batch.add_column(sa.Column("claimed_by", sa.String(200)))
        batch.add_column(sa.Column("first_contact", sa.Boolean, nullable=False, server_default=sa.false()))
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("handoff_id", sa.Integer))
        batch.add_column(sa.Column("source_id", sa.String(200)))
    op.create_index("messages_handoff", "messages", ["handoff_id"])
    op.create_index("messages_source", "messages", ["dealer", "customer_id", "source_id"])
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("dealer", sa.String(200), nullable=False),
        sa.Column("customer_id", sa.String(64), nullable=False),
        sa.Column("fact", sa.String(40), nullable=False),
        sa.Column("value", sa.Text),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("at_us", sa.BigInteger, nullable=False),
    )
    op.create_index("corrections_customer", "corrections", ["dealer", "customer_id", "id"])


def downgrade() -> None:
    op.drop_index("corrections_customer", "corrections")
    op.drop_table("corrections")
    op.drop_index("messages_source", "messages")
    op.drop_index("messages_handoff", "messages")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("source_id")
        batch.drop_column("handoff_id")
    with op.batch_alter_table("handoffs") as batch:
        batch.drop_column("first_contact")
        batch.drop_column("claimed_by")
        batch.drop_column("visitor_token_hash")
