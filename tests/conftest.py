"""Shared fixtures: a migrated database (SQLite by default, PostgreSQL when
``FORESIGHT_TEST_DATABASE_URL`` is set), settings, a Saleor double and the app."""

from __future__ import annotations

import secrets
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import create_engine, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from saleor_foresight import migrate
from saleor_foresight.app import create_app
from saleor_foresight.db import create_engine as create_async_engine
from saleor_foresight.db import create_sessionmaker
from saleor_foresight.models import Base
from saleor_foresight.runtime import AppState
from saleor_foresight.settings import Settings, load_settings, to_async_url
from tests.database import TEST_DATABASE_URL
from tests.factories import install_double
from tests.saleor_double import SaleorDouble


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Migrate once per run: a SQLite file to copy, or the PostgreSQL test database."""
    if TEST_DATABASE_URL:
        sync = create_engine(TEST_DATABASE_URL.replace("postgresql://", "postgresql+psycopg://"))
        with sync.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        sync.dispose()
        migrate.upgrade(to_async_url(TEST_DATABASE_URL))
        return TEST_DATABASE_URL
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    migrate.upgrade(f"sqlite+aiosqlite:///{path}")
    return str(path)


@pytest.fixture
def database_url(migrated_template: str, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database for one test."""
    if TEST_DATABASE_URL:
        yield TEST_DATABASE_URL
        sync = create_engine(TEST_DATABASE_URL.replace("postgresql://", "postgresql+psycopg://"))
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        with sync.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} CASCADE"))
        sync.dispose()
        return
    path = tmp_path / "foresight.sqlite3"
    shutil.copyfile(migrated_template, path)
    yield f"sqlite:///{path}"


@pytest.fixture
def saleor() -> SaleorDouble:
    return SaleorDouble()


@pytest.fixture
def settings(database_url: str, tmp_path: Path, saleor: SaleorDouble) -> Settings:
    return load_settings(
        database_url=database_url,
        data_dir=tmp_path / "data",
        public_url="https://foresight.test",
        encryption_keys=Fernet.generate_key().decode(),
        secret_key=secrets.token_urlsafe(40),
        allowed_saleor_urls=r"https://saleor\.test/graphql/|http://127\.0\.0\.1:8000/graphql/",
        jwks_refetch_interval=60,
        saleor_backoff=0,
        # the backfill after an install is a job of its own: its tests turn it on
        backfill_days=0,
    )


@pytest.fixture
async def app(settings: Settings, saleor: SaleorDouble) -> AsyncIterator[Starlette]:
    application = create_app(settings, saleor_transport=saleor.transport())
    yield application
    await application.state.foresight.close()


@pytest.fixture
def state(app: Starlette) -> AppState:
    foresight: AppState = app.state.foresight
    return foresight


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://foresight.test") as c:
        yield c


@pytest.fixture
async def sessionmaker(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_async_engine(to_async_url(database_url))
    yield create_sessionmaker(engine)
    await engine.dispose()


@pytest.fixture
async def installed(state: AppState, saleor: SaleorDouble) -> SaleorDouble:
    """The app installed in the Saleor double (stored directly; tests of registration post)."""
    return await install_double(state, saleor)
