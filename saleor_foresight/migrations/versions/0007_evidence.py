"""evidence: the evidence_pack table

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 06:55:44.189429
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import saleor_foresight.db

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "evidence_pack",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("installation_id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("claim_id", sa.Uuid(), nullable=True),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("storage_key", sa.String(length=128), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("byte_size", sa.BigInteger(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("requested_by_id", sa.String(length=255), nullable=False),
        sa.Column("requested_by_email", sa.String(length=320), nullable=False),
        sa.Column("created_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
            name=op.f("fk_evidence_pack_claim_id_claim"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["installation_id"],
            ["installation.id"],
            name=op.f("fk_evidence_pack_installation_id_installation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["order_record.id"],
            name=op.f("fk_evidence_pack_order_id_order_record"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_pack")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_evidence_pack_storage_key")),
    )
    with op.batch_alter_table("evidence_pack", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_pack_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_evidence_pack_installation_id"), ["installation_id"], unique=False
        )
        batch_op.create_index(
            "ix_evidence_pack_order", ["installation_id", "order_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("evidence_pack", schema=None) as batch_op:
        batch_op.drop_index("ix_evidence_pack_order")
        batch_op.drop_index(batch_op.f("ix_evidence_pack_installation_id"))
        batch_op.drop_index(batch_op.f("ix_evidence_pack_claim_id"))

    op.drop_table("evidence_pack")
