"""The storage contract: every test runs against the local storage and against S3 (moto)."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qs, urlsplit

import pytest

from saleor_foresight.storage import (
    InvalidKey,
    ObjectExists,
    ObjectNotFound,
    ObjectTooLarge,
    Storage,
)
from tests.storage.support import JPEG, LIMIT, Backend, photo_key, post_ticket


async def test_a_browser_uploads_with_a_ticket_and_the_server_reads_it_back(
    backend: Backend,
) -> None:
    # given a ticket for one photo
    key = photo_key()
    ticket = await backend.storage.create_upload_ticket(key, content_type="image/jpeg")
    assert ticket.key == key
    assert ticket.max_bytes == LIMIT
    assert ticket.content_type == "image/jpeg"

    # when the browser posts the form and the file
    response = await post_ticket(backend.http, ticket, JPEG)

    # then the storage answers as S3 does and holds exactly those bytes
    assert response.status_code == 204
    info = await backend.storage.head(key)
    assert info.size == len(JPEG)
    assert info.content_type == "image/jpeg"
    assert await backend.storage.read(key, max_bytes=LIMIT) == JPEG


async def test_a_ticket_can_ask_for_less_than_the_configured_limit(backend: Backend) -> None:
    # when a ticket is made for at most 1 KiB, and another for more than the storage takes
    ticket = await backend.storage.create_upload_ticket(
        photo_key(), content_type="image/png", max_bytes=1024, expires_in=60
    )
    with pytest.raises(ValueError, match="max_bytes"):
        await backend.storage.create_upload_ticket(
            photo_key(), content_type="image/png", max_bytes=LIMIT + 1
        )

    # then the first says so
    assert ticket.max_bytes == 1024
    assert ticket.content_type == "image/png"


async def test_a_content_type_with_parameters_or_line_breaks_is_refused(backend: Backend) -> None:
    for content_type in ("image/jpeg; charset=x", "image/jpeg\r\nX-Evil: 1", "jpeg"):
        with pytest.raises(ValueError, match="media type"):
            await backend.storage.create_upload_ticket(photo_key(), content_type=content_type)


async def test_head_of_a_missing_object_raises_object_not_found(backend: Backend) -> None:
    # given a key nothing was written to
    key = photo_key()

    # then head, read and delete say so with a typed error
    with pytest.raises(ObjectNotFound):
        await backend.storage.head(key)
    with pytest.raises(ObjectNotFound):
        await backend.storage.read(key, max_bytes=LIMIT)
    with pytest.raises(ObjectNotFound):
        await backend.storage.delete(key)


async def test_put_writes_once_and_never_overwrites(backend: Backend) -> None:
    # given an object written by the server
    key = photo_key()
    info = await backend.storage.put(key, JPEG, content_type="image/jpeg")
    assert info.size == len(JPEG)
    assert info.sha256 == hashlib.sha256(JPEG).hexdigest()

    # when something tries to write the same key again
    with pytest.raises(ObjectExists):
        await backend.storage.put(key, b"something else", content_type="image/jpeg")

    # then the first object is still there, unchanged, with its digest
    assert await backend.storage.read(key, max_bytes=LIMIT) == JPEG
    head = await backend.storage.head(key)
    assert head.sha256 == hashlib.sha256(JPEG).hexdigest()
    assert head.content_type == "image/jpeg"


async def test_read_refuses_an_object_bigger_than_the_caller_allows(backend: Backend) -> None:
    # given a 100-byte object
    key = photo_key()
    await backend.storage.put(key, bytes(100), content_type="application/octet-stream")

    # then reading it with a 99-byte limit is refused, and with 100 bytes works
    with pytest.raises(ObjectTooLarge):
        await backend.storage.read(key, max_bytes=99)
    assert await backend.storage.read(key, max_bytes=100) == bytes(100)


async def test_a_download_url_serves_the_object_as_a_named_attachment(backend: Backend) -> None:
    # given a stored photo
    key = photo_key()
    await backend.storage.put(key, JPEG, content_type="image/jpeg")

    # when a browser follows a download URL with a file name
    url = await backend.storage.download_url(key, expires_in=60, filename="Paket Nr. 1 ü.jpg")
    response = await backend.http.get(url)

    # then it gets the bytes, as an attachment with the name
    assert response.status_code == 200
    assert response.content == JPEG
    assert response.headers["content-type"].startswith("image/jpeg")
    if backend.name == "s3":  # moto ignores response-* overrides in the URL; S3 applies them
        disposition = parse_qs(urlsplit(url).query)["response-content-disposition"][0]
    else:
        disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''Paket%20Nr.%201%20%C3%BC.jpg" in disposition


async def test_a_rejected_upload_is_deleted(backend: Backend) -> None:
    # given an upload the server rejects
    key = photo_key()
    ticket = await backend.storage.create_upload_ticket(key, content_type="image/jpeg")
    await post_ticket(backend.http, ticket, b"not a jpeg")

    # when the server deletes it
    await backend.storage.delete(key)

    # then it is gone
    with pytest.raises(ObjectNotFound):
        await backend.storage.head(key)


async def test_without_object_lock_nothing_claims_retention(backend: Backend) -> None:
    key = photo_key()
    info = await backend.storage.put(key, JPEG, content_type="image/jpeg")

    assert backend.storage.supports_retention is False
    assert info.retain_until is None
    assert await backend.storage.retain(key) is None


BAD_KEYS = [
    "",
    "../etc/passwd",
    "/4b0c2a6e-8f1d-4c3b-9a57-0e6d2f1c33e1/dispatch-photo/0b5e4a4e-2a4b-4f6c-8d1e-3f2a1b0c9d8e",
    "4b0c2a6e-8f1d-4c3b-9a57-0e6d2f1c33e1/dispatch-photo/../../other",
    "4b0c2a6e-8f1d-4c3b-9a57-0e6d2f1c33e1/../0b5e4a4e-2a4b-4f6c-8d1e-3f2a1b0c9d8e",
    "4b0c2a6e-8f1d-4c3b-9a57-0e6d2f1c33e1/dispatch-photo/0b5e4a4e-2a4b-4f6c-8d1e-3f2a1b0c9d8e/x",
    "4B0C2A6E-8F1D-4C3B-9A57-0E6D2F1C33E1/dispatch-photo/0b5e4a4e-2a4b-4f6c-8d1e-3f2a1b0c9d8e",
    "4b0c2a6e-8f1d-4c3b-9a57-0e6d2f1c33e1\\dispatch-photo\\0b5e4a4e-2a4b-4f6c-8d1e-3f2a1b0c9d8e",
    "4b0c2a6e-8f1d-4c3b-9a57-0e6d2f1c33e1/dispatch-photo/0b5e4a4e-2a4b-4f6c-8d1e-3f2a1b0c9d8e\n",
    "photos/parcel.jpg",
]

OPERATIONS: dict[str, Callable[[Storage, str], Awaitable[object]]] = {
    "ticket": lambda s, k: s.create_upload_ticket(k, content_type="image/jpeg"),
    "head": lambda s, k: s.head(k),
    "read": lambda s, k: s.read(k, max_bytes=LIMIT),
    "download_url": lambda s, k: s.download_url(k),
    "put": lambda s, k: s.put(k, JPEG, content_type="image/jpeg"),
    "retain": lambda s, k: s.retain(k),
    "delete": lambda s, k: s.delete(k),
}


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
async def test_every_operation_refuses_keys_of_another_shape(
    backend: Backend, operation: str
) -> None:
    for key in BAD_KEYS:
        with pytest.raises(InvalidKey):
            await OPERATIONS[operation](backend.storage, key)
