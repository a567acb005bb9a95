"""checkout fallback per channel; why an order came without acceptance

Revision ID: 0015_checkout_fallback
Revises: 0014
Create Date: 2026-12-08 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_checkout_fallback"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("channel_rules", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "when_unreachable", sa.String(length=8), nullable=False, server_default="RELEASE"
            )
        )
        batch_op.add_column(
            sa.Column("release_after_seconds", sa.Integer(), nullable=False, server_default="4")
        )
        batch_op.add_column(sa.Column("unreachable_message", sa.String(length=500), nullable=True))
        batch_op.alter_column("currency", existing_type=sa.String(length=3), nullable=True)
    with op.batch_alter_table("channel_rules", schema=None) as batch_op:
        batch_op.alter_column("when_unreachable", server_default=None)
        batch_op.alter_column("release_after_seconds", server_default=None)
    with op.batch_alter_table("order_record", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unaccepted_reason", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("order_record", schema=None) as batch_op:
        batch_op.drop_column("unaccepted_reason")
    op.execute("DELETE FROM channel_rules WHERE currency IS NULL")
    with op.batch_alter_table("channel_rules", schema=None) as batch_op:
        batch_op.alter_column("currency", existing_type=sa.String(length=3), nullable=False)
        batch_op.drop_column("unreachable_message")
        batch_op.drop_column("release_after_seconds")
        batch_op.drop_column("when_unreachable")
