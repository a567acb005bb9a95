"""checkout cache; the order record remembers its checkout and its acceptance status

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 06:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import saleor_foresight.db

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "checkout_cache",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("installation_id", sa.Uuid(), nullable=False),
        sa.Column("checkout_id", sa.String(length=255), nullable=False),
        sa.Column(
            "checkout",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "saleor_updated_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("fetched_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["installation_id"],
            ["installation.id"],
            name=op.f("fk_checkout_cache_installation_id_installation"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkout_cache")),
        sa.UniqueConstraint(
            "installation_id",
            "checkout_id",
            name=op.f("uq_checkout_cache_installation_id_checkout_id"),
        ),
    )
    with op.batch_alter_table("checkout_cache", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_checkout_cache_installation_id"), ["installation_id"], unique=False
        )
    with op.batch_alter_table("order_record", schema=None) as batch_op:
        batch_op.add_column(sa.Column("checkout_id", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("acceptance_status", sa.String(length=16), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_order_record_acceptance_status"), ["acceptance_status"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("order_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_record_acceptance_status"))
        batch_op.drop_column("acceptance_status")
        batch_op.drop_column("checkout_id")
    with op.batch_alter_table("checkout_cache", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checkout_cache_installation_id"))
    op.drop_table("checkout_cache")
