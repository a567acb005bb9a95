"""rules: guidance views, staff notifications, address digests, automatic decisions

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26 08:05:43.784586
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import saleor_foresight.db

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "claim_guidance_view",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("installation_id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("availability", sa.String(length=16), nullable=False),
        sa.Column("first_shown_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_shown_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("times", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["installation_id"],
            ["installation.id"],
            name=op.f("fk_claim_guidance_view_installation_id_installation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["order_record.id"],
            name=op.f("fk_claim_guidance_view_order_id_order_record"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_guidance_view")),
        sa.UniqueConstraint(
            "order_id", "reason", name=op.f("uq_claim_guidance_view_order_id_reason")
        ),
    )
    with op.batch_alter_table("claim_guidance_view", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_claim_guidance_view_installation_id"), ["installation_id"], unique=False
        )
        batch_op.create_index(
            "ix_claim_guidance_view_shown", ["installation_id", "first_shown_at"], unique=False
        )

    op.create_table(
        "staff_notification",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("installation_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("dedupe_key", sa.String(length=255), nullable=False),
        sa.Column("created_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("read_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("read_by", sa.String(length=320), nullable=True),
        sa.ForeignKeyConstraint(
            ["installation_id"],
            ["installation.id"],
            name=op.f("fk_staff_notification_installation_id_installation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["order_record.id"],
            name=op.f("fk_staff_notification_order_id_order_record"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_notification")),
        sa.UniqueConstraint(
            "installation_id",
            "dedupe_key",
            name=op.f("uq_staff_notification_installation_id_dedupe_key"),
        ),
    )
    with op.batch_alter_table("staff_notification", schema=None) as batch_op:
        batch_op.create_index(
            "ix_staff_notification_inbox",
            ["installation_id", "read_at", "created_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_staff_notification_installation_id"), ["installation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_staff_notification_order_id"), ["order_id"], unique=False
        )

    with op.batch_alter_table("claim_resolution", schema=None) as batch_op:
        batch_op.add_column(sa.Column("decided_by_rule", sa.String(length=64), nullable=True))

    with op.batch_alter_table("order_record", schema=None) as batch_op:
        batch_op.add_column(sa.Column("placed_address_digest", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("shipping_address_digest", sa.String(length=64), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("order_record", schema=None) as batch_op:
        batch_op.drop_column("shipping_address_digest")
        batch_op.drop_column("placed_address_digest")

    with op.batch_alter_table("claim_resolution", schema=None) as batch_op:
        batch_op.drop_column("decided_by_rule")

    with op.batch_alter_table("staff_notification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_notification_order_id"))
        batch_op.drop_index(batch_op.f("ix_staff_notification_installation_id"))
        batch_op.drop_index("ix_staff_notification_inbox")

    op.drop_table("staff_notification")
    with op.batch_alter_table("claim_guidance_view", schema=None) as batch_op:
        batch_op.drop_index("ix_claim_guidance_view_shown")
        batch_op.drop_index(batch_op.f("ix_claim_guidance_view_installation_id"))

    op.drop_table("claim_guidance_view")
