"""The evidence pack table: one row per pack staff asked for.

``evidence_pack`` says for which order (and, for a claim pack, which claim) and which
provider a pack was built, and how it went: PENDING while the job runs (``attempts``
counts the job's tries, ``error`` keeps the last failure), READY with the ZIP's storage
key, SHA-256 and size, or FAILED with the reason when the job gave up or the pack cannot
be built. The ZIP is written once under a fresh key per attempt and never changed; a
READY row never changes either.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, installation_fk, timestamp, uuid_pk

KEY_LENGTH = 128
EMAIL_LENGTH = 320


class PackStatus(StrEnum):
    PENDING = "PENDING"
    READY = "READY"
    FAILED = "FAILED"


class Provider(StrEnum):
    """Whose shape the pack's provider section takes; GENERIC has none."""

    PAYPAL = "PAYPAL"
    STRIPE = "STRIPE"
    GENERIC = "GENERIC"


class DisputeReason(StrEnum):
    """The dispute reasons Foresight's evidence answers (PayPal's and Stripe's names in
    ``providers``)."""

    NOT_RECEIVED = "NOT_RECEIVED"
    NOT_AS_DESCRIBED = "NOT_AS_DESCRIBED"
    CREDIT_NOT_PROCESSED = "CREDIT_NOT_PROCESSED"


class EvidencePack(Base):
    __tablename__ = "evidence_pack"
    __table_args__ = (Index("ix_evidence_pack_order", "installation_id", "order_id"),)

    id: Mapped[uuid_pk]
    installation_id: Mapped[installation_fk]
    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("order_record.id", ondelete="RESTRICT"))
    # set for a claim pack
    claim_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("claim.id", ondelete="RESTRICT"), index=True
    )
    provider: Mapped[str] = mapped_column(String(16))
    # the dispute reason asked for; None: every reason
    reason: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default=PackStatus.PENDING)
    storage_key: Mapped[str | None] = mapped_column(String(KEY_LENGTH), unique=True)
    sha256: Mapped[str | None] = mapped_column(String(64))
    byte_size: Mapped[int | None] = mapped_column(BigInteger)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    requested_by_id: Mapped[str] = mapped_column(String(255))
    requested_by_email: Mapped[str] = mapped_column(String(EMAIL_LENGTH))
    created_at: Mapped[timestamp]
    finished_at: Mapped[datetime | None]
