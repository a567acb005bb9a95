"""Writing a pack into storage as it streams, never holding the whole ZIP.

The storage interface (``storage.base.Storage``) writes objects from bytes (``put``), which
would hold a pack of a hundred photos in memory. A pack is written through a ``Sink``
instead, still write-once:

- ``LocalStorage``: its own incoming-file writer (``open_upload``), which streams into
  ``.incoming/`` and publishes the finished file under its key with ``os.link`` (fails if
  the key exists) — the same path browser uploads take.
- ``S3Storage``: an S3 multipart upload. Parts of ``PART_BYTES`` (8 MiB; S3 wants at least
  5 MiB but the last) are sent as they fill, so memory stays at about one part whatever the
  pack's size; ``CompleteMultipartUpload`` carries ``If-None-Match: *``, so a taken key is
  refused (``ObjectExists``) as ``put`` refuses it, and the upload carries the bucket's
  encryption and Object Lock retention like every other evidence object (asked for when the
  upload starts, and applied again with ``retain`` once it is complete). A failure aborts
  the multipart upload, so no parts are left billed.

The S3 sink reads the backend's client, bucket, prefix and settings from the ``S3Storage``
it is given; that belongs in ``storage/s3.py`` as a ``put_stream`` method of the interface,
and this module should then only call it.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, Protocol

from ..storage import LocalStorage, ObjectInfo, S3Storage, Storage, StorageError
from ..storage.keys import object_name
from ..storage.s3_client import run

if TYPE_CHECKING:
    from types_boto3_s3.type_defs import CompletedPartTypeDef

PART_BYTES = 8 * 1024 * 1024


class Sink(Protocol):
    async def write(self, chunk: bytes) -> None: ...

    async def commit(self) -> ObjectInfo: ...

    async def abort(self) -> None:
        """Drop what was written; harmless after a commit."""
        ...


async def open_sink(storage: Storage, key: str, content_type: str) -> Sink:
    """A write-once sink for a new object under ``key``."""
    if isinstance(storage, LocalStorage):
        return await storage.open_upload(key, content_type)
    if isinstance(storage, S3Storage):
        return await MultipartSink.start(storage, key, content_type)
    raise StorageError(f"{type(storage).__name__} cannot take a streamed object")


class MultipartSink:
    def __init__(self, storage: S3Storage, key: str, content_type: str, upload_id: str) -> None:
        self._storage, self._key, self._content_type = storage, key, content_type
        self._upload_id = upload_id
        self._buffer = bytearray()
        self._parts: list[CompletedPartTypeDef] = []
        self._sha256 = hashlib.sha256()
        self._size = 0
        self._done = False

    @classmethod
    async def start(cls, storage: S3Storage, key: str, content_type: str) -> MultipartSink:
        request: dict[str, Any] = {
            "Bucket": storage._bucket,
            "Key": object_name(storage._prefix, key),
            "ContentType": content_type,
        }
        if storage._sse_mode:
            request["ServerSideEncryption"] = storage._sse_mode
        if storage._kms_key_id:
            request["SSEKMSKeyId"] = storage._kms_key_id
        retain_until = storage._retain_until()
        if retain_until is not None:
            request["ObjectLockMode"] = storage._lock_mode
            request["ObjectLockRetainUntilDate"] = retain_until
        client = storage._client
        response = await run(
            storage._bucket,
            "CreateMultipartUpload",
            key,
            lambda: client.create_multipart_upload(**request),
        )
        return cls(storage, key, content_type, response["UploadId"])

    async def write(self, chunk: bytes) -> None:
        self._sha256.update(chunk)
        self._size += len(chunk)
        self._buffer += chunk
        if len(self._buffer) >= PART_BYTES:
            await self._send_part()

    async def commit(self) -> ObjectInfo:
        if self._buffer or not self._parts:
            await self._send_part()
        storage, parts = self._storage, list(self._parts)
        response = await self._call(
            "CompleteMultipartUpload",
            lambda: storage._client.complete_multipart_upload(
                Bucket=storage._bucket,
                Key=object_name(storage._prefix, self._key),
                UploadId=self._upload_id,
                MultipartUpload={"Parts": parts},
                IfNoneMatch="*",
            ),
        )
        self._done = True
        # asked for at creation already; applied again through the interface, which every
        # S3-compatible server honours on a finished object
        retain_until = await storage.retain(self._key)
        return ObjectInfo(
            self._key,
            self._size,
            self._content_type,
            response.get("ETag"),
            self._sha256.hexdigest(),
            retain_until,
        )

    async def abort(self) -> None:
        if self._done:
            return
        self._done = True
        storage = self._storage
        await self._call(
            "AbortMultipartUpload",
            lambda: storage._client.abort_multipart_upload(
                Bucket=storage._bucket,
                Key=object_name(storage._prefix, self._key),
                UploadId=self._upload_id,
            ),
        )

    async def _send_part(self) -> None:
        body, number = bytes(self._buffer), len(self._parts) + 1
        self._buffer.clear()
        storage = self._storage
        response = await self._call(
            "UploadPart",
            lambda: storage._client.upload_part(
                Bucket=storage._bucket,
                Key=object_name(storage._prefix, self._key),
                UploadId=self._upload_id,
                PartNumber=number,
                Body=body,
            ),
        )
        self._parts.append({"ETag": response["ETag"], "PartNumber": number})

    async def _call(self, operation: str, call: Any) -> Any:
        return await run(self._storage._bucket, operation, self._key, call)
