"""The boto3 boundary: building the S3 client, and running its calls off the event loop.

boto3 blocks, so ``run`` hands every call to a worker thread (``anyio.to_thread``)
and turns what botocore raises into ``StorageError``s: no connection, timeouts
and 5xx answers (after botocore's own retries, bounded by ``connect_s3``'s
timeouts and attempts) are ``StorageUnavailable``. Messages name the operation,
the bucket and S3's error code, never credentials or request details.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, TypeVar

import anyio.to_thread
import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    HTTPClientError,
    NoCredentialsError,
    PartialCredentialsError,
)
from botocore.exceptions import ConnectionError as BotoConnectionError

from .errors import ObjectExists, ObjectNotFound, StorageError, StorageUnavailable

if TYPE_CHECKING:
    from types_boto3_s3.client import S3Client

T = TypeVar("T")

DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 30.0
DEFAULT_MAX_ATTEMPTS = 3
NOT_FOUND = frozenset({"404", "NoSuchKey", "NotFound"})
TAKEN = frozenset({"PreconditionFailed", "412", "ConditionalRequestConflict"})
BUSY = frozenset({"SlowDown", "ServiceUnavailable", "InternalError", "RequestTimeout", "503"})


def connect_s3(
    *,
    region: str | None = None,
    endpoint_url: str | None = None,
    addressing_style: Literal["auto", "path", "virtual"] = "auto",
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    read_timeout: float = DEFAULT_READ_TIMEOUT,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
) -> S3Client:
    """A boto3 S3 client; credentials come from boto3's usual chain (env, profile, role).

    SigV4 throughout (presigned POSTs too: newer regions, SSE-KMS and MinIO need it);
    ``max_attempts`` counts the first try, in botocore's "standard" retry mode.
    """
    config = Config(
        region_name=region,
        signature_version="s3v4",
        s3={"addressing_style": addressing_style},
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        retries={"mode": "standard", "total_max_attempts": max_attempts},
    )
    return boto3.session.Session().client("s3", endpoint_url=endpoint_url, config=config)


async def run(bucket: str, operation: str, key: str | None, call: Callable[[], T]) -> T:
    """Run a blocking boto3 call in a worker thread; failures as ``StorageError``s."""
    try:
        return await anyio.to_thread.run_sync(call)
    except ClientError as exc:
        raise refusal(bucket, operation, key, exc) from exc
    except (BotoConnectionError, HTTPClientError) as exc:
        raise StorageUnavailable(
            f"S3 {operation} on bucket {bucket!r}: the endpoint could not be reached "
            f"or did not answer in time ({type(exc).__name__})"
        ) from exc
    except (NoCredentialsError, PartialCredentialsError) as exc:
        raise StorageError(
            "no usable S3 credentials: set them through boto3's usual chain "
            "(AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile or an instance role)"
        ) from exc
    except BotoCoreError as exc:
        raise StorageError(f"S3 {operation} failed ({type(exc).__name__})") from exc


def refusal(bucket: str, operation: str, key: str | None, exc: ClientError) -> StorageError:
    """The ``StorageError`` for an error S3 answered."""
    code = str(exc.response.get("Error", {}).get("Code", ""))
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
    if code in NOT_FOUND:
        if key is not None:
            return ObjectNotFound(key)
        return StorageError(f"bucket {bucket!r} does not exist")
    if key is not None and (code in TAKEN or status == 412):
        return ObjectExists(key)
    if status >= 500 or code in BUSY:
        return StorageUnavailable(
            f"S3 {operation} on bucket {bucket!r} failed: {code or status}, after retries"
        )
    if code == "NoSuchBucket":
        return StorageError(f"bucket {bucket!r} does not exist")
    if code == "AccessDenied" and operation == "DeleteObject":
        return StorageError(f"S3 refused to delete {key!r}: it may be under retention")
    return StorageError(f"S3 {operation} on bucket {bucket!r} was refused: {code}")
