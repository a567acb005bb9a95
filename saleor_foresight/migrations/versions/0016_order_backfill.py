"""order backfill: bringing in the orders placed before the install

Revision ID: 0016_order_backfill
Revises: 0015_checkout_fallback
Create Date: 2026-12-02 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import saleor_foresight.db

revision: str = "0016_order_backfill"
down_revision: str | None = "0015_checkout_fallback"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    when = saleor_foresight.db.UTCDateTime(timezone=True)
    op.create_table(
        "order_backfill",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("installation_id", sa.Uuid(), nullable=False),
        sa.Column("since", when, nullable=False),
        sa.Column("cursor", sa.Text(), nullable=True),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("orders", sa.Integer(), nullable=False),
        sa.Column("finished_at", when, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("started_at", when, nullable=False),
        sa.Column("updated_at", when, nullable=False),
        sa.ForeignKeyConstraint(
            ["installation_id"],
            ["installation.id"],
            name=op.f("fk_order_backfill_installation_id_installation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_backfill")),
        sa.UniqueConstraint("installation_id", name=op.f("uq_order_backfill_installation_id")),
    )


def downgrade() -> None:
    op.drop_table("order_backfill")
