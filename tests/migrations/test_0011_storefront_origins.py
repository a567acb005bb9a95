"""0011: an installation made before it has no storefront origins, and keeps its row."""

from __future__ import annotations

import uuid

from sqlalchemy import text

from saleor_foresight import migrate
from saleor_foresight.settings import to_async_url
from tests.migrations.test_migrations import empty_database, sync_engine

__all__ = ["empty_database"]  # the fixture, for this module's tests


def test_an_existing_installation_gets_an_empty_list(empty_database: str) -> None:
    # given an installation stored at 0010
    url = to_async_url(empty_database)
    migrate.upgrade(url, "0010")
    engine = sync_engine(empty_database)
    installation_id = uuid.uuid4()
    native_uuid = engine.dialect.name == "postgresql"
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO installation (id, saleor_api_url, saleor_domain, schema_version, "
                "app_id, token_ciphertext, jwks, jwks_fetched_at, status, installed_at, "
                "updated_at) VALUES (:id, 'https://saleor.test/graphql/', 'saleor.test', "
                "'3.23', 'QXBwOjE=', :token, :jwks, :now, 'ACTIVE', :now, :now)"
            ),
            {
                "id": installation_id if native_uuid else installation_id.hex,
                "token": b"ciphertext",
                "jwks": '{"keys": []}',
                "now": "2026-01-01T00:00:00+00:00",
            },
        )

    # when the database goes to head, and back
    migrate.upgrade(url)
    with engine.connect() as connection:
        origins = connection.execute(text("SELECT storefront_origins FROM installation")).scalar()
    migrate.downgrade(url, "0010")
    with engine.connect() as connection:
        kept = connection.execute(text("SELECT count(*) FROM installation")).scalar()
    engine.dispose()

    # then it had no origins, and the row outlived both ways
    assert origins in ([], "[]")
    assert kept == 1
