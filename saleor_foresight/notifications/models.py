"""The ``staff_notification`` table: one row per thing staff should look at.

A notification is written in the transaction of the change that raised it, once per
``dedupe_key`` (a redelivered webhook raises nothing new), and stays until staff mark it
read. Its ``kind`` says what it is about; ``order_id`` ties it to Foresight's order record.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, installation_fk, json_data, timestamp, uuid_pk


class StaffNotification(Base):
    __tablename__ = "staff_notification"
    __table_args__ = (
        UniqueConstraint("installation_id", "dedupe_key"),
        Index("ix_staff_notification_inbox", "installation_id", "read_at", "created_at"),
    )

    id: Mapped[uuid_pk]
    installation_id: Mapped[installation_fk]
    kind: Mapped[str] = mapped_column(String(32))
    order_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("order_record.id", ondelete="CASCADE"), index=True
    )
    message: Mapped[str] = mapped_column(Text)
    data: Mapped[json_data]
    dedupe_key: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[timestamp]
    read_at: Mapped[datetime | None]
    read_by: Mapped[str | None] = mapped_column(String(320))
