"""Alembic environment: runs on the URL handed in by ``saleor_foresight.migrate``.

Async URLs (``sqlite+aiosqlite``, ``postgresql+psycopg``) are driven through
``AsyncEngine.run_sync``; a caller may instead hand a live sync connection in
``config.attributes["connection"]`` (tests do).
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from saleor_foresight.models import Base

config = context.config
target_metadata = Base.metadata


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async(url: str) -> None:
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_configure_and_run)
            await connection.commit()
    finally:
        await engine.dispose()


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL given to Alembic")
    asyncio.run(_run_async(url))


if context.is_offline_mode():
    raise RuntimeError(
        "offline (SQL script) migrations are not supported; run them against a database"
    )
run()
