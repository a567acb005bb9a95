"""The storage contract: every test runs against the local storage and against S3 (moto)."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from urllib.parse import parse_qs, urlsplit

import anyio
import anyio.lowlevel
import pytest

from saleor_foresight.storage import (
    InvalidKey,
    LocalStorage,
    ObjectExists,
    ObjectNotFound,
    ObjectTooLarge,
    Storage,
)
from saleor_foresight.storage.local import INCOMING
from saleor_foresight.storage.s3 import PART_BYTES
from tests.storage.support import JPEG, LIMIT, Backend, photo_key, post_ticket

MIB = 1024 * 1024


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


async def chunks_of(
    parts: Iterable[bytes], *, then: BaseException | None = None
) -> AsyncIterator[bytes]:
    """What a producer streams: ``parts``, one at a time, then (maybe) a failure."""
    for part in parts:
        await anyio.lowlevel.checkpoint()
        yield part
    if then is not None:
        raise then


def nothing_left(backend: Backend, request: pytest.FixtureRequest) -> None:
    """No partial upload stays behind: no open S3 multipart upload, no local temp file."""
    if isinstance(backend.storage, LocalStorage):
        assert list((backend.storage.root / INCOMING).iterdir()) == []
    else:
        s3_client, bucket = request.getfixturevalue("s3_client"), request.getfixturevalue("bucket")
        assert s3_client.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


async def test_put_stream_writes_one_object_from_many_chunks(
    backend: Backend, request: pytest.FixtureRequest
) -> None:
    # given 21 MiB in chunks of 3 MiB: three parts of a multipart upload on S3
    key = photo_key()
    chunks = [bytes([n]) * (3 * MIB) for n in range(7)]
    whole = b"".join(chunks)
    assert len(whole) > 2 * PART_BYTES

    # when they are streamed into the storage
    info = await backend.storage.put_stream(key, chunks_of(chunks), content_type="application/zip")

    # then one object holds them all, and the storage says what it wrote
    assert (info.key, info.size) == (key, len(whole))
    assert info.sha256 == hashlib.sha256(whole).hexdigest()
    assert info.retain_until is None
    assert await backend.storage.read(key, max_bytes=len(whole)) == whole
    head = await backend.storage.head(key)
    assert (head.size, head.content_type) == (len(whole), "application/zip")
    if backend.name == "s3":
        assert (info.etag or "").endswith('-3"')  # S3's ETag of a three-part upload
    nothing_left(backend, request)


async def test_put_stream_of_nothing_is_an_empty_object(backend: Backend) -> None:
    key = photo_key()

    info = await backend.storage.put_stream(key, chunks_of([]), content_type="text/plain")

    assert info.size == 0 and info.sha256 == hashlib.sha256(b"").hexdigest()
    assert await backend.storage.read(key, max_bytes=1) == b""


async def test_put_stream_never_overwrites(
    backend: Backend, request: pytest.FixtureRequest
) -> None:
    # given an object
    key = photo_key()
    await backend.storage.put(key, JPEG, content_type="image/jpeg")

    # when a stream is written to the same key
    with pytest.raises(ObjectExists):
        await backend.storage.put_stream(key, chunks_of([b"other"]), content_type="image/jpeg")

    # then the first object is unchanged, and the refused stream left nothing behind
    assert await backend.storage.read(key, max_bytes=LIMIT) == JPEG
    nothing_left(backend, request)


async def test_a_stream_failing_half_way_leaves_nothing(
    backend: Backend, request: pytest.FixtureRequest
) -> None:
    # given a producer that fails after more than a part's worth of bytes
    key = photo_key()
    chunks = chunks_of([bytes(3 * MIB)] * 4, then=RuntimeError("the ZIP writer broke"))

    # when it is streamed into the storage
    with pytest.raises(RuntimeError, match="the ZIP writer broke"):
        await backend.storage.put_stream(key, chunks, content_type="application/zip")

    # then the producer's error is raised, and nothing is left at the key or on the way
    with pytest.raises(ObjectNotFound):
        await backend.storage.head(key)
    nothing_left(backend, request)


async def test_a_stream_cancelled_half_way_leaves_nothing(
    backend: Backend, request: pytest.FixtureRequest
) -> None:
    # given a producer that stalls after more than a part's worth of bytes
    key = photo_key()
    stalled = anyio.Event()

    async def producer() -> AsyncIterator[bytes]:
        for _ in range(4):
            yield bytes(3 * MIB)
        stalled.set()
        await anyio.sleep_forever()
        yield b"never"

    async def write() -> None:
        await backend.storage.put_stream(key, producer(), content_type="application/zip")

    # when the write is cancelled while it waits
    async with anyio.create_task_group() as tasks:
        tasks.start_soon(write)
        await stalled.wait()
        tasks.cancel_scope.cancel()

    # then nothing is left at the key or on the way
    with pytest.raises(ObjectNotFound):
        await backend.storage.head(key)
    nothing_left(backend, request)


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
    "put_stream": lambda s, k: s.put_stream(k, chunks_of([JPEG]), content_type="image/jpeg"),
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
