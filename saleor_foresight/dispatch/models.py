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

from sqlalchemy import Boolean, ForeignKey, Index, Integer, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, installation_fk, timestamp, uuid_pk

KEY_LENGTH = 128
EMAIL_LENGTH = 320
REASON_LENGTH = 500


class UploadStatus(StrEnum):
    PENDING = "PENDING"
    CONFIRMED = "CONFIRMED"
    REJECTED = "REJECTED"


class DispatchUpload(Base):
    __tablename__ = "dispatch_upload"

    id: Mapped[uuid_pk]
    installation_id: Mapped[installation_fk]
    order_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("order_record.id", ondelete="RESTRICT"), index=True
    )
    fulfillment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("fulfillment_record.id", ondelete="RESTRICT"), index=True
    )
    storage_key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True)
    content_type: Mapped[str] = mapped_column(String(64))
    byte_size: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default=UploadStatus.PENDING)
    rejection_code: Mapped[str | None] = mapped_column(String(32))
    rejection_message: Mapped[str | None] = mapped_column(String(REASON_LENGTH))
    uploaded_by_id: Mapped[str] = mapped_column(String(255))
    uploaded_by_email: Mapped[str] = mapped_column(String(EMAIL_LENGTH))
    created_at: Mapped[timestamp]
    expires_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]


class DispatchPhoto(Base):
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
    buyer_copy_key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True)
    thumbnail_key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    byte_size: Mapped[int] = mapped_column(Integer)
    format: Mapped[str] = mapped_column(String(8))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    buyer_copy_width: Mapped[int] = mapped_column(Integer)
    buyer_copy_height: Mapped[int] = mapped_column(Integer)
    # ISO 8601 from the camera's clock, with an offset only when EXIF recorded one
    captured_at: Mapped[str | None] = mapped_column(String(32))
    camera_make: Mapped[str | None] = mapped_column(String(128))
    camera_model: Mapped[str | None] = mapped_column(String(128))
    orientation: Mapped[int | None] = mapped_column(SmallInteger)
    uploaded_by_id: Mapped[str] = mapped_column(String(255))
    uploaded_by_email: Mapped[str] = mapped_column(String(EMAIL_LENGTH))
    uploaded_at: Mapped[datetime]
    retained_until: Mapped[datetime | None]
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_reason: Mapped[str | None] = mapped_column(String(REASON_LENGTH))
    hidden_by_id: Mapped[str | None] = mapped_column(String(255))
    hidden_by_email: Mapped[str | None] = mapped_column(String(EMAIL_LENGTH))
    hidden_at: Mapped[datetime | None]
