"""Tables of the policies domain.

``policy`` is what staff manage (kind, flags, targeting, order of display); its text lives
in ``policy_version`` rows: at most one DRAFT, any number of PUBLISHED. The current version
of a policy is its PUBLISHED row with no ``superseded_at``; publishing sets that column on the
version it replaces, the only change a published row ever takes (``guards`` makes the ORM
refuse others).
``policy_translation`` holds one language's title, Markdown body, its rendered and sanitised
HTML, and the consent label. Two partial unique indexes keep one draft and one current
version per policy.

``acceptance`` is one buyer's acceptance of a set of versions for a checkout, with its
``acceptance_item`` rows (one per version, with the text shown). Acceptances form one hash
chain per installation: ``sequence`` counts up from 1 and ``prev_hash`` holds the previous
record's ``record_hash``. ``acceptance_chain`` is the chain's head (last sequence and hash),
one row per installation, which writers lock; see ``acceptance.py``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, installation_fk, json_data, timestamp, utcnow, uuid_pk

LANGUAGE_LENGTH = 16
HASH_LENGTH = 64


class PolicyKind(StrEnum):
    RETURN_TERMS = "RETURN_TERMS"
    COLOUR_DIFFERENCE = "COLOUR_DIFFERENCE"
    DELIVERY_TIME = "DELIVERY_TIME"
    CUSTOM = "CUSTOM"


# Kinds whose versions carry a return window in days (required for them, refused for others).
KINDS_WITH_RETURN_WINDOW = frozenset({PolicyKind.RETURN_TERMS})


class VersionStatus(StrEnum):
    DRAFT = "DRAFT"
    PUBLISHED = "PUBLISHED"


class Policy(Base):
    __tablename__ = "policy"

    id: Mapped[uuid_pk]
    installation_id: Mapped[installation_fk]
    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(255))
    requires_acceptance: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    fallback_language: Mapped[str] = mapped_column(String(LANGUAGE_LENGTH))
    # Targeting.to_json(); {} targets everything
    targeting: Mapped[json_data]
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[timestamp]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    versions: Mapped[list[PolicyVersion]] = relationship(
        back_populates="policy", order_by="PolicyVersion.number"
    )

    @property
    def draft(self) -> PolicyVersion | None:
        return next((v for v in self.versions if v.status == VersionStatus.DRAFT), None)


class PolicyVersion(Base):
    __tablename__ = "policy_version"
    __table_args__ = (
        UniqueConstraint("policy_id", "number"),
        Index(
            "ix_policy_version_one_draft",
            "policy_id",
            unique=True,
            postgresql_where=text("status = 'DRAFT'"),
            sqlite_where=text("status = 'DRAFT'"),
        ),
        Index(
            "ix_policy_version_one_current",
            "policy_id",
            unique=True,
            postgresql_where=text("status = 'PUBLISHED' AND superseded_at IS NULL"),
            sqlite_where=text("status = 'PUBLISHED' AND superseded_at IS NULL"),
        ),
    )

    id: Mapped[uuid_pk]
    installation_id: Mapped[installation_fk]
    policy_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("policy.id", ondelete="RESTRICT"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default=VersionStatus.DRAFT)
    # copied from the policy when published: part of the content, and of its hash
    fallback_language: Mapped[str] = mapped_column(String(LANGUAGE_LENGTH))
    return_window_days: Mapped[int | None] = mapped_column(Integer)
    content_hash: Mapped[str | None] = mapped_column(String(HASH_LENGTH))
    created_at: Mapped[timestamp]
    created_by: Mapped[str | None] = mapped_column(String(255))
    updated_at: Mapped[timestamp]
    published_at: Mapped[datetime | None]
    published_by: Mapped[str | None] = mapped_column(String(255))
    superseded_at: Mapped[datetime | None]

    policy: Mapped[Policy] = relationship(back_populates="versions")
    translations: Mapped[list[PolicyTranslation]] = relationship(
        back_populates="version", order_by="PolicyTranslation.language"
    )

    @property
    def is_current(self) -> bool:
        return self.status == VersionStatus.PUBLISHED and self.superseded_at is None


class PolicyTranslation(Base):
    __tablename__ = "policy_translation"
    __table_args__ = (UniqueConstraint("version_id", "language"),)

    id: Mapped[uuid_pk]
    installation_id: Mapped[installation_fk]
    version_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("policy_version.id", ondelete="RESTRICT"), index=True
    )
    language: Mapped[str] = mapped_column(String(LANGUAGE_LENGTH))
    title: Mapped[str] = mapped_column(String(200))
    body_markdown: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    consent_label: Mapped[str] = mapped_column(String(300))

    version: Mapped[PolicyVersion] = relationship(back_populates="translations")


class Acceptance(Base):
    __tablename__ = "acceptance"
    __table_args__ = (
        UniqueConstraint("installation_id", "sequence"),
        UniqueConstraint("installation_id", "idempotency_key"),
        Index("ix_acceptance_checkout", "installation_id", "checkout_id"),
        # the languages buyers used lately (``service.checkout_languages``)
        Index("ix_acceptance_accepted_at", "installation_id", "accepted_at"),
    )

    id: Mapped[uuid_pk]
    installation_id: Mapped[installation_fk]
    sequence: Mapped[int] = mapped_column(Integer)
    checkout_id: Mapped[str] = mapped_column(String(255))
    # set when the order placed from the checkout is bound; not part of the record hash
    order_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("order_record.id", ondelete="RESTRICT"), index=True
    )
    bound_at: Mapped[datetime | None]
    channel: Mapped[str] = mapped_column(String(255))
    country: Mapped[str | None] = mapped_column(String(2))
    customer_user_id: Mapped[str | None] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(320))
    ip: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(1024))
    # the language the buyer asked for, when it is a language code
    language: Mapped[str | None] = mapped_column(String(LANGUAGE_LENGTH))
    accepted_at: Mapped[datetime]
    cart_fingerprint: Mapped[str] = mapped_column(String(HASH_LENGTH))
    idempotency_key: Mapped[str] = mapped_column(String(HASH_LENGTH))
    prev_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    record_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))

    items: Mapped[list[AcceptanceItem]] = relationship(
        back_populates="acceptance", order_by="AcceptanceItem.position"
    )


class AcceptanceItem(Base):
    """One accepted version, with what the buyer was shown: its hash, language, title, label."""

    __tablename__ = "acceptance_item"
    __table_args__ = (UniqueConstraint("acceptance_id", "version_id"),)

    id: Mapped[uuid_pk]
    installation_id: Mapped[installation_fk]
    acceptance_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("acceptance.id", ondelete="RESTRICT"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    version_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("policy_version.id", ondelete="RESTRICT"), index=True
    )
    # the full text shown: an immutable translation of a published version
    translation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("policy_translation.id", ondelete="RESTRICT"), index=True
    )
    language: Mapped[str] = mapped_column(String(LANGUAGE_LENGTH))
    content_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    title: Mapped[str] = mapped_column(String(200))
    consent_label: Mapped[str] = mapped_column(String(300))
    required: Mapped[bool] = mapped_column(Boolean)
    # the checkout line ids the disclosure covered
    line_ids: Mapped[json_data]

    acceptance: Mapped[Acceptance] = relationship(back_populates="items")
    version: Mapped[PolicyVersion] = relationship()
    translation: Mapped[PolicyTranslation] = relationship()


class AcceptanceChain(Base):
    """The head of an installation's acceptance chain: the row writers lock."""

    __tablename__ = "acceptance_chain"

    installation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("installation.id", ondelete="RESTRICT"), primary_key=True
    )
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    head_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    updated_at: Mapped[timestamp]
