"""The declarative base, its naming convention, a shared column vocabulary, and engines.

The caller owns the session: a request, a webhook delivery or a job opens
``async with sessionmaker.begin() as session``; domain code takes a session and
never commits.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from sqlalchemy import JSON, DateTime, ForeignKey, MetaData, String, TypeDecorator, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.engine.default import DefaultDialect
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, mapped_column
from sqlalchemy.pool import QueuePool

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored as UTC; SQLite hands naive values back, we fix them."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; give a timezone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


JSONValue = JSON().with_variant(JSONB(), "postgresql")

uuid_pk = Annotated[uuid.UUID, mapped_column(primary_key=True, default=uuid.uuid4)]
timestamp = Annotated[datetime, mapped_column(UTCDateTime(), default=utcnow)]
saleor_id = Annotated[str, mapped_column(String(255))]
installation_fk = Annotated[
    uuid.UUID,
    mapped_column(ForeignKey("installation.id", ondelete="RESTRICT"), index=True),
]
json_data = Annotated[Any, mapped_column(JSONValue)]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}


@dataclass(frozen=True)
class PoolLimits:
    """How many connections an engine keeps (``size``), may open beyond (``overflow``), and
    how long a caller waits for one (``timeout`` seconds) before ``sqlalchemy.exc.TimeoutError``.

    SQLAlchemy's own defaults (5 + 10, 30 s) let a burst stall every request for 30 s; the
    settings (``FORESIGHT_DB_POOL_*``) make these explicit. An in-memory SQLite database
    has one shared connection (no queue), so there they do not apply."""

    size: int = 5
    overflow: int = 10
    timeout: float = 5.0


def create_engine(url: str, pool: PoolLimits | None = None, **kwargs: Any) -> AsyncEngine:
    if pool is not None and _queue_pooled(url):
        kwargs.update(pool_size=pool.size, max_overflow=pool.overflow, pool_timeout=pool.timeout)
    engine = create_async_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def _queue_pooled(url: str) -> bool:
    """Whether SQLAlchemy gives this URL a queue of connections (not in-memory SQLite)."""
    parsed = make_url(url)
    dialect = parsed.get_dialect()
    return issubclass(dialect, DefaultDialect) and issubclass(
        dialect.get_pool_class(parsed), QueuePool
    )


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[Any]:
    return async_sessionmaker(engine, expire_on_commit=False)


def insert_or_merge(session: AsyncSession, entity: Any) -> postgresql.Insert | sqlite.Insert:
    """An INSERT for ``entity`` that can say what to do ON CONFLICT, in the session's database's
    dialect (PostgreSQL and SQLite spell it alike: ``on_conflict_do_nothing/do_update``)."""
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(entity)
