"""policies, their versions and translations, and the acceptance chain

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 06:16:06.814795
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import saleor_foresight.db

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "acceptance_chain",
        sa.Column("installation_id", sa.Uuid(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("head_hash", sa.String(length=64), nullable=False),
        sa.Column("updated_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["installation_id"],
            ["installation.id"],
            name=op.f("fk_acceptance_chain_installation_id_installation"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("installation_id", name=op.f("pk_acceptance_chain")),
    )
    op.create_table(
        "policy",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("installation_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("requires_acceptance", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("fallback_language", sa.String(length=16), nullable=False),
        sa.Column(
            "targeting",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["installation_id"],
            ["installation.id"],
            name=op.f("fk_policy_installation_id_installation"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy")),
    )
    with op.batch_alter_table("policy", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_policy_installation_id"), ["installation_id"], unique=False
        )

    op.create_table(
        "acceptance",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("installation_id", sa.Uuid(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("checkout_id", sa.String(length=255), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=True),
        sa.Column("bound_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("channel", sa.String(length=255), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("customer_user_id", sa.String(length=255), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("ip", sa.String(length=45), nullable=True),
        sa.Column("user_agent", sa.String(length=1024), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("accepted_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("cart_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("record_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["installation_id"],
            ["installation.id"],
            name=op.f("fk_acceptance_installation_id_installation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["order_record.id"],
            name=op.f("fk_acceptance_order_id_order_record"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_acceptance")),
        sa.UniqueConstraint(
            "installation_id",
            "idempotency_key",
            name=op.f("uq_acceptance_installation_id_idempotency_key"),
        ),
        sa.UniqueConstraint(
            "installation_id", "sequence", name=op.f("uq_acceptance_installation_id_sequence")
        ),
    )
    with op.batch_alter_table("acceptance", schema=None) as batch_op:
        batch_op.create_index(
            "ix_acceptance_checkout", ["installation_id", "checkout_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_acceptance_installation_id"), ["installation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_acceptance_order_id"), ["order_id"], unique=False)

    op.create_table(
        "policy_version",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("installation_id", sa.Uuid(), nullable=False),
        sa.Column("policy_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("fallback_language", sa.String(length=16), nullable=False),
        sa.Column("return_window_days", sa.Integer(), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=True),
        sa.Column("created_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=255), nullable=True),
        sa.Column("updated_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("published_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("published_by", sa.String(length=255), nullable=True),
        sa.Column("superseded_at", saleor_foresight.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["installation_id"],
            ["installation.id"],
            name=op.f("fk_policy_version_installation_id_installation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["policy_id"],
            ["policy.id"],
            name=op.f("fk_policy_version_policy_id_policy"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_version")),
        sa.UniqueConstraint("policy_id", "number", name=op.f("uq_policy_version_policy_id_number")),
    )
    with op.batch_alter_table("policy_version", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_policy_version_installation_id"), ["installation_id"], unique=False
        )
        batch_op.create_index(
            "ix_policy_version_one_current",
            ["policy_id"],
            unique=True,
            postgresql_where=sa.text("status = 'PUBLISHED' AND superseded_at IS NULL"),
            sqlite_where=sa.text("status = 'PUBLISHED' AND superseded_at IS NULL"),
        )
        batch_op.create_index(
            "ix_policy_version_one_draft",
            ["policy_id"],
            unique=True,
            postgresql_where=sa.text("status = 'DRAFT'"),
            sqlite_where=sa.text("status = 'DRAFT'"),
        )
        batch_op.create_index(
            batch_op.f("ix_policy_version_policy_id"), ["policy_id"], unique=False
        )

    op.create_table(
        "policy_translation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("installation_id", sa.Uuid(), nullable=False),
        sa.Column("version_id", sa.Uuid(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body_markdown", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("consent_label", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["installation_id"],
            ["installation.id"],
            name=op.f("fk_policy_translation_installation_id_installation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["policy_version.id"],
            name=op.f("fk_policy_translation_version_id_policy_version"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_translation")),
        sa.UniqueConstraint(
            "version_id", "language", name=op.f("uq_policy_translation_version_id_language")
        ),
    )
    with op.batch_alter_table("policy_translation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_policy_translation_installation_id"), ["installation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_policy_translation_version_id"), ["version_id"], unique=False
        )

    op.create_table(
        "acceptance_item",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("installation_id", sa.Uuid(), nullable=False),
        sa.Column("acceptance_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Uuid(), nullable=False),
        sa.Column("translation_id", sa.Uuid(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("consent_label", sa.String(length=300), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column(
            "line_ids",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["acceptance_id"],
            ["acceptance.id"],
            name=op.f("fk_acceptance_item_acceptance_id_acceptance"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["installation_id"],
            ["installation.id"],
            name=op.f("fk_acceptance_item_installation_id_installation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["translation_id"],
            ["policy_translation.id"],
            name=op.f("fk_acceptance_item_translation_id_policy_translation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["policy_version.id"],
            name=op.f("fk_acceptance_item_version_id_policy_version"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_acceptance_item")),
        sa.UniqueConstraint(
            "acceptance_id", "version_id", name=op.f("uq_acceptance_item_acceptance_id_version_id")
        ),
    )
    with op.batch_alter_table("acceptance_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_acceptance_item_acceptance_id"), ["acceptance_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_acceptance_item_installation_id"), ["installation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_acceptance_item_translation_id"), ["translation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_acceptance_item_version_id"), ["version_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("acceptance_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_acceptance_item_version_id"))
        batch_op.drop_index(batch_op.f("ix_acceptance_item_translation_id"))
        batch_op.drop_index(batch_op.f("ix_acceptance_item_installation_id"))
        batch_op.drop_index(batch_op.f("ix_acceptance_item_acceptance_id"))

    op.drop_table("acceptance_item")
    with op.batch_alter_table("policy_translation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_policy_translation_version_id"))
        batch_op.drop_index(batch_op.f("ix_policy_translation_installation_id"))

    op.drop_table("policy_translation")
    with op.batch_alter_table("policy_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_policy_version_policy_id"))
        batch_op.drop_index("ix_policy_version_one_draft")
        batch_op.drop_index("ix_policy_version_one_current")
        batch_op.drop_index(batch_op.f("ix_policy_version_installation_id"))

    op.drop_table("policy_version")
    with op.batch_alter_table("acceptance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_acceptance_order_id"))
        batch_op.drop_index(batch_op.f("ix_acceptance_installation_id"))
        batch_op.drop_index("ix_acceptance_checkout")

    op.drop_table("acceptance")
    with op.batch_alter_table("policy", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_policy_installation_id"))

    op.drop_table("policy")
    op.drop_table("acceptance_chain")
