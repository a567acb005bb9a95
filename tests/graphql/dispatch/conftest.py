"""Fixtures for the dispatch API: an installed app with a small upload limit, parcels shipped
through Saleor's own FULFILLMENT_CREATED deliveries, and the app on S3 (moto's server)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import httpx
import pytest
from starlette.applications import Starlette

from saleor_foresight.settings import Settings
from saleor_foresight.storage import S3Storage
from tests.storage import conftest as storage_fixtures
from tests.storage.conftest import make_s3_storage

if TYPE_CHECKING:
    from types_boto3_s3.client import S3Client

LIMIT = 256 * 1024

# the storage tests' moto server and buckets, shared with these tests
moto_endpoint = storage_fixtures.moto_endpoint
aws_env = storage_fixtures.aws_env
s3_client = storage_fixtures.s3_client
bucket = storage_fixtures.bucket
locked_bucket = storage_fixtures.locked_bucket


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The shared settings, with a small upload limit so "too large" stays small."""
    return settings.model_copy(update={"upload_max_bytes": LIMIT})


@pytest.fixture
async def on_s3(app: Starlette, s3_client: S3Client, bucket: str) -> S3Storage:
    """The app keeps its photos in a moto bucket instead of the media folder."""
    return await use_s3(app, make_s3_storage(s3_client, bucket, upload_max_bytes=LIMIT))


async def use_s3(app: Starlette, storage: S3Storage) -> S3Storage:
    await storage.check()
    app.state.foresight.storage = app.state.storage = storage
    return storage


@pytest.fixture
async def browser() -> AsyncIterator[httpx.AsyncClient]:
    """A browser's own connection, straight to the bucket (never through Foresight)."""
    async with httpx.AsyncClient(trust_env=False) as http:
        yield http
