"""claims: refund requests counted before a resolution asks for its refund

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 23:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claim_resolution", schema=None) as batch_op:
        batch_op.add_column(sa.Column("refund_requests_before", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("claim_resolution", schema=None) as batch_op:
        batch_op.drop_column("refund_requests_before")
