"""A job row: what to do, for which installation, when next, and how it went."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, installation_fk, json_data, timestamp, uuid_pk


class JobStatus(StrEnum):
    PENDING = "PENDING"
    DONE = "DONE"
    FAILED = "FAILED"  # gave up after the last attempt; kept for staff to see


class Job(Base):
    __tablename__ = "job"
    __table_args__ = (
        UniqueConstraint("installation_id", "dedupe_key"),
        Index("ix_job_due", "status", "run_after"),
    )

    id: Mapped[uuid_pk]
    installation_id: Mapped[installation_fk]
    kind: Mapped[str] = mapped_column(String(64))
    payload: Mapped[json_data]
    dedupe_key: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16), default=JobStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=8)
    run_after: Mapped[timestamp]
    locked_until: Mapped[datetime | None]
    lease_token: Mapped[str | None] = mapped_column(String(32))  # the pass holding the lease
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[timestamp]
    finished_at: Mapped[datetime | None]
