"""Key scopes and origins; the audit log of every read and deletion.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("api_keys") as batch:
        # Keys made before scopes existed keep what they could do: everything a staff key can.
        batch.add_column(sa.Column("scope", sa.String(20), nullable=False, server_default="staff"))
        batch.add_column(sa.Column("origins", sa.Text, nullable=True))
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("dealer", sa.String(200), nullable=False),
        sa.Column("actor", sa.String(60), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("customer_id", sa.String(64)),
    )
    op.create_index("audit_dealer", "audit", ["dealer", "id"])


def downgrade() -> None:
    op.drop_index("audit_dealer", "audit")
    op.drop_table("audit")
    with op.batch_alter_table("api_keys") as batch:
        batch.drop_column("origins")
        batch.drop_column("scope")
