"""Object storage behind one interface: S3 (boto3) or files under the media folder.

``build_storage(settings)`` picks the backend: S3 when ``FORESIGHT_S3_BUCKET``
is set (or ``FORESIGHT_STORAGE=s3``), else the local media folder, whose
upload and download routes (``storage.http.ROUTES``) Foresight serves itself.
"""

from __future__ import annotations

from ..errors import ConfigurationError
from ..settings import Settings
from .base import ObjectInfo, Storage, UploadTicket
from .errors import (
    InvalidKey,
    InvalidTicket,
    ObjectExists,
    ObjectNotFound,
    ObjectTooLarge,
    StorageError,
    StorageUnavailable,
)
from .keys import check_key, installation_of, new_key
from .local import LocalStorage
from .s3 import S3Storage
from .s3_client import connect_s3


def build_storage(settings: Settings) -> Storage:
    """The configured storage; call ``await storage.check()`` at start-up."""
    if settings.storage_backend == "s3":
        if not settings.s3_bucket:
            raise ConfigurationError("FORESIGHT_S3_BUCKET: required when FORESIGHT_STORAGE is s3")
        return S3Storage(
            connect_s3(
                region=settings.s3_region,
                endpoint_url=settings.s3_endpoint_url,
                addressing_style=settings.s3_addressing_style,
            ),
            settings.s3_bucket,
            upload_max_bytes=settings.upload_max_bytes,
            ticket_ttl=settings.upload_ticket_ttl,
            download_ttl=settings.download_url_ttl,
            key_prefix=settings.s3_key_prefix,
            server_side_encryption=settings.s3_server_side_encryption,
            kms_key_id=settings.s3_kms_key_id,
            object_lock_days=settings.s3_object_lock_days,
        )
    return LocalStorage(
        settings.media_root,
        base_url=settings.base_url,
        signing_key=settings.signing_key,
        upload_max_bytes=settings.upload_max_bytes,
        ticket_ttl=settings.upload_ticket_ttl,
        download_ttl=settings.download_url_ttl,
    )


__all__ = [
    "InvalidKey",
    "InvalidTicket",
    "LocalStorage",
    "ObjectExists",
    "ObjectInfo",
    "ObjectNotFound",
    "ObjectTooLarge",
    "S3Storage",
    "Storage",
    "StorageError",
    "StorageUnavailable",
    "UploadTicket",
    "build_storage",
    "check_key",
    "connect_s3",
    "installation_of",
    "new_key",
]
