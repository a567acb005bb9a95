"""Tables of the claims domain.

``claim`` is one buyer complaint about one order: reason, wished resolution, state (see
``states.py``), the response deadline (``due_at``, set only while the shop owes the next
step), who is assigned, and when it was escalated or closed. Its lines (``claim_line``)
keep the order line's Saleor ID and the names and quantity claimed, not a foreign key:
the order record replaces its lines when Saleor sends a newer snapshot.

``claim_event`` is the claim's log and thread in one: every step, with its actor, the
state before and after, the message (``internal`` for staff notes) and its data. Events
form one hash chain per installation (``log.py``); ``claim_log_head`` is the chain's head
(last sequence and hash, and the number of claims, which numbers new claims), the row
writers lock first.

``claim_photo`` is an upload ticket a buyer (or staff) asked for and, once checked, the
photo it became, attached to the claim event it was sent with. ``claim_resolution`` is an
offer, or a resolution staff carry out directly, and then its progress in Saleor: which
transaction, granted refund, return fulfillment and replacement order it produced.

``claim_settings`` holds an installation's rules (response days, time zone, delivery and
grace days, return days, holidays, whether early claims are blocked); absent, defaults.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, installation_fk, json_data, timestamp, utcnow, uuid_pk
from ..orders.models import Order
from ..photos.models import PENDING, REJECTED, CheckedImageColumns, TicketColumns

EMAIL_LENGTH = 320
KEY_LENGTH = 128
HASH_LENGTH = 64


class ClaimReason(StrEnum):
    NOT_RECEIVED = "NOT_RECEIVED"
    DAMAGED = "DAMAGED"
    NOT_AS_DESCRIBED = "NOT_AS_DESCRIBED"
    COLOUR_DIFFERENT = "COLOUR_DIFFERENT"
    WRONG_ITEM = "WRONG_ITEM"
    MISSING_ITEMS = "MISSING_ITEMS"
    RETURN = "RETURN"
    CANCELLATION = "CANCELLATION"  # before anything shipped: the buyer asks the shop to cancel
    OTHER = "OTHER"


class ResolutionKind(StrEnum):
    REFUND = "REFUND"
    PARTIAL_REFUND = "PARTIAL_REFUND"
    REPLACEMENT = "REPLACEMENT"
    RETURN_AND_REFUND = "RETURN_AND_REFUND"


class ResolutionStatus(StrEnum):
    OFFERED = "OFFERED"  # waiting for the buyer
    DECLINED = "DECLINED"
    SUPERSEDED = "SUPERSEDED"  # a newer offer replaced it, or the claim closed otherwise
    SCHEDULED = "SCHEDULED"  # accepted (or decided by staff); Saleor calls are queued
    RETRYING = "RETRYING"  # a call to Saleor failed; it is tried again with backoff
    WAITING_FOR_SALEOR = "WAITING_FOR_SALEOR"  # refund requested; not confirmed yet
    DONE = "DONE"  # Saleor confirmed it
    FAILED = "FAILED"  # Saleor refused it, or gave up: staff retry or settle by hand


class PhotoStatus(StrEnum):
    PENDING = PENDING
    ACCEPTED = "ACCEPTED"
    REJECTED = REJECTED


class ClaimSettings(Base):
    __tablename__ = "claim_settings"

    installation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("installation.id", ondelete="RESTRICT"), primary_key=True
    )
    response_days: Mapped[int] = mapped_column(Integer, default=3)
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    default_delivery_days: Mapped[int] = mapped_column(Integer, default=7)
    grace_days: Mapped[int] = mapped_column(Integer, default=2)
    return_days: Mapped[int] = mapped_column(Integer, default=14)
    block_before_open: Mapped[bool] = mapped_column(Boolean, default=False)
    holidays: Mapped[json_data]  # ["YYYY-MM-DD", ...]
    updated_at: Mapped[timestamp]
    updated_by: Mapped[str | None] = mapped_column(String(EMAIL_LENGTH))


class Claim(Base):
    __tablename__ = "claim"
    __table_args__ = (
        UniqueConstraint("installation_id", "number"),
        UniqueConstraint("installation_id", "order_id", "idempotency_key"),
        Index("ix_claim_queue", "installation_id", "status", "due_at"),
    )

    id: Mapped[uuid_pk]
    installation_id: Mapped[installation_fk]
    number: Mapped[int] = mapped_column(Integer)
    order_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("order_record.id", ondelete="RESTRICT"), index=True
    )
    reason: Mapped[str] = mapped_column(String(32))
    wished_resolution: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32))
    customer_user_id: Mapped[str | None] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(EMAIL_LENGTH))
    assignee_id: Mapped[str | None] = mapped_column(String(255), index=True)
    assignee_email: Mapped[str | None] = mapped_column(String(EMAIL_LENGTH))
    due_at: Mapped[datetime | None]
    overdue_notified_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]
    buyer_escalated: Mapped[bool] = mapped_column(Boolean, default=False)
    rejection_code: Mapped[str | None] = mapped_column(String(32))
    # the buyer's client names each filing; the same name again is the same claim
    idempotency_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[timestamp]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    closed_at: Mapped[datetime | None]

    order: Mapped[Order] = relationship()
    lines: Mapped[list[ClaimLine]] = relationship(
        back_populates="claim", order_by="ClaimLine.position"
    )
    resolutions: Mapped[list[ClaimResolution]] = relationship(
        back_populates="claim", order_by="ClaimResolution.created_at"
    )


class ClaimLine(Base):
    __tablename__ = "claim_line"
    __table_args__ = (UniqueConstraint("claim_id", "order_line_id"),)

    id: Mapped[uuid_pk]
    installation_id: Mapped[installation_fk]
    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claim.id", ondelete="RESTRICT"))
    position: Mapped[int] = mapped_column(Integer)
    order_line_id: Mapped[str] = mapped_column(String(255))  # Saleor's
    product_name: Mapped[str] = mapped_column(String(512))
    variant_name: Mapped[str] = mapped_column(String(512))
    sku: Mapped[str | None] = mapped_column(String(255))
    quantity: Mapped[int] = mapped_column(Integer)

    claim: Mapped[Claim] = relationship(back_populates="lines")


class ClaimEvent(Base):
    __tablename__ = "claim_event"
    __table_args__ = (UniqueConstraint("installation_id", "sequence"),)

    id: Mapped[uuid_pk]
    installation_id: Mapped[installation_fk]
    claim_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("claim.id", ondelete="RESTRICT"), index=True
    )
    sequence: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str | None] = mapped_column(String(255))
    actor_email: Mapped[str | None] = mapped_column(String(EMAIL_LENGTH))
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    message: Mapped[str | None] = mapped_column(Text)
    internal: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[json_data]
    created_at: Mapped[datetime]
    prev_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    record_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))


class ClaimLogHead(Base):
    """The head of an installation's claim log: the row writers lock."""

    __tablename__ = "claim_log_head"

    installation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("installation.id", ondelete="RESTRICT"), primary_key=True
    )
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    head_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    claims: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[timestamp]


class ClaimPhoto(TicketColumns, CheckedImageColumns, Base):
    __tablename__ = "claim_photo"
    image_columns_nullable = True

    id: Mapped[uuid_pk]
    installation_id: Mapped[installation_fk]
    order_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("order_record.id", ondelete="RESTRICT"), index=True
    )
    claim_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("claim.id", ondelete="RESTRICT"), index=True
    )
    event_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("claim_event.id", ondelete="RESTRICT")
    )
    declared_bytes: Mapped[int] = mapped_column(Integer)
    uploaded_by: Mapped[str] = mapped_column(String(16))  # an Actor
    uploaded_by_id: Mapped[str | None] = mapped_column(String(255))
    uploaded_by_email: Mapped[str | None] = mapped_column(String(EMAIL_LENGTH))


class ClaimResolution(Base):
    __tablename__ = "claim_resolution"

    id: Mapped[uuid_pk]
    installation_id: Mapped[installation_fk]
    claim_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("claim.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32), index=True)
    lines: Mapped[json_data]  # [{"order_line_id": saleor id, "quantity": n}, ...]
    amount: Mapped[Decimal | None] = mapped_column(Numeric(20, 4))
    currency: Mapped[str | None] = mapped_column(String(3))
    include_shipping: Mapped[bool] = mapped_column(Boolean, default=False)
    decided_by_id: Mapped[str | None] = mapped_column(String(255))
    decided_by_email: Mapped[str | None] = mapped_column(String(EMAIL_LENGTH))
    # an automatic decision: the rule that made it (e.g. "instant_refund_below"), else None
    decided_by_rule: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[timestamp]
    accepted_at: Mapped[datetime | None]
    # carrying it out in Saleor
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    runs: Mapped[int] = mapped_column(Integer, default=0)  # jobs enqueued for it so far
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None]
    return_fulfillment_id: Mapped[str | None] = mapped_column(String(255))
    replace_order_id: Mapped[str | None] = mapped_column(String(255))
    replace_order_number: Mapped[str | None] = mapped_column(String(64))
    transaction_id: Mapped[str | None] = mapped_column(String(255))
    granted_refund_id: Mapped[str | None] = mapped_column(String(255))
    granted_amount: Mapped[Decimal | None] = mapped_column(Numeric(20, 4))
    refund_requested_at: Mapped[datetime | None]
    # refund requests Saleor held for the grant right before we sent ours (written first)
    refund_requests_before: Mapped[int | None] = mapped_column(Integer)
    confirmed_at: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]

    claim: Mapped[Claim] = relationship(back_populates="resolutions")


class GuidanceView(Base):
    """A buyer was shown the guidance for one reason on one order (the widget reports it).

    One row per order and reason: when it was first and last shown, and how often. The
    report compares these with the claims filed after them.
    """

    __tablename__ = "claim_guidance_view"
    __table_args__ = (
        UniqueConstraint("order_id", "reason"),
        Index("ix_claim_guidance_view_shown", "installation_id", "first_shown_at"),
    )

    id: Mapped[uuid_pk]
    installation_id: Mapped[installation_fk]
    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("order_record.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(32))
    availability: Mapped[str] = mapped_column(String(16))  # as first shown
    first_shown_at: Mapped[datetime]
    last_shown_at: Mapped[datetime]
    times: Mapped[int] = mapped_column(Integer, default=1)
