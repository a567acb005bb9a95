"""installations, webhook deliveries and the order record

Revision ID: 0001
Revises:
Create Date: 2026-11-26 05:44:37.594172
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import saleor_foresight.db

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "installation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("saleor_api_url", sa.String(length=2048), nullable=False),
        sa.Column("saleor_domain", sa.String(length=255), nullable=False),
        sa.Column("schema_version", sa.String(length=32), nullable=False),
        sa.Column("app_id", sa.String(length=255), nullable=False),
        sa.Column("token_ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column(
            "jwks",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "jwks_fetched_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "jwks_refetched_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("installed_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("removed_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_installation")),
        sa.UniqueConstraint("saleor_api_url", name=op.f("uq_installation_saleor_api_url")),
    )
    op.create_table(
        "order_record",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("installation_id", sa.Uuid(), nullable=False),
        sa.Column("saleor_id", sa.String(length=255), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("channel_slug", sa.String(length=255), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=True),
        sa.Column("user_email", sa.String(length=320), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("created_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("total_gross", sa.Numeric(precision=20, scale=4), nullable=True),
        sa.Column("shipping_method_id", sa.String(length=255), nullable=True),
        sa.Column("shipping_method_name", sa.String(length=255), nullable=True),
        sa.Column("min_delivery_days", sa.Integer(), nullable=True),
        sa.Column("max_delivery_days", sa.Integer(), nullable=True),
        sa.Column("shipping_country", sa.String(length=2), nullable=True),
        sa.Column(
            "foresight_metadata",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("source_version", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["installation_id"],
            ["installation.id"],
            name=op.f("fk_order_record_installation_id_installation"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_record")),
        sa.UniqueConstraint(
            "installation_id", "saleor_id", name=op.f("uq_order_record_installation_id_saleor_id")
        ),
    )
    with op.batch_alter_table("order_record", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_order_record_channel_slug"), ["channel_slug"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_order_record_installation_id"), ["installation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_order_record_user_id"), ["user_id"], unique=False)

    op.create_table(
        "webhook_delivery",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("installation_id", sa.Uuid(), nullable=False),
        sa.Column("event", sa.String(length=64), nullable=False),
        sa.Column("body_sha256", sa.String(length=64), nullable=False),
        sa.Column("issued_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("received_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["installation_id"],
            ["installation.id"],
            name=op.f("fk_webhook_delivery_installation_id_installation"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_delivery")),
        sa.UniqueConstraint(
            "installation_id",
            "event",
            "body_sha256",
            name=op.f("uq_webhook_delivery_installation_id_event_body_sha256"),
        ),
    )
    with op.batch_alter_table("webhook_delivery", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_webhook_delivery_installation_id"), ["installation_id"], unique=False
        )

    op.create_table(
        "fulfillment_record",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("installation_id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("saleor_id", sa.String(length=255), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("tracking_number", sa.String(length=255), nullable=False),
        sa.Column("created_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "lines",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("source_version", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["installation_id"],
            ["installation.id"],
            name=op.f("fk_fulfillment_record_installation_id_installation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["order_record.id"],
            name=op.f("fk_fulfillment_record_order_id_order_record"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fulfillment_record")),
        sa.UniqueConstraint(
            "installation_id",
            "saleor_id",
            name=op.f("uq_fulfillment_record_installation_id_saleor_id"),
        ),
    )
    with op.batch_alter_table("fulfillment_record", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_fulfillment_record_installation_id"), ["installation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_fulfillment_record_order_id"), ["order_id"], unique=False
        )

    op.create_table(
        "order_line_record",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("installation_id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("saleor_id", sa.String(length=255), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.String(length=255), nullable=True),
        sa.Column("product_name", sa.String(length=512), nullable=False),
        sa.Column("variant_id", sa.String(length=255), nullable=True),
        sa.Column("variant_name", sa.String(length=512), nullable=False),
        sa.Column("sku", sa.String(length=255), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("product_type_id", sa.String(length=255), nullable=True),
        sa.Column("category_id", sa.String(length=255), nullable=True),
        sa.Column(
            "collection_ids",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "attributes",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["installation_id"],
            ["installation.id"],
            name=op.f("fk_order_line_record_installation_id_installation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["order_record.id"],
            name=op.f("fk_order_line_record_order_id_order_record"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_line_record")),
        sa.UniqueConstraint(
            "order_id", "saleor_id", name=op.f("uq_order_line_record_order_id_saleor_id")
        ),
    )
    with op.batch_alter_table("order_line_record", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_order_line_record_installation_id"), ["installation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_order_line_record_order_id"), ["order_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("order_line_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_line_record_order_id"))
        batch_op.drop_index(batch_op.f("ix_order_line_record_installation_id"))

    op.drop_table("order_line_record")
    with op.batch_alter_table("fulfillment_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fulfillment_record_order_id"))
        batch_op.drop_index(batch_op.f("ix_fulfillment_record_installation_id"))

    op.drop_table("fulfillment_record")
    with op.batch_alter_table("webhook_delivery", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_webhook_delivery_installation_id"))

    op.drop_table("webhook_delivery")
    with op.batch_alter_table("order_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_record_user_id"))
        batch_op.drop_index(batch_op.f("ix_order_record_installation_id"))
        batch_op.drop_index(batch_op.f("ix_order_record_channel_slug"))

    op.drop_table("order_record")
    op.drop_table("installation")
