"""The local upload endpoint refuses every form its signed policy does not allow."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator

import httpx
import pytest

from saleor_foresight.storage import LocalStorage, ObjectNotFound, UploadTicket
from saleor_foresight.storage.local import INCOMING
from tests.storage.support import JPEG, FakeClock, photo_key, post_ticket


@pytest.fixture
async def ticket(local_storage: LocalStorage) -> UploadTicket:
    return await local_storage.create_upload_ticket(
        photo_key(), content_type="image/jpeg", max_bytes=1024, expires_in=60
    )


def error_code(response: httpx.Response) -> str:
    assert response.headers["content-type"].startswith("application/xml")
    return response.text.split("<Code>")[1].split("</Code>")[0]


async def assert_nothing_stored(storage: LocalStorage, key: str) -> None:
    with pytest.raises(ObjectNotFound):
        await storage.head(key)
    assert list((storage.root / INCOMING).iterdir()) == []


async def test_the_form_has_the_fields_of_an_s3_presigned_post(ticket: UploadTicket) -> None:
    # then the fields name the key and type, and the policy fixes them with the size range
    assert ticket.url == "https://foresight.test/storage/upload"
    assert set(ticket.fields) == {"key", "Content-Type", "policy", "x-foresight-signature"}
    policy = json.loads(base64.b64decode(ticket.fields["policy"]))
    assert policy["expiration"] == ticket.expires_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert {"key": ticket.key} in policy["conditions"]
    assert {"Content-Type": "image/jpeg"} in policy["conditions"]
    assert ["content-length-range", 1, 1024] in policy["conditions"]


async def test_an_oversize_file_is_refused_and_nothing_is_kept(
    local_client: httpx.AsyncClient, local_storage: LocalStorage, ticket: UploadTicket
) -> None:
    # when the file is one byte over the ticket's limit
    response = await post_ticket(local_client, ticket, b"x" * 1025)

    # then it is refused as S3 refuses it, and neither object nor partial file remains
    assert response.status_code == 400
    assert error_code(response) == "EntityTooLarge"
    await assert_nothing_stored(local_storage, ticket.key)


async def test_the_limit_holds_whatever_content_length_claims(
    local_client: httpx.AsyncClient, local_storage: LocalStorage, ticket: UploadTicket
) -> None:
    # given a well-formed body with a big file, announced as a small one
    request = local_client.build_request(
        "POST", ticket.url, data=dict(ticket.fields), files={"file": ("a.jpg", b"x" * 5000)}
    )
    body = request.read()

    async def stream() -> AsyncIterator[bytes]:
        for start in range(0, len(body), 700):
            yield body[start : start + 700]

    headers = {"content-type": request.headers["content-type"], "content-length": "200"}

    # when it is streamed in chunks
    response = await local_client.post(ticket.url, content=stream(), headers=headers)

    # then the byte count refuses it
    assert response.status_code == 400
    assert error_code(response) == "EntityTooLarge"
    await assert_nothing_stored(local_storage, ticket.key)


async def test_an_empty_file_is_refused(
    local_client: httpx.AsyncClient, local_storage: LocalStorage, ticket: UploadTicket
) -> None:
    response = await post_ticket(local_client, ticket, b"")

    assert response.status_code == 400
    assert error_code(response) == "EntityTooSmall"
    await assert_nothing_stored(local_storage, ticket.key)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("Content-Type", "text/html"),
        ("key", photo_key()),
        ("x-foresight-signature", "A" * 43),
        ("policy", base64.b64encode(b'{"expiration":"2999-01-01T00:00:00Z"}').decode()),
    ],
)
async def test_an_altered_field_is_refused(
    local_client: httpx.AsyncClient,
    local_storage: LocalStorage,
    ticket: UploadTicket,
    field: str,
    value: str,
) -> None:
    # when the browser changes one field of the signed form
    fields = {**ticket.fields, field: value}
    response = await post_ticket(local_client, ticket, JPEG[:500], fields=fields)

    # then the policy refuses it, and nothing lands under either key
    assert response.status_code == 403
    assert error_code(response) == "AccessDenied"
    await assert_nothing_stored(local_storage, ticket.key)
    if field == "key":
        await assert_nothing_stored(local_storage, value)


async def test_a_policy_widened_by_the_browser_is_refused(
    local_client: httpx.AsyncClient, ticket: UploadTicket
) -> None:
    # given the ticket's own policy with a bigger size range, signature kept
    policy = json.loads(base64.b64decode(ticket.fields["policy"]))
    policy["conditions"][2] = ["content-length-range", 1, 10**9]
    widened = base64.b64encode(json.dumps(policy).encode()).decode()

    # when it is posted
    response = await post_ticket(
        local_client, ticket, JPEG[:500], fields={**ticket.fields, "policy": widened}
    )

    # then the signature no longer matches
    assert response.status_code == 403
    assert "signature" in response.text


async def test_a_field_the_policy_does_not_name_is_refused(
    local_client: httpx.AsyncClient, ticket: UploadTicket
) -> None:
    fields = {**ticket.fields, "x-amz-meta-owner": "someone"}

    response = await post_ticket(local_client, ticket, JPEG[:500], fields=fields)

    assert response.status_code == 403
    assert "Extra input fields: x-amz-meta-owner" in response.text


async def test_an_expired_ticket_is_refused(
    local_client: httpx.AsyncClient,
    local_storage: LocalStorage,
    ticket: UploadTicket,
    clock: FakeClock,
) -> None:
    # given the ticket's 60 seconds have passed
    clock.advance(60)

    # when the browser posts it
    response = await post_ticket(local_client, ticket, JPEG[:500])

    # then the policy has expired
    assert response.status_code == 403
    assert "Policy expired" in response.text
    await assert_nothing_stored(local_storage, ticket.key)


async def test_a_second_upload_to_the_same_key_is_refused(
    local_client: httpx.AsyncClient, local_storage: LocalStorage, ticket: UploadTicket
) -> None:
    # given a first upload
    assert (await post_ticket(local_client, ticket, JPEG[:500])).status_code == 204

    # when the same ticket is posted again with other bytes
    response = await post_ticket(local_client, ticket, b"\xff\xd8 replaced")

    # then the key is taken and the first bytes stay
    assert response.status_code == 412
    assert error_code(response) == "PreconditionFailed"
    assert await local_storage.read(ticket.key, max_bytes=1024) == JPEG[:500]


async def test_success_action_status_201_answers_with_s3s_post_response(
    local_client: httpx.AsyncClient, ticket: UploadTicket
) -> None:
    fields = {**ticket.fields, "success_action_status": "201"}

    response = await post_ticket(local_client, ticket, JPEG[:500], fields=fields)

    assert response.status_code == 201
    assert f"<Key>{ticket.key}</Key>" in response.text
    assert response.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"key=a&policy=b", "application/x-www-form-urlencoded"),
        (b"--b\r\nContent-Disposition: form-data; name=key\r\n\r\na\r\n--b--\r\n", None),
        (b"not a multipart body at all", None),
    ],
    ids=["not multipart", "no file part", "garbage"],
)
async def test_a_malformed_body_is_refused(
    local_client: httpx.AsyncClient, content: bytes, content_type: str | None
) -> None:
    headers = {"content-type": content_type or "multipart/form-data; boundary=b"}

    response = await local_client.post("/storage/upload", content=content, headers=headers)

    assert response.status_code == 400
    assert error_code(response) == "MalformedPOSTRequest"


async def test_a_body_cut_off_inside_the_file_stores_nothing(
    local_client: httpx.AsyncClient, local_storage: LocalStorage, ticket: UploadTicket
) -> None:
    # given a valid form whose body ends before the file part closes
    request = local_client.build_request(
        "POST", ticket.url, data=dict(ticket.fields), files={"file": ("a.jpg", JPEG[:500])}
    )
    body = request.read()[:-30]

    # when it is posted
    response = await local_client.post(
        ticket.url, content=body, headers={"content-type": request.headers["content-type"]}
    )

    # then it is refused, and no half object is left
    assert response.status_code == 400
    assert error_code(response) == "MalformedPOSTRequest"
    await assert_nothing_stored(local_storage, ticket.key)
