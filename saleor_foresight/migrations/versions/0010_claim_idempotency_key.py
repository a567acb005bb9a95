"""claims: idempotency key

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26 08:44:23.629384
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.add_column(sa.Column("idempotency_key", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_claim_installation_id_order_id_idempotency_key"),
            ["installation_id", "order_id", "idempotency_key"],
        )


def downgrade() -> None:
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_claim_installation_id_order_id_idempotency_key"), type_="unique"
        )
        batch_op.drop_column("idempotency_key")
