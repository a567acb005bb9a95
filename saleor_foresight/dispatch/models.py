"""Tables of the dispatch domain: upload tickets and the photos they became.

``dispatch_upload`` is one ticket staff asked for: which order and fulfillment, the storage
key, what was declared, who asked, and how it ended. It is PENDING until confirmed, then
CONFIRMED (with exactly one ``dispatch_photo``) or REJECTED (with the reason staff see; the
object is deleted). A ticket never used stays PENDING and is never shown: no query lists
uploads, and the buyer's proof and the packing queue read photos only.

``dispatch_photo`` is an accepted photo: the private original's key, SHA-256 and what it
says of itself (format, size, EXIF capture time, camera, orientation), the keys of the buyer
copy and thumbnail, who uploaded it and when. It is never deleted; staff may hide it from the
buyer (``hidden_*`` record who, when and why), the only change a photo ever takes.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, installation_fk, uuid_pk
from ..photos.models import (
    KEY_LENGTH,
    PENDING,
    REASON_LENGTH,
    REJECTED,
    CheckedImageColumns,
    TicketColumns,
)

EMAIL_LENGTH = 320


class UploadStatus(StrEnum):
    PENDING = PENDING
    CONFIRMED = "CONFIRMED"
    REJECTED = REJECTED


class DispatchUpload(TicketColumns, Base):
    __tablename__ = "dispatch_upload"

    id: Mapped[uuid_pk]
    installation_id: Mapped[installation_fk]
    order_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("order_record.id", ondelete="RESTRICT"), index=True
    )
    fulfillment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("fulfillment_record.id", ondelete="RESTRICT"), index=True
    )
    byte_size: Mapped[int] = mapped_column(Integer)  # declared: the most the ticket accepts
    uploaded_by_id: Mapped[str] = mapped_column(String(255))
    uploaded_by_email: Mapped[str] = mapped_column(String(EMAIL_LENGTH))


class DispatchPhoto(CheckedImageColumns, Base):
    __tablename__ = "dispatch_photo"
    __table_args__ = (
        UniqueConstraint("upload_id"),
        Index("ix_dispatch_photo_fulfillment_visible", "fulfillment_id", "hidden"),
    )

    id: Mapped[uuid_pk]
    installation_id: Mapped[installation_fk]
    upload_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("dispatch_upload.id", ondelete="RESTRICT")
    )
    order_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("order_record.id", ondelete="RESTRICT"), index=True
    )
    fulfillment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("fulfillment_record.id", ondelete="RESTRICT")
    )
    original_key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True)
    uploaded_by_id: Mapped[str] = mapped_column(String(255))
    uploaded_by_email: Mapped[str] = mapped_column(String(EMAIL_LENGTH))
    uploaded_at: Mapped[datetime]
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_reason: Mapped[str | None] = mapped_column(String(REASON_LENGTH))
    hidden_by_id: Mapped[str | None] = mapped_column(String(255))
    hidden_by_email: Mapped[str | None] = mapped_column(String(EMAIL_LENGTH))
    hidden_at: Mapped[datetime | None]
