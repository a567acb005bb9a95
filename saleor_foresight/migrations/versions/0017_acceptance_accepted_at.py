"""An index on acceptances by installation and time: the languages buyers used lately.

Revision ID: 0017_acceptance_accepted_at
Revises: 0016_order_backfill
"""

from __future__ import annotations

from alembic import op

revision: str = "0017_acceptance_accepted_at"
down_revision: str | None = "0016_order_backfill"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_acceptance_accepted_at", "acceptance", ["installation_id", "accepted_at"])


def downgrade() -> None:
    op.drop_index("ix_acceptance_accepted_at", table_name="acceptance")
