"""Migrations and models agree; the schema goes up to head and back down to base."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine

from saleor_foresight import migrate
from saleor_foresight.models import Base
from saleor_foresight.settings import to_async_url
from tests.database import TEST_DATABASE_URL


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    """A database with nothing in it, apart from the one the other tests use."""
    if not TEST_DATABASE_URL:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    name = f"foresight_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(
        TEST_DATABASE_URL.replace("postgresql://", "postgresql+psycopg://"),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = TEST_DATABASE_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def sync_engine(url: str) -> Engine:
    return create_engine(url.replace("postgresql://", "postgresql+psycopg://"))


def test_upgrade_to_head_matches_the_models(empty_database: str) -> None:
    # given a database migrated to head
    migrate.upgrade(to_async_url(empty_database))

    # when autogenerate compares it with the models
    engine = sync_engine(empty_database)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()

    # then there is nothing to generate
    assert differences == []


def test_downgrade_to_base_removes_every_table(empty_database: str) -> None:
    # given a database at head
    url = to_async_url(empty_database)
    migrate.upgrade(url)

    # when it is downgraded to base
    migrate.downgrade(url, "base")

    # then only Alembic's own bookkeeping is left
    engine = sync_engine(empty_database)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert tables <= {"alembic_version"}
    assert not tables & {t.name for t in Base.metadata.sorted_tables}


def test_migrations_form_one_line_with_one_head() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))

    assert len(script.get_heads()) == 1
    assert migrate.head_revision() == script.get_current_head()
