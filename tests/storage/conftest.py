"""Storage fixtures: S3 is moto's server over real HTTP, started once per run with a fresh
bucket per test; the local storage sits behind its own upload and download routes."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest
from moto.server import ThreadedMotoServer
from starlette.applications import Starlette

from saleor_foresight.storage import LocalStorage, S3Storage, connect_s3
from saleor_foresight.storage.http import ROUTES
from tests.storage.support import BASE_URL, LIMIT, SIGNING_KEY, Backend, FakeClock

if TYPE_CHECKING:
    from types_boto3_s3.client import S3Client

TICKET_TTL = 900
DOWNLOAD_TTL = 300


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Dummy credentials, and nothing from this machine's AWS configuration."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    for name in ("AWS_SESSION_TOKEN", "AWS_PROFILE", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def s3_client(aws_env: None, moto_endpoint: str) -> Iterator[S3Client]:
    client = connect_s3(
        region="us-east-1",
        endpoint_url=moto_endpoint,
        addressing_style="path",
        connect_timeout=2,
        read_timeout=10,
        max_attempts=2,
    )
    yield client
    client.close()


def create_bucket(client: S3Client, *, object_lock: bool = False) -> str:
    name = f"foresight-{uuid.uuid4().hex[:16]}"
    client.create_bucket(Bucket=name, ObjectLockEnabledForBucket=object_lock)
    return name


@pytest.fixture
def bucket(s3_client: S3Client) -> str:
    return create_bucket(s3_client)


@pytest.fixture
def locked_bucket(s3_client: S3Client) -> str:
    return create_bucket(s3_client, object_lock=True)


def make_s3_storage(client: S3Client, bucket: str, **options: object) -> S3Storage:
    options = {
        "upload_max_bytes": LIMIT,
        "ticket_ttl": TICKET_TTL,
        "download_ttl": DOWNLOAD_TTL,
        **options,
    }
    return S3Storage(client, bucket, **options)  # type: ignore[arg-type]


@pytest.fixture
def s3_storage(s3_client: S3Client, bucket: str) -> S3Storage:
    return make_s3_storage(s3_client, bucket)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def local_storage(tmp_path: Path, clock: FakeClock) -> LocalStorage:
    return LocalStorage(
        tmp_path / "media",
        base_url=BASE_URL,
        signing_key=SIGNING_KEY,
        upload_max_bytes=LIMIT,
        ticket_ttl=TICKET_TTL,
        download_ttl=DOWNLOAD_TTL,
        clock=clock,
    )


def local_http(storage: LocalStorage) -> httpx.AsyncClient:
    """A browser's view of Foresight: a tiny app with the storage routes, over ASGI."""
    app = Starlette(routes=ROUTES)
    app.state.storage = storage
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL)


@pytest.fixture
async def local_client(local_storage: LocalStorage) -> AsyncIterator[httpx.AsyncClient]:
    await local_storage.check()
    async with local_http(local_storage) as client:
        yield client


@pytest.fixture(params=["local", "s3"])
async def backend(request: pytest.FixtureRequest) -> AsyncIterator[Backend]:
    """The contract's subject: each storage with a client that reaches its URLs."""
    storage: LocalStorage | S3Storage
    if request.param == "local":
        storage = local = request.getfixturevalue("local_storage")
        http = local_http(local)
    else:
        storage = request.getfixturevalue("s3_storage")
        http = httpx.AsyncClient(trust_env=False)
    await storage.check()
    async with http:
        yield Backend(request.param, storage, http)
    await storage.close()
