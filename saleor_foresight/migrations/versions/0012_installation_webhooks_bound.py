"""installation: whether Saleor's copies of our subscriptions select the recipient

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 23:10:00.000000

Installations that exist when this runs were installed with queries that do not select
``recipient``: they start unbound (exposed) until the webhook sync updates them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("installation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("webhooks_bound", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("installation", schema=None) as batch_op:
        batch_op.drop_column("webhooks_bound")
