"""rules: the channel_rules table

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 07:46:52.735510
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import saleor_foresight.db

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "channel_rules",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("installation_id", sa.Uuid(), nullable=False),
        sa.Column("channel_slug", sa.String(length=255), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("instant_refund_below", sa.Numeric(precision=20, scale=4), nullable=True),
        sa.Column("tracked_shipping_above", sa.Numeric(precision=20, scale=4), nullable=True),
        sa.Column("signature_above", sa.Numeric(precision=20, scale=4), nullable=True),
        sa.Column("updated_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=320), nullable=True),
        sa.ForeignKeyConstraint(
            ["installation_id"],
            ["installation.id"],
            name=op.f("fk_channel_rules_installation_id_installation"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channel_rules")),
        sa.UniqueConstraint(
            "installation_id",
            "channel_slug",
            name=op.f("uq_channel_rules_installation_id_channel_slug"),
        ),
    )
    with op.batch_alter_table("channel_rules", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_channel_rules_installation_id"), ["installation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("channel_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_channel_rules_installation_id"))

    op.drop_table("channel_rules")
