"""Object storage in an S3 bucket (AWS, or MinIO, R2, Ceph through ``endpoint_url``).

Every boto3 call runs in a worker thread through ``s3_client.run``, which also
turns botocore's failures into ``StorageError``s (``StorageUnavailable`` for no
connection, timeouts and 5xx).

Write-once: ``put`` sends ``If-None-Match: *`` (S3 conditional writes; R2 and
current MinIO honour it too, other S3-compatible servers may ignore it), so a
taken key answers 412 and raises ``ObjectExists``. A browser's presigned POST
cannot carry that condition: a ticket replayed before it expires could replace
its own object. Tickets are short-lived, keys are fresh UUIDs, and on an Object
Lock bucket (always versioned) the first version stays.

Streams: ``put_stream`` is a multipart upload. Parts of ``PART_BYTES`` (S3 wants
at least 5 MiB but the last) are sent as they fill, so memory stays at about one
part whatever the object's size; ``CompleteMultipartUpload`` carries
``If-None-Match: *`` as ``put`` does. Any failure, a cancellation included, aborts
the multipart upload, so no parts are left behind (and billed). Retention is asked
for when the upload starts and applied again once it is complete (``retain``),
since not every S3-compatible server honours it on ``CreateMultipartUpload``.

Retention: with ``object_lock_days`` every ``put``, ``put_stream`` and ``retain``
locks the object in COMPLIANCE mode: nobody, not even the account's root user,
can delete or overwrite that version before the date. GOVERNANCE would let anyone
holding ``s3:BypassGovernanceRetention`` remove evidence, which is what a payment
provider or a court must be able to rule out. Uploads are not locked until the
server accepts them (``retain``): a presigned POST carries no lock fields, so
rejected and never-confirmed uploads can still be deleted (unless the bucket has
a default retention rule, which Foresight must not be given).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
from collections.abc import AsyncIterable, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import anyio
from botocore.exceptions import ClientError

from ..errors import ConfigurationError
from .base import (
    Clock,
    ObjectInfo,
    UploadTicket,
    check_content_type,
    check_limit,
    check_ttl,
    content_disposition,
    utcnow,
)
from .errors import ObjectTooLarge, StorageError
from .keys import check_prefix, object_name
from .s3_client import run

if TYPE_CHECKING:
    from types_boto3_s3.client import S3Client
    from types_boto3_s3.type_defs import (
        CompletedPartTypeDef,
        CreateMultipartUploadRequestTypeDef,
        HeadObjectOutputTypeDef,
        ObjectLockRetentionTypeDef,
        PutObjectRequestTypeDef,
    )

logger = logging.getLogger(__name__)

T = TypeVar("T")
LockMode = Literal["COMPLIANCE", "GOVERNANCE"]
PART_BYTES = 8 * 1024 * 1024


class S3Storage:
    def __init__(
        self,
        client: S3Client,
        bucket: str,
        *,
        upload_max_bytes: int,
        ticket_ttl: int,
        download_ttl: int,
        key_prefix: str = "",
        server_side_encryption: Literal["AES256", "aws:kms"] | None = None,
        kms_key_id: str | None = None,
        object_lock_days: int = 0,
        object_lock_mode: LockMode = "COMPLIANCE",
        clock: Clock = utcnow,
    ) -> None:
        if kms_key_id and server_side_encryption != "aws:kms":
            raise ConfigurationError(
                "FORESIGHT_S3_KMS_KEY_ID needs FORESIGHT_S3_SERVER_SIDE_ENCRYPTION=aws:kms"
            )
        try:
            self._prefix = check_prefix(key_prefix)
        except ValueError as exc:
            raise ConfigurationError(f"FORESIGHT_S3_KEY_PREFIX: {exc}") from None
        self._client, self._bucket = client, bucket
        self._upload_max_bytes = upload_max_bytes
        self._ticket_ttl, self._download_ttl = ticket_ttl, download_ttl
        self._lock_days, self._lock_mode = object_lock_days, object_lock_mode
        self._clock = clock
        self._sse_mode, self._kms_key_id = server_side_encryption, kms_key_id
        # the same encryption, as presigned-POST fields (each also a policy condition)
        self._sse: dict[str, str] = {}
        if server_side_encryption:
            self._sse["x-amz-server-side-encryption"] = server_side_encryption
        if kms_key_id:
            self._sse["x-amz-server-side-encryption-aws-kms-key-id"] = kms_key_id

    @property
    def supports_retention(self) -> bool:
        return self._lock_days > 0

    async def check(self) -> None:
        await self._call("HeadBucket", None, lambda: self._client.head_bucket(Bucket=self._bucket))
        if self._lock_days and not await self._call(
            "GetObjectLockConfiguration", None, self._locked
        ):
            raise ConfigurationError(
                f"FORESIGHT_S3_OBJECT_LOCK_DAYS is set, but bucket {self._bucket!r} has no "
                "Object Lock: create the bucket with Object Lock enabled, or set the days to 0"
            )

    async def create_upload_ticket(
        self,
        key: str,
        *,
        content_type: str,
        max_bytes: int | None = None,
        expires_in: int | None = None,
    ) -> UploadTicket:
        name = object_name(self._prefix, key)
        content_type = check_content_type(content_type)
        limit = check_limit(max_bytes, self._upload_max_bytes)
        ttl = check_ttl(expires_in, self._ticket_ttl)
        fields = {"Content-Type": content_type, **self._sse}
        conditions: list[Any] = [
            {"Content-Type": content_type},
            ["content-length-range", 1, limit],
            ["starts-with", "$success_action_status", ""],
            *({field: value} for field, value in self._sse.items()),
        ]
        expires_at = self._clock() + timedelta(seconds=ttl)
        post = await self._call(
            "PresignPost",
            key,
            lambda: self._client.generate_presigned_post(
                self._bucket, name, Fields=fields, Conditions=conditions, ExpiresIn=ttl
            ),
        )
        return UploadTicket(
            url=post["url"],
            fields=dict(post["fields"]),
            key=key,
            expires_at=expires_at,
            max_bytes=limit,
            content_type=content_type,
        )

    async def head(self, key: str) -> ObjectInfo:
        name = object_name(self._prefix, key)
        response = await self._call(
            "HeadObject",
            key,
            lambda: self._client.head_object(Bucket=self._bucket, Key=name, ChecksumMode="ENABLED"),
        )
        return _info(key, response)

    async def read(self, key: str, *, max_bytes: int) -> bytes:
        name = object_name(self._prefix, key)

        def read() -> bytes:
            response = self._client.get_object(Bucket=self._bucket, Key=name)
            body = response["Body"]
            try:
                if response.get("ContentLength", 0) > max_bytes:
                    raise ObjectTooLarge(key, max_bytes)
                data = body.read(max_bytes + 1)
            finally:
                body.close()
            if len(data) > max_bytes:
                raise ObjectTooLarge(key, max_bytes)
            return data

        return await self._call("GetObject", key, read)

    async def download_url(
        self, key: str, *, expires_in: int | None = None, filename: str | None = None
    ) -> str:
        params = {"Bucket": self._bucket, "Key": object_name(self._prefix, key)}
        if filename is not None:
            params["ResponseContentDisposition"] = content_disposition(filename)
        ttl = check_ttl(expires_in, self._download_ttl)
        return await self._call(
            "PresignGet",
            key,
            lambda: self._client.generate_presigned_url("get_object", Params=params, ExpiresIn=ttl),
        )

    async def put(self, key: str, data: bytes, *, content_type: str) -> ObjectInfo:
        content_type = check_content_type(content_type)
        request: PutObjectRequestTypeDef = {
            "Bucket": self._bucket,
            "Key": object_name(self._prefix, key),
            "Body": data,
            "ContentType": content_type,
            "IfNoneMatch": "*",
            "ChecksumAlgorithm": "SHA256",
        }
        if self._sse_mode:
            request["ServerSideEncryption"] = self._sse_mode
        if self._kms_key_id:
            request["SSEKMSKeyId"] = self._kms_key_id
        retain_until = self._retain_until()
        if retain_until is not None:
            request["ObjectLockMode"] = self._lock_mode
            request["ObjectLockRetainUntilDate"] = retain_until
        response = await self._call("PutObject", key, lambda: self._client.put_object(**request))
        sha256 = hashlib.sha256(data).hexdigest()
        etag = response.get("ETag")
        return ObjectInfo(key, len(data), content_type, etag, sha256, retain_until)

    async def put_stream(
        self, key: str, chunks: AsyncIterable[bytes], *, content_type: str
    ) -> ObjectInfo:
        content_type = check_content_type(content_type)
        name = object_name(self._prefix, key)
        request: CreateMultipartUploadRequestTypeDef = {
            "Bucket": self._bucket,
            "Key": name,
            "ContentType": content_type,
        }
        if self._sse_mode:
            request["ServerSideEncryption"] = self._sse_mode
        if self._kms_key_id:
            request["SSEKMSKeyId"] = self._kms_key_id
        retain_until = self._retain_until()
        if retain_until is not None:
            request["ObjectLockMode"] = self._lock_mode
            request["ObjectLockRetainUntilDate"] = retain_until
        created = await self._call(
            "CreateMultipartUpload", key, lambda: self._client.create_multipart_upload(**request)
        )
        upload_id = created["UploadId"]
        try:
            parts: list[CompletedPartTypeDef] = []
            buffer, digest, size = bytearray(), hashlib.sha256(), 0
            async for chunk in chunks:
                digest.update(chunk)
                size += len(chunk)
                buffer += chunk
                if len(buffer) >= PART_BYTES:
                    body, buffer = bytes(buffer), bytearray()
                    parts.append(await self._upload_part(key, upload_id, len(parts) + 1, body))
            if buffer or not parts:  # the last part may be short, or empty for an empty object
                parts.append(await self._upload_part(key, upload_id, len(parts) + 1, bytes(buffer)))
            response = await self._call(
                "CompleteMultipartUpload",
                key,
                lambda: self._client.complete_multipart_upload(
                    Bucket=self._bucket,
                    Key=name,
                    UploadId=upload_id,
                    MultipartUpload={"Parts": parts},
                    IfNoneMatch="*",
                ),
            )
        except BaseException:
            with anyio.CancelScope(shield=True):
                await self._abort_upload(key, upload_id)
            raise
        if retain_until is not None:
            retain_until = await self._retain_completed(key)
        return ObjectInfo(
            key, size, content_type, response.get("ETag"), digest.hexdigest(), retain_until
        )

    async def retain(self, key: str) -> datetime | None:
        name = object_name(self._prefix, key)
        retain_until = self._retain_until()
        if retain_until is None:
            return None
        retention: ObjectLockRetentionTypeDef = {
            "Mode": self._lock_mode,
            "RetainUntilDate": retain_until,
        }
        await self._call(
            "PutObjectRetention",
            key,
            lambda: self._client.put_object_retention(
                Bucket=self._bucket, Key=name, Retention=retention
            ),
        )
        return retain_until

    async def delete(self, key: str) -> None:
        name = object_name(self._prefix, key)

        def delete() -> None:
            # on a versioned bucket, remove the version itself, not just hide it
            version = self._client.head_object(Bucket=self._bucket, Key=name).get("VersionId")
            if version and version != "null":
                self._client.delete_object(Bucket=self._bucket, Key=name, VersionId=version)
            else:
                self._client.delete_object(Bucket=self._bucket, Key=name)

        await self._call("DeleteObject", key, delete)

    async def close(self) -> None:
        self._client.close()

    async def _call(self, operation: str, key: str | None, call: Callable[[], T]) -> T:
        return await run(self._bucket, operation, key, call)

    async def _upload_part(
        self, key: str, upload_id: str, number: int, body: bytes
    ) -> CompletedPartTypeDef:
        name = object_name(self._prefix, key)
        response = await self._call(
            "UploadPart",
            key,
            lambda: self._client.upload_part(
                Bucket=self._bucket, Key=name, UploadId=upload_id, PartNumber=number, Body=body
            ),
        )
        return {"ETag": response["ETag"], "PartNumber": number}

    async def _retain_completed(self, key: str) -> datetime | None:
        """Retention for a completed multipart object, asked for at creation already; some
        S3-compatible servers (moto among them) ignore it there. If it cannot be applied, the
        object is deleted again (refused if it was locked at creation) and the error raised."""
        try:
            return await self.retain(key)
        except BaseException:
            with anyio.CancelScope(shield=True):
                try:
                    await self.delete(key)
                except StorageError as exc:
                    logger.warning("%s stays after its retention failed: %s", key, exc)
            raise

    async def _abort_upload(self, key: str, upload_id: str) -> None:
        """Drop a multipart upload's parts; a failure is logged, the caller's error stands."""
        name = object_name(self._prefix, key)
        try:
            await self._call(
                "AbortMultipartUpload",
                key,
                lambda: self._client.abort_multipart_upload(
                    Bucket=self._bucket, Key=name, UploadId=upload_id
                ),
            )
        except StorageError as exc:
            logger.warning("multipart upload to %s left open, abort failed: %s", key, exc)

    def _retain_until(self) -> datetime | None:
        if not self._lock_days:
            return None
        return self._clock() + timedelta(days=self._lock_days)

    def _locked(self) -> bool:
        try:
            response = self._client.get_object_lock_configuration(Bucket=self._bucket)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "ObjectLockConfigurationNotFoundError":
                return False
            raise
        return response.get("ObjectLockConfiguration", {}).get("ObjectLockEnabled") == "Enabled"


def _info(key: str, response: HeadObjectOutputTypeDef) -> ObjectInfo:
    sha256 = None
    checksum = response.get("ChecksumSHA256")
    # a multipart upload's checksum covers the parts ("…-3"), not the object
    if checksum and response.get("ChecksumType") != "COMPOSITE" and "-" not in checksum:
        try:
            sha256 = base64.b64decode(checksum, validate=True).hex()
        except binascii.Error:
            sha256 = None
    return ObjectInfo(
        key=key,
        size=response.get("ContentLength", 0),
        content_type=response.get("ContentType") or "application/octet-stream",
        etag=response.get("ETag"),
        sha256=sha256,
        retain_until=response.get("ObjectLockRetainUntilDate"),
    )
