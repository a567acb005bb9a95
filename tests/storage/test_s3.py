"""What only the S3 backend does: POST policies, encryption, prefixes, Object Lock, outages.

moto does not enforce presigned-POST conditions (real S3 and MinIO do), so the
conditions are asserted in the decoded policy.
"""

from __future__ import annotations

import base64
import json
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from botocore.exceptions import ClientError

from saleor_foresight.errors import ConfigurationError
from saleor_foresight.storage import (
    ObjectExists,
    S3Storage,
    StorageError,
    StorageUnavailable,
    connect_s3,
)
from tests.storage.conftest import make_s3_storage
from tests.storage.support import JPEG, LIMIT, photo_key, post_ticket

if TYPE_CHECKING:
    from types_boto3_s3.client import S3Client


async def stream(chunks: list[bytes]) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


def decoded_policy(fields: dict[str, str] | object) -> dict[str, object]:
    assert isinstance(fields, dict)
    policy: dict[str, object] = json.loads(base64.b64decode(fields["policy"]))
    return policy


async def test_the_post_policy_fixes_key_type_and_size(s3_storage: S3Storage, bucket: str) -> None:
    # given a ticket for at most 2 KiB of JPEG
    key = photo_key()
    ticket = await s3_storage.create_upload_ticket(
        key, content_type="image/jpeg", max_bytes=2048, expires_in=120
    )

    # then the signed policy carries every condition S3 enforces
    policy = decoded_policy(ticket.fields)
    conditions = policy["conditions"]
    assert isinstance(conditions, list)
    assert {"key": key} in conditions
    assert {"bucket": bucket} in conditions
    assert {"Content-Type": "image/jpeg"} in conditions
    assert ["content-length-range", 1, 2048] in conditions
    # and the form fields match it, signed with SigV4
    assert ticket.fields["key"] == key
    assert ticket.fields["Content-Type"] == "image/jpeg"
    assert ticket.fields["x-amz-algorithm"] == "AWS4-HMAC-SHA256"
    expiration = datetime.strptime(str(policy["expiration"]), "%Y-%m-%dT%H:%M:%SZ")
    assert abs(expiration.replace(tzinfo=UTC) - ticket.expires_at) < timedelta(seconds=5)


async def test_encryption_is_a_condition_of_uploads_and_a_header_of_puts(
    s3_client: S3Client, bucket: str
) -> None:
    # given a storage that asks for SSE-KMS with a named key
    kms = make_s3_storage(
        s3_client, bucket, server_side_encryption="aws:kms", kms_key_id="alias/foresight"
    )

    # then its tickets fix the encryption in the policy
    ticket = await kms.create_upload_ticket(photo_key(), content_type="image/jpeg")
    conditions = decoded_policy(ticket.fields)["conditions"]
    assert isinstance(conditions, list)
    assert {"x-amz-server-side-encryption": "aws:kms"} in conditions
    assert {"x-amz-server-side-encryption-aws-kms-key-id": "alias/foresight"} in conditions
    assert ticket.fields["x-amz-server-side-encryption"] == "aws:kms"

    # and with SSE-S3 a put object is stored encrypted
    aes = make_s3_storage(s3_client, bucket, server_side_encryption="AES256")
    key = photo_key()
    await aes.put(key, JPEG, content_type="image/jpeg")
    assert s3_client.head_object(Bucket=bucket, Key=key)["ServerSideEncryption"] == "AES256"


def test_a_kms_key_without_kms_encryption_is_a_configuration_error(
    s3_client: S3Client, bucket: str
) -> None:
    with pytest.raises(ConfigurationError, match="FORESIGHT_S3_SERVER_SIDE_ENCRYPTION"):
        make_s3_storage(s3_client, bucket, kms_key_id="alias/foresight")


@pytest.mark.parametrize("prefix", ["../up", "a//b", "./x", "a/b?c"])
def test_an_unsafe_prefix_is_a_configuration_error(
    s3_client: S3Client, bucket: str, prefix: str
) -> None:
    with pytest.raises(ConfigurationError, match="FORESIGHT_S3_KEY_PREFIX"):
        make_s3_storage(s3_client, bucket, key_prefix=prefix)


async def test_the_key_prefix_is_the_buckets_business_only(
    s3_client: S3Client, bucket: str
) -> None:
    # given a storage under the prefix "shops/eu"
    storage = make_s3_storage(s3_client, bucket, key_prefix="/shops/eu/")
    key = photo_key()

    # when a browser uploads with a ticket
    ticket = await storage.create_upload_ticket(key, content_type="image/jpeg")
    async with httpx.AsyncClient(trust_env=False) as http:
        assert (await post_ticket(http, ticket, JPEG)).status_code == 204

    # then the bucket holds it under the prefix, and the storage finds it by its key
    assert ticket.key == key
    assert ticket.fields["key"] == f"shops/eu/{key}"
    assert s3_client.head_object(Bucket=bucket, Key=f"shops/eu/{key}")["ContentLength"] == len(JPEG)
    assert (await storage.head(key)).size == len(JPEG)


async def test_a_download_url_expires_when_asked_and_fetches_the_bytes(
    s3_storage: S3Storage,
) -> None:
    # given a stored photo
    key = photo_key()
    await s3_storage.put(key, JPEG, content_type="image/jpeg")

    # when a 90-second URL is made
    url = await s3_storage.download_url(key, expires_in=90)

    # then it is a SigV4 URL that says so, and it fetches the photo
    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Expires"] == ["90"]
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    async with httpx.AsyncClient(trust_env=False) as http:
        response = await http.get(url)
    assert response.status_code == 200
    assert response.content == JPEG


async def test_put_on_an_object_lock_bucket_retains_the_object(
    s3_client: S3Client, locked_bucket: str
) -> None:
    # given a storage that keeps evidence for one day
    storage = make_s3_storage(s3_client, locked_bucket, object_lock_days=1)
    await storage.check()
    key = photo_key()

    # when it puts an object
    info = await storage.put(key, JPEG, content_type="image/jpeg")

    # then the object is locked in COMPLIANCE mode until then
    assert storage.supports_retention is True
    assert info.retain_until is not None
    head = s3_client.head_object(Bucket=locked_bucket, Key=key)
    assert head["ObjectLockMode"] == "COMPLIANCE"
    assert abs(head["ObjectLockRetainUntilDate"] - info.retain_until) < timedelta(seconds=2)
    assert info.retain_until - datetime.now(UTC) > timedelta(hours=23)
    # and neither the storage nor anyone with the bucket's keys can delete that version
    with pytest.raises(StorageError, match="retention"):
        await storage.delete(key)
    with pytest.raises(ClientError, match="AccessDenied"):
        s3_client.delete_object(Bucket=locked_bucket, Key=key, VersionId=head["VersionId"])
    # and a second put is refused
    with pytest.raises(ObjectExists):
        await storage.put(key, b"other", content_type="image/jpeg")


async def test_put_stream_carries_encryption_and_retention_as_put_does(
    s3_client: S3Client, locked_bucket: str
) -> None:
    # given a storage that encrypts and keeps evidence for one day
    storage = make_s3_storage(
        s3_client, locked_bucket, object_lock_days=1, server_side_encryption="AES256"
    )
    key = photo_key()

    # when it streams an object
    info = await storage.put_stream(key, stream([b"PK", b"zip"]), content_type="application/zip")

    # then the object is encrypted and locked in COMPLIANCE mode until the date it names
    assert info.retain_until is not None
    head = s3_client.head_object(Bucket=locked_bucket, Key=key)
    assert head["ServerSideEncryption"] == "AES256"
    assert head["ObjectLockMode"] == "COMPLIANCE"
    assert abs(head["ObjectLockRetainUntilDate"] - info.retain_until) < timedelta(seconds=2)
    with pytest.raises(StorageError, match="retention"):
        await storage.delete(key)


async def test_a_stream_whose_retention_fails_is_not_left_unlocked(
    s3_client: S3Client, locked_bucket: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a storage that keeps evidence, and S3 failing as the finished stream is locked
    storage = make_s3_storage(s3_client, locked_bucket, object_lock_days=1)
    key = photo_key()

    async def unavailable(key: str) -> None:
        raise StorageUnavailable("PutObjectRetention timed out")

    monkeypatch.setattr(storage, "retain", unavailable)

    # when it streams an object
    with pytest.raises(StorageUnavailable):
        await storage.put_stream(key, stream([b"zip"]), content_type="application/zip")

    # then the object (which this server did not lock at creation) is gone again
    versions = s3_client.list_object_versions(Bucket=locked_bucket, Prefix=key)
    assert versions.get("Versions", []) == []
    assert s3_client.list_multipart_uploads(Bucket=locked_bucket).get("Uploads", []) == []


async def test_an_accepted_upload_is_retained_and_a_rejected_one_can_go(
    s3_client: S3Client, locked_bucket: str
) -> None:
    # given two browser uploads to an Object Lock bucket
    storage = make_s3_storage(s3_client, locked_bucket, object_lock_days=1)
    accepted, rejected = photo_key(), photo_key()
    async with httpx.AsyncClient(trust_env=False) as http:
        for key in (accepted, rejected):
            ticket = await storage.create_upload_ticket(key, content_type="image/jpeg")
            assert (await post_ticket(http, ticket, JPEG)).status_code == 204

    # when the server accepts one and rejects the other
    retain_until = await storage.retain(accepted)
    await storage.delete(rejected)

    # then the accepted one is locked and the rejected one is gone, all its versions
    assert retain_until is not None
    assert (await storage.head(accepted)).retain_until is not None
    versions = s3_client.list_object_versions(Bucket=locked_bucket, Prefix=rejected)
    assert versions.get("Versions", []) == []


async def test_object_lock_days_on_a_bucket_without_object_lock_fail_at_start_up(
    s3_client: S3Client, bucket: str
) -> None:
    storage = make_s3_storage(s3_client, bucket, object_lock_days=30)

    with pytest.raises(ConfigurationError, match="Object Lock"):
        await storage.check()


async def test_a_missing_bucket_fails_at_start_up(s3_client: S3Client) -> None:
    storage = make_s3_storage(s3_client, "foresight-no-such-bucket")

    with pytest.raises(StorageError, match="does not exist"):
        await storage.check()


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def test_an_unreachable_endpoint_is_storage_unavailable_quickly(
    aws_env: None, closed_port: int
) -> None:
    # given a storage whose endpoint nothing listens on, with short timeouts and one retry
    client = connect_s3(
        region="us-east-1",
        endpoint_url=f"http://127.0.0.1:{closed_port}",
        addressing_style="path",
        connect_timeout=0.5,
        read_timeout=0.5,
        max_attempts=2,
    )
    storage = make_s3_storage(client, "foresight-unreachable")
    started = time.monotonic()

    # then every call fails fast with a message that names no secret
    calls: list[Callable[[], Awaitable[object]]] = [
        storage.check,
        lambda: storage.head(photo_key()),
        lambda: storage.read(photo_key(), max_bytes=LIMIT),
        lambda: storage.put(photo_key(), JPEG, content_type="image/jpeg"),
    ]
    for call in calls:
        with pytest.raises(StorageUnavailable, match="could not be reached") as caught:
            await call()
        assert "testing" not in str(caught.value)
    assert time.monotonic() - started < 10
    await storage.close()
