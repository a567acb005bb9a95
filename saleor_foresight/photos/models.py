"""The columns every photo table shares, defined once: declarative mixins, no table of their own.

``TicketColumns`` is an upload ticket and how it ended: the storage key the ticket is for,
the declared content type, ``status`` (PENDING until a check decides, REJECTED with
``rejection_code`` and ``rejection_message``, or the table's own accepted state), when it
was asked for, when the ticket expires and when it was decided. ``dispatch_upload`` and
``claim_photo`` are such tables; the upload sweep (``sweep.TicketTable``) reads these columns.

``CheckedImageColumns`` is what the checks found and made of an accepted photo: the keys of
the buyer copy and thumbnail, the original's SHA-256, size, format and dimensions as stored,
the buyer copy's dimensions, the EXIF capture time, camera and orientation, and until when
storage retains the original. ``dispatch_photo`` holds them NOT NULL (a row is an accepted
photo); ``claim_photo`` is a ticket first, so it sets ``image_columns_nullable`` and they
are NULL until the photo is ACCEPTED. Python reads them as an accepted photo has them.

Names, types and constraints are those the tables had before the mixins (migrations 0005
and 0006): the DDL is unchanged.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from sqlalchemy import Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from ..db import timestamp

KEY_LENGTH = 128
REASON_LENGTH = 500
PENDING = "PENDING"
REJECTED = "REJECTED"


class TicketColumns:
    storage_key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True)
    content_type: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    rejection_code: Mapped[str | None] = mapped_column(String(32))
    rejection_message: Mapped[str | None] = mapped_column(String(REASON_LENGTH))
    created_at: Mapped[timestamp]
    expires_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]


def _key(cls: type[CheckedImageColumns]) -> Mapped[str]:
    return mapped_column(String(KEY_LENGTH), unique=True, nullable=cls.image_columns_nullable)


def _text(cls: type[CheckedImageColumns], length: int) -> Mapped[str]:
    return mapped_column(String(length), nullable=cls.image_columns_nullable)


def _int(cls: type[CheckedImageColumns]) -> Mapped[int]:
    return mapped_column(Integer, nullable=cls.image_columns_nullable)


class CheckedImageColumns:
    image_columns_nullable: ClassVar[bool] = False

    buyer_copy_key = declared_attr(_key)
    thumbnail_key = declared_attr(_key)
    sha256 = declared_attr(lambda cls: _text(cls, 64))
    byte_size = declared_attr(_int)
    format = declared_attr(lambda cls: _text(cls, 8))
    width = declared_attr(_int)  # as stored, before orientation
    height = declared_attr(_int)
    buyer_copy_width = declared_attr(_int)
    buyer_copy_height = declared_attr(_int)
    # ISO 8601 from the camera's clock, with an offset only when EXIF recorded one
    captured_at: Mapped[str | None] = mapped_column(String(32))
    camera_make: Mapped[str | None] = mapped_column(String(128))
    camera_model: Mapped[str | None] = mapped_column(String(128))
    orientation: Mapped[int | None] = mapped_column(SmallInteger)
    retained_until: Mapped[datetime | None]
