"""claims: claims, lines, events and their chain, photos, resolutions, settings

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 06:52:53.555801
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import saleor_foresight.db

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "claim_log_head",
        sa.Column("installation_id", sa.Uuid(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("head_hash", sa.String(length=64), nullable=False),
        sa.Column("claims", sa.Integer(), nullable=False),
        sa.Column("updated_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["installation_id"],
            ["installation.id"],
            name=op.f("fk_claim_log_head_installation_id_installation"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("installation_id", name=op.f("pk_claim_log_head")),
    )
    op.create_table(
        "claim_settings",
        sa.Column("installation_id", sa.Uuid(), nullable=False),
        sa.Column("response_days", sa.Integer(), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("default_delivery_days", sa.Integer(), nullable=False),
        sa.Column("grace_days", sa.Integer(), nullable=False),
        sa.Column("return_days", sa.Integer(), nullable=False),
        sa.Column("block_before_open", sa.Boolean(), nullable=False),
        sa.Column(
            "holidays",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("updated_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=320), nullable=True),
        sa.ForeignKeyConstraint(
            ["installation_id"],
            ["installation.id"],
            name=op.f("fk_claim_settings_installation_id_installation"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("installation_id", name=op.f("pk_claim_settings")),
    )
    op.create_table(
        "claim",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("installation_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("wished_resolution", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("customer_user_id", sa.String(length=255), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("assignee_id", sa.String(length=255), nullable=True),
        sa.Column("assignee_email", sa.String(length=320), nullable=True),
        sa.Column("due_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "overdue_notified_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("escalated_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("buyer_escalated", sa.Boolean(), nullable=False),
        sa.Column("rejection_code", sa.String(length=32), nullable=True),
        sa.Column("created_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["installation_id"],
            ["installation.id"],
            name=op.f("fk_claim_installation_id_installation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["order_record.id"],
            name=op.f("fk_claim_order_id_order_record"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim")),
        sa.UniqueConstraint(
            "installation_id", "number", name=op.f("uq_claim_installation_id_number")
        ),
    )
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_assignee_id"), ["assignee_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_claim_installation_id"), ["installation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_claim_order_id"), ["order_id"], unique=False)
        batch_op.create_index(
            "ix_claim_queue", ["installation_id", "status", "due_at"], unique=False
        )

    op.create_table(
        "claim_event",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("installation_id", sa.Uuid(), nullable=False),
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.String(length=255), nullable=True),
        sa.Column("actor_email", sa.String(length=320), nullable=True),
        sa.Column("from_status", sa.String(length=32), nullable=True),
        sa.Column("to_status", sa.String(length=32), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("internal", sa.Boolean(), nullable=False),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("record_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
            name=op.f("fk_claim_event_claim_id_claim"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["installation_id"],
            ["installation.id"],
            name=op.f("fk_claim_event_installation_id_installation"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_event")),
        sa.UniqueConstraint(
            "installation_id", "sequence", name=op.f("uq_claim_event_installation_id_sequence")
        ),
    )
    with op.batch_alter_table("claim_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_event_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_claim_event_installation_id"), ["installation_id"], unique=False
        )

    op.create_table(
        "claim_line",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("installation_id", sa.Uuid(), nullable=False),
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("order_line_id", sa.String(length=255), nullable=False),
        sa.Column("product_name", sa.String(length=512), nullable=False),
        sa.Column("variant_name", sa.String(length=512), nullable=False),
        sa.Column("sku", sa.String(length=255), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
            name=op.f("fk_claim_line_claim_id_claim"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["installation_id"],
            ["installation.id"],
            name=op.f("fk_claim_line_installation_id_installation"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_line")),
        sa.UniqueConstraint(
            "claim_id", "order_line_id", name=op.f("uq_claim_line_claim_id_order_line_id")
        ),
    )
    with op.batch_alter_table("claim_line", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_claim_line_installation_id"), ["installation_id"], unique=False
        )

    op.create_table(
        "claim_resolution",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("installation_id", sa.Uuid(), nullable=False),
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column(
            "lines",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("amount", sa.Numeric(precision=20, scale=4), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("include_shipping", sa.Boolean(), nullable=False),
        sa.Column("decided_by_id", sa.String(length=255), nullable=True),
        sa.Column("decided_by_email", sa.String(length=320), nullable=True),
        sa.Column("created_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("next_attempt_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("return_fulfillment_id", sa.String(length=255), nullable=True),
        sa.Column("replace_order_id", sa.String(length=255), nullable=True),
        sa.Column("replace_order_number", sa.String(length=64), nullable=True),
        sa.Column("transaction_id", sa.String(length=255), nullable=True),
        sa.Column("granted_refund_id", sa.String(length=255), nullable=True),
        sa.Column("granted_amount", sa.Numeric(precision=20, scale=4), nullable=True),
        sa.Column(
            "refund_requested_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("confirmed_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("failed_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
            name=op.f("fk_claim_resolution_claim_id_claim"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["installation_id"],
            ["installation.id"],
            name=op.f("fk_claim_resolution_installation_id_installation"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_resolution")),
    )
    with op.batch_alter_table("claim_resolution", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_claim_resolution_claim_id"), ["claim_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_claim_resolution_installation_id"), ["installation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_claim_resolution_status"), ["status"], unique=False)

    op.create_table(
        "claim_photo",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("installation_id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("claim_id", sa.Uuid(), nullable=True),
        sa.Column("event_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("storage_key", sa.String(length=128), nullable=False),
        sa.Column("content_type", sa.String(length=64), nullable=False),
        sa.Column("declared_bytes", sa.Integer(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=16), nullable=False),
        sa.Column("uploaded_by_id", sa.String(length=255), nullable=True),
        sa.Column("uploaded_by_email", sa.String(length=320), nullable=True),
        sa.Column("created_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("rejection_code", sa.String(length=32), nullable=True),
        sa.Column("rejection_message", sa.String(length=500), nullable=True),
        sa.Column("buyer_copy_key", sa.String(length=128), nullable=True),
        sa.Column("thumbnail_key", sa.String(length=128), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("byte_size", sa.Integer(), nullable=True),
        sa.Column("format", sa.String(length=8), nullable=True),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("buyer_copy_width", sa.Integer(), nullable=True),
        sa.Column("buyer_copy_height", sa.Integer(), nullable=True),
        sa.Column("captured_at", sa.String(length=32), nullable=True),
        sa.Column("camera_make", sa.String(length=128), nullable=True),
        sa.Column("camera_model", sa.String(length=128), nullable=True),
        sa.Column("orientation", sa.SmallInteger(), nullable=True),
        sa.Column("retained_until", saleor_foresight.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
            name=op.f("fk_claim_photo_claim_id_claim"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["claim_event.id"],
            name=op.f("fk_claim_photo_event_id_claim_event"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["installation_id"],
            ["installation.id"],
            name=op.f("fk_claim_photo_installation_id_installation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["order_record.id"],
            name=op.f("fk_claim_photo_order_id_order_record"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_photo")),
        sa.UniqueConstraint("buyer_copy_key", name=op.f("uq_claim_photo_buyer_copy_key")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_claim_photo_storage_key")),
        sa.UniqueConstraint("thumbnail_key", name=op.f("uq_claim_photo_thumbnail_key")),
    )
    with op.batch_alter_table("claim_photo", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_photo_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_claim_photo_installation_id"), ["installation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_claim_photo_order_id"), ["order_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("claim_photo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_photo_order_id"))
        batch_op.drop_index(batch_op.f("ix_claim_photo_installation_id"))
        batch_op.drop_index(batch_op.f("ix_claim_photo_claim_id"))

    op.drop_table("claim_photo")
    with op.batch_alter_table("claim_resolution", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_resolution_status"))
        batch_op.drop_index(batch_op.f("ix_claim_resolution_installation_id"))
        batch_op.drop_index(batch_op.f("ix_claim_resolution_claim_id"))

    op.drop_table("claim_resolution")
    with op.batch_alter_table("claim_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_line_installation_id"))

    op.drop_table("claim_line")
    with op.batch_alter_table("claim_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_event_installation_id"))
        batch_op.drop_index(batch_op.f("ix_claim_event_claim_id"))

    op.drop_table("claim_event")
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_index("ix_claim_queue")
        batch_op.drop_index(batch_op.f("ix_claim_order_id"))
        batch_op.drop_index(batch_op.f("ix_claim_installation_id"))
        batch_op.drop_index(batch_op.f("ix_claim_assignee_id"))

    op.drop_table("claim")
    op.drop_table("claim_settings")
    op.drop_table("claim_log_head")
