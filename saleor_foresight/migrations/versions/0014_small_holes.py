"""job lease token; guest attempts

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 23:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import saleor_foresight.db

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lease_token", sa.String(length=32), nullable=True))
    op.create_table(
        "guest_attempt",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("installation_id", sa.Uuid(), nullable=False),
        sa.Column("order_key", sa.String(length=255), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("created_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["installation_id"],
            ["installation.id"],
            name=op.f("fk_guest_attempt_installation_id_installation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guest_attempt")),
    )
    op.create_index(
        "ix_guest_attempt_client",
        "guest_attempt",
        ["installation_id", "client", "created_at"],
        unique=False,
    )
    op.create_index(
        "ix_guest_attempt_order",
        "guest_attempt",
        ["installation_id", "order_key", "created_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_guest_attempt_order", table_name="guest_attempt")
    op.drop_index("ix_guest_attempt_client", table_name="guest_attempt")
    op.drop_table("guest_attempt")
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.drop_column("lease_token")
