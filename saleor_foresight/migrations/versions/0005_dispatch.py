"""proof of dispatch: upload tickets and photos

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 06:26:51.900843
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import saleor_foresight.db

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dispatch_upload",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("installation_id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("fulfillment_id", sa.Uuid(), nullable=False),
        sa.Column("storage_key", sa.String(length=128), nullable=False),
        sa.Column("content_type", sa.String(length=64), nullable=False),
        sa.Column("byte_size", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("rejection_code", sa.String(length=32), nullable=True),
        sa.Column("rejection_message", sa.String(length=500), nullable=True),
        sa.Column("uploaded_by_id", sa.String(length=255), nullable=False),
        sa.Column("uploaded_by_email", sa.String(length=320), nullable=False),
        sa.Column("created_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["fulfillment_id"],
            ["fulfillment_record.id"],
            name=op.f("fk_dispatch_upload_fulfillment_id_fulfillment_record"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["installation_id"],
            ["installation.id"],
            name=op.f("fk_dispatch_upload_installation_id_installation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["order_record.id"],
            name=op.f("fk_dispatch_upload_order_id_order_record"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispatch_upload")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_dispatch_upload_storage_key")),
    )
    with op.batch_alter_table("dispatch_upload", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dispatch_upload_fulfillment_id"), ["fulfillment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_dispatch_upload_installation_id"), ["installation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_dispatch_upload_order_id"), ["order_id"], unique=False)
    op.create_table(
        "dispatch_photo",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("installation_id", sa.Uuid(), nullable=False),
        sa.Column("upload_id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("fulfillment_id", sa.Uuid(), nullable=False),
        sa.Column("original_key", sa.String(length=128), nullable=False),
        sa.Column("buyer_copy_key", sa.String(length=128), nullable=False),
        sa.Column("thumbnail_key", sa.String(length=128), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("byte_size", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=8), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("buyer_copy_width", sa.Integer(), nullable=False),
        sa.Column("buyer_copy_height", sa.Integer(), nullable=False),
        sa.Column("captured_at", sa.String(length=32), nullable=True),
        sa.Column("camera_make", sa.String(length=128), nullable=True),
        sa.Column("camera_model", sa.String(length=128), nullable=True),
        sa.Column("orientation", sa.SmallInteger(), nullable=True),
        sa.Column("uploaded_by_id", sa.String(length=255), nullable=False),
        sa.Column("uploaded_by_email", sa.String(length=320), nullable=False),
        sa.Column("uploaded_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("retained_until", saleor_foresight.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("hidden_reason", sa.String(length=500), nullable=True),
        sa.Column("hidden_by_id", sa.String(length=255), nullable=True),
        sa.Column("hidden_by_email", sa.String(length=320), nullable=True),
        sa.Column("hidden_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["fulfillment_id"],
            ["fulfillment_record.id"],
            name=op.f("fk_dispatch_photo_fulfillment_id_fulfillment_record"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["installation_id"],
            ["installation.id"],
            name=op.f("fk_dispatch_photo_installation_id_installation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["order_record.id"],
            name=op.f("fk_dispatch_photo_order_id_order_record"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["upload_id"],
            ["dispatch_upload.id"],
            name=op.f("fk_dispatch_photo_upload_id_dispatch_upload"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispatch_photo")),
        sa.UniqueConstraint("buyer_copy_key", name=op.f("uq_dispatch_photo_buyer_copy_key")),
        sa.UniqueConstraint("original_key", name=op.f("uq_dispatch_photo_original_key")),
        sa.UniqueConstraint("thumbnail_key", name=op.f("uq_dispatch_photo_thumbnail_key")),
        sa.UniqueConstraint("upload_id", name=op.f("uq_dispatch_photo_upload_id")),
    )
    with op.batch_alter_table("dispatch_photo", schema=None) as batch_op:
        batch_op.create_index(
            "ix_dispatch_photo_fulfillment_visible", ["fulfillment_id", "hidden"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_dispatch_photo_installation_id"), ["installation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_dispatch_photo_order_id"), ["order_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dispatch_photo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dispatch_photo_order_id"))
        batch_op.drop_index(batch_op.f("ix_dispatch_photo_installation_id"))
        batch_op.drop_index("ix_dispatch_photo_fulfillment_visible")
    op.drop_table("dispatch_photo")
    with op.batch_alter_table("dispatch_upload", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dispatch_upload_order_id"))
        batch_op.drop_index(batch_op.f("ix_dispatch_upload_installation_id"))
        batch_op.drop_index(batch_op.f("ix_dispatch_upload_fulfillment_id"))
    op.drop_table("dispatch_upload")
