"""Which storage the settings build."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from saleor_foresight.errors import ConfigurationError
from saleor_foresight.settings import load_settings
from saleor_foresight.storage import LocalStorage, S3Storage, build_storage
from tests.storage.support import photo_key


@pytest.fixture(autouse=True)
def no_foresight_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORESIGHT_S3_BUCKET", raising=False)
    monkeypatch.delenv("FORESIGHT_STORAGE", raising=False)


async def test_the_embedded_default_is_the_local_media_folder(tmp_path: Path) -> None:
    # given no storage settings at all
    settings = load_settings(data_dir=tmp_path, public_url="https://foresight.example")

    # when the storage is built
    storage = build_storage(settings)

    # then it is the media folder, reached through Foresight's own URLs
    assert isinstance(storage, LocalStorage)
    assert storage.root == settings.media_root
    ticket = await storage.create_upload_ticket(photo_key(), content_type="image/jpeg")
    assert ticket.url == "https://foresight.example/storage/upload"
    assert ticket.max_bytes == settings.upload_max_bytes
    remaining = ticket.expires_at - datetime.now(UTC)
    assert remaining.total_seconds() <= settings.upload_ticket_ttl


async def test_a_bucket_selects_s3_with_its_options(
    tmp_path: Path, aws_env: None, moto_endpoint: str
) -> None:
    # given a bucket, an endpoint, a prefix and Object Lock days
    settings = load_settings(
        data_dir=tmp_path,
        s3_bucket="foresight-evidence",
        s3_region="us-east-1",
        s3_endpoint_url=moto_endpoint,
        s3_addressing_style="path",
        s3_key_prefix="shop-a",
        s3_object_lock_days=30,
        upload_max_bytes=4096,
    )

    # when the storage is built
    storage = build_storage(settings)

    # then it is S3 with those options
    assert isinstance(storage, S3Storage)
    assert storage.supports_retention is True
    key = photo_key()
    ticket = await storage.create_upload_ticket(key, content_type="image/jpeg")
    assert ticket.url == f"{moto_endpoint}/foresight-evidence"
    assert ticket.fields["key"] == f"shop-a/{key}"
    assert ticket.max_bytes == 4096
    await storage.close()


def test_an_unsafe_prefix_stops_start_up(tmp_path: Path, aws_env: None) -> None:
    settings = load_settings(data_dir=tmp_path, s3_bucket="foresight", s3_key_prefix="../x")

    with pytest.raises(ConfigurationError, match="FORESIGHT_S3_KEY_PREFIX"):
        build_storage(settings)
