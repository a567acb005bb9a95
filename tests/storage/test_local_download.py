"""The local download endpoint serves an object only for a signed, unexpired link."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from saleor_foresight.storage import LocalStorage
from tests.storage.support import JPEG, FakeClock, photo_key


@pytest.fixture
async def key(local_storage: LocalStorage) -> str:
    key = photo_key()
    await local_storage.put(key, JPEG, content_type="image/jpeg")
    return key


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {name: values[0] for name, values in parse_qs(parts.query).items()}
    return f"{parts.path}?{urlencode({**query, **changes})}"


async def test_a_link_serves_the_bytes_inline_and_safely(
    local_client: httpx.AsyncClient, local_storage: LocalStorage, key: str
) -> None:
    # when a browser follows a fresh link
    url = await local_storage.download_url(key)
    response = await local_client.get(url)

    # then it gets the photo, shown inline, never run as a page of Foresight's origin
    assert response.status_code == 200
    assert response.content == JPEG
    assert response.headers["content-disposition"] == "inline"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in response.headers["content-security-policy"]


async def test_an_expired_link_is_refused(
    local_client: httpx.AsyncClient, local_storage: LocalStorage, key: str, clock: FakeClock
) -> None:
    # given a link valid for 30 seconds, 30 seconds ago
    url = await local_storage.download_url(key, expires_in=30)
    clock.advance(30)

    # when it is followed
    response = await local_client.get(url)

    # then it is refused
    assert response.status_code == 403
    assert "expired" in response.text


@pytest.mark.parametrize(
    "changes",
    [
        {"expires": "99999999999"},
        {"filename": "other.html"},
        {"signature": "A" * 43},
        {"key": photo_key()},
    ],
    ids=["later expiry", "other file name", "forged signature", "other key"],
)
async def test_a_forged_link_is_refused(
    local_client: httpx.AsyncClient, local_storage: LocalStorage, key: str, changes: dict[str, str]
) -> None:
    # given a valid link with one parameter changed
    url = with_query(await local_storage.download_url(key, filename="parcel.jpg"), **changes)

    # when it is followed
    response = await local_client.get(url)

    # then it is refused
    assert response.status_code == 403
    assert "AccessDenied" in response.text


async def test_an_incomplete_link_is_refused(local_client: httpx.AsyncClient, key: str) -> None:
    response = await local_client.get(f"/storage/download?key={key}")

    assert response.status_code == 403


async def test_a_link_to_a_deleted_object_answers_404(
    local_client: httpx.AsyncClient, local_storage: LocalStorage, key: str
) -> None:
    url = await local_storage.download_url(key)
    await local_storage.delete(key)

    response = await local_client.get(url)

    assert response.status_code == 404
    assert "NoSuchKey" in response.text


async def test_a_link_signed_with_another_key_is_refused(
    local_client: httpx.AsyncClient, local_storage: LocalStorage, key: str
) -> None:
    # given a storage with another signing key over the same folder
    other = LocalStorage(
        local_storage.root,
        base_url="https://foresight.test",
        signing_key=b"another signing key, also at least 32 bytes",
        upload_max_bytes=1024,
        ticket_ttl=60,
        download_ttl=60,
    )

    # when its link is followed at this storage
    response = await local_client.get(await other.download_url(key))

    # then the signature does not verify
    assert response.status_code == 403
