"""Streaming a pack into S3 (moto's server): a multipart upload, write-once, aborted on failure."""

from __future__ import annotations

import hashlib
import uuid
from typing import TYPE_CHECKING

import pytest

from saleor_foresight.evidence.sink import PART_BYTES, open_sink
from saleor_foresight.storage import ObjectExists, ObjectNotFound, new_key
from tests.factories import T0
from tests.storage.conftest import make_s3_storage

if TYPE_CHECKING:
    from types_boto3_s3.client import S3Client

INSTALLATION = uuid.UUID(int=7)


async def test_a_stream_becomes_one_object_in_parts(s3_client: S3Client, bucket: str) -> None:
    storage = make_s3_storage(s3_client, bucket)
    key = new_key(INSTALLATION, "evidence-pack")
    chunks = [bytes([n]) * (3 * 1024 * 1024) for n in range(7)]  # 21 MiB: three parts

    sink = await open_sink(storage, key, "application/zip")
    for chunk in chunks:
        await sink.write(chunk)
    info = await sink.commit()

    whole = b"".join(chunks)
    assert info.size == len(whole) and info.sha256 == hashlib.sha256(whole).hexdigest()
    assert await storage.read(key, max_bytes=len(whole)) == whole
    assert (await storage.head(key)).content_type == "application/zip"
    assert len(whole) > 2 * PART_BYTES


async def test_a_taken_key_is_refused_and_a_failure_leaves_nothing(
    s3_client: S3Client, bucket: str
) -> None:
    storage = make_s3_storage(s3_client, bucket)
    key = new_key(INSTALLATION, "evidence-pack")
    await storage.put(key, b"first", content_type="application/zip")

    sink = await open_sink(storage, key, "application/zip")
    await sink.write(b"second")
    with pytest.raises(ObjectExists):
        await sink.commit()
    await sink.abort()
    assert await storage.read(key, max_bytes=10) == b"first"

    other = new_key(INSTALLATION, "evidence-pack")
    sink = await open_sink(storage, other, "application/zip")
    await sink.write(b"half")
    await sink.abort()
    with pytest.raises(ObjectNotFound):
        await storage.head(other)
    assert s3_client.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


async def test_under_object_lock_the_pack_is_retained(
    s3_client: S3Client, locked_bucket: str
) -> None:
    storage = make_s3_storage(s3_client, locked_bucket, object_lock_days=540, clock=lambda: T0)
    key = new_key(INSTALLATION, "evidence-pack")

    sink = await open_sink(storage, key, "application/zip")
    await sink.write(b"zip")
    await sink.commit()

    assert (await storage.head(key)).retain_until is not None
