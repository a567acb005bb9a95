"""Evidence fixtures: the local storage, and S3 on moto's server."""

from __future__ import annotations

from pathlib import Path

import pytest

from saleor_foresight.storage import LocalStorage
from tests.storage import conftest as storage_fixtures
from tests.storage.support import BASE_URL, SIGNING_KEY

# the storage tests' moto server and buckets, shared with these tests
moto_endpoint = storage_fixtures.moto_endpoint
aws_env = storage_fixtures.aws_env
s3_client = storage_fixtures.s3_client
bucket = storage_fixtures.bucket
locked_bucket = storage_fixtures.locked_bucket


@pytest.fixture
async def storage(tmp_path: Path) -> LocalStorage:
    local = LocalStorage(
        tmp_path / "media",
        base_url=BASE_URL,
        signing_key=SIGNING_KEY,
        upload_max_bytes=50 * 1024 * 1024,
        ticket_ttl=900,
        download_ttl=300,
    )
    await local.check()
    return local
