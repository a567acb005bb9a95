"""Webhook intake through HTTP: only a verified delivery from an installed Saleor is taken,
each once, with its effect in the same transaction."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import httpx
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from saleor_foresight.orders import record
from saleor_foresight.plugin import installations
from saleor_foresight.runtime import AppState
from tests.plugin.webhooks.conftest import count_deliveries, delivery_for, post
from tests.saleor_double import SaleorDouble, WebhookDelivery


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def detached(header: dict[str, object], body: bytes, sign: object) -> str:
    encoded = b64url(json.dumps(header).encode())
    signature = sign(encoded.encode() + b"." + body)  # type: ignore[operator]
    return f"{encoded}..{b64url(signature)}"


@pytest.fixture
def order_created(installed: SaleorDouble) -> WebhookDelivery:
    order = installed.add_order([(installed.add_product("LED torch"), 2)])
    return delivery_for(installed, "ORDER_CREATED", order=order)


async def assert_nothing_stored(state: AppState, saleor: SaleorDouble) -> None:
    assert await count_deliveries(state.sessionmaker) == 0
    async with state.sessionmaker() as session:
        installation = await installations.get_active(session, saleor.api_url)
        order = await record.get_order(session, installation.id, "anything")
        assert order is None


async def test_a_signed_delivery_is_taken_and_recorded(
    client: httpx.AsyncClient, state: AppState, installed: SaleorDouble,
    order_created: WebhookDelivery,
) -> None:  # fmt: skip
    response = await post(client, order_created)

    assert response.status_code == 200
    assert response.json() == {"outcome": "TAKEN"}
    assert await count_deliveries(state.sessionmaker) == 1
    async with state.sessionmaker() as session:
        installation = await installations.get_active(session, installed.api_url)
        order = await record.get_order(
            session, installation.id, order_created.payload["order"]["id"]
        )
        assert order is not None
        assert [(line.product_name, line.quantity) for line in order.lines] == [("LED torch", 2)]


async def test_a_repeated_delivery_answers_200_with_no_second_effect(
    client: httpx.AsyncClient, state: AppState, order_created: WebhookDelivery
) -> None:
    first = await post(client, order_created)
    again = await post(client, order_created)

    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json() == {"outcome": "DUPLICATE"}
    assert await count_deliveries(state.sessionmaker) == 1


@pytest.mark.parametrize(
    "signature",
    [
        None,
        "",
        "garbage",
        "eyJhbGciOiJSUzI1NiJ9..",
    ],
    ids=["missing", "empty", "garbage", "no-signature-part"],
)
async def test_a_delivery_without_a_valid_signature_is_refused(
    client: httpx.AsyncClient, state: AppState, installed: SaleorDouble,
    order_created: WebhookDelivery, signature: str | None,
) -> None:  # fmt: skip
    response = await post(client, order_created, headers={"Saleor-Signature": signature})

    assert response.status_code == 401
    await assert_nothing_stored(state, installed)


async def test_a_truncated_signature_is_refused(
    client: httpx.AsyncClient, state: AppState, installed: SaleorDouble,
    order_created: WebhookDelivery,
) -> None:  # fmt: skip
    truncated = order_created.headers["Saleor-Signature"][:-10]

    response = await post(client, order_created, headers={"Saleor-Signature": truncated})

    assert response.status_code == 401
    await assert_nothing_stored(state, installed)


async def test_a_body_changed_by_one_byte_is_refused(
    client: httpx.AsyncClient, state: AppState, installed: SaleorDouble,
    order_created: WebhookDelivery,
) -> None:  # fmt: skip
    body = bytearray(order_created.body)
    body[-2] = ord(" ") if body[-2] != ord(" ") else ord("\n")

    response = await post(client, order_created, body=bytes(body))

    assert response.status_code == 401
    await assert_nothing_stored(state, installed)


async def test_a_signature_by_another_key_with_the_same_kid_is_refused(
    client: httpx.AsyncClient, state: AppState, installed: SaleorDouble,
    order_created: WebhookDelivery,
) -> None:  # fmt: skip
    impostor = SaleorDouble()
    impostor.rotate_key()
    header = {"alg": "RS256", "b64": False, "crit": ["b64"], "kid": installed.kid, "typ": "JWT"}
    forged = detached(
        header,
        order_created.body,
        lambda data: impostor.private_key.sign(data, padding.PKCS1v15(), hashes.SHA256()),
    )

    response = await post(client, order_created, headers={"Saleor-Signature": forged})

    assert response.status_code == 401
    await assert_nothing_stored(state, installed)


@pytest.mark.parametrize("algorithm", ["none", "HS256"])
async def test_a_signature_with_another_algorithm_is_refused(
    client: httpx.AsyncClient, state: AppState, installed: SaleorDouble,
    order_created: WebhookDelivery, algorithm: str,
) -> None:  # fmt: skip
    header = {"alg": algorithm, "b64": False, "crit": ["b64"], "kid": installed.kid}
    public_jwk = json.dumps(installed.jwk).encode()
    forged = detached(
        header,
        order_created.body,
        (lambda data: b"")
        if algorithm == "none"
        else (lambda data: hmac.new(public_jwk, data, hashlib.sha256).digest()),
    )

    response = await post(client, order_created, headers={"Saleor-Signature": forged})

    assert response.status_code == 401
    await assert_nothing_stored(state, installed)


async def test_a_delivery_from_an_unknown_saleor_is_refused(
    client: httpx.AsyncClient, state: AppState, installed: SaleorDouble,
    order_created: WebhookDelivery,
) -> None:  # fmt: skip
    response = await post(
        client, order_created, headers={"Saleor-Api-Url": "https://stranger.test/graphql/"}
    )

    assert response.status_code == 401
    await assert_nothing_stored(state, installed)


async def test_a_delivery_before_any_installation_is_refused(
    client: httpx.AsyncClient, state: AppState, saleor: SaleorDouble
) -> None:
    order = saleor.add_order([(saleor.add_product(), 1)])

    response = await post(client, delivery_for(saleor, "ORDER_CREATED", order=order))

    assert response.status_code == 401
    assert await count_deliveries(state.sessionmaker) == 0


async def test_an_event_we_do_not_subscribe_to_is_refused(
    client: httpx.AsyncClient, state: AppState, installed: SaleorDouble,
    order_created: WebhookDelivery,
) -> None:  # fmt: skip
    response = await client.post(
        "/api/webhooks/product_created",
        content=order_created.body,
        headers={**order_created.headers, "Saleor-Event": "product_created"},
    )

    assert response.status_code == 400
    await assert_nothing_stored(state, installed)


async def test_an_event_header_that_contradicts_the_path_is_refused(
    client: httpx.AsyncClient, state: AppState, installed: SaleorDouble,
    order_created: WebhookDelivery,
) -> None:  # fmt: skip
    response = await post(client, order_created, headers={"Saleor-Event": "order_cancelled"})

    assert response.status_code == 400
    await assert_nothing_stored(state, installed)


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b"\xff\xfe"])
async def test_a_signed_body_that_is_not_a_json_object_is_refused(
    client: httpx.AsyncClient, state: AppState, installed: SaleorDouble,
    order_created: WebhookDelivery, body: bytes,
) -> None:  # fmt: skip
    signature = installed.sign_webhook(body)

    response = await post(client, order_created, body=body, headers={"Saleor-Signature": signature})

    assert response.status_code == 400
    await assert_nothing_stored(state, installed)


async def test_a_processing_error_answers_500_stores_nothing_and_a_retry_succeeds(
    client: httpx.AsyncClient, state: AppState, installed: SaleorDouble,
    order_created: WebhookDelivery, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    original = record.apply_snapshot

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(record, "apply_snapshot", broken)
    failed = await post(client, order_created)
    monkeypatch.setattr(record, "apply_snapshot", original)
    retried = await post(client, order_created)

    assert failed.status_code == 500
    assert "delivery" in caplog.text and "ORDER_CREATED" in caplog.text
    assert order_created.headers["Saleor-Signature"] not in caplog.text
    assert retried.status_code == 200 and retried.json() == {"outcome": "TAKEN"}
    assert await count_deliveries(state.sessionmaker) == 1


async def test_a_rotated_saleor_key_is_fetched_once_and_accepted(
    client: httpx.AsyncClient, state: AppState, installed: SaleorDouble,
    order_created: WebhookDelivery,
) -> None:  # fmt: skip
    installed.rotate_key()
    order = installed.add_order([(installed.add_product(), 1)])
    signed_with_new_key = delivery_for(installed, "ORDER_CREATED", order=order)

    response = await post(client, signed_with_new_key)

    assert response.status_code == 200
    jwks_fetches = [r for r in installed.requests if r.url.path == "/.well-known/jwks.json"]
    assert len(jwks_fetches) == 2  # one at registration, one for the new key
    async with state.sessionmaker() as session:
        installation = await installations.get_active(session, installed.api_url)
        assert installation.jwks == installed.jwks


async def test_an_unknown_kid_refetches_at_most_once_per_interval(
    client: httpx.AsyncClient, installed: SaleorDouble, order_created: WebhookDelivery
) -> None:
    installed.rotate_key()
    order = installed.add_order([(installed.add_product(), 1)])
    accepted = await post(client, delivery_for(installed, "ORDER_CREATED", order=order))
    unknown = {"alg": "RS256", "b64": False, "crit": ["b64"], "kid": "not-a-saleor-key"}
    forged = detached(unknown, order_created.body, lambda data: b"x" * 256)

    responses = [
        await post(client, order_created, headers={"Saleor-Signature": forged}) for _ in range(5)
    ]

    # the refetch was spent on the rotation: the key may be Saleor's newest, so Saleor is told
    # to try again later (503), not refused for good (401)
    assert accepted.status_code == 200
    assert [r.status_code for r in responses] == [503] * 5
    assert responses[0].headers["Retry-After"] == "60"
    jwks_fetches = [r for r in installed.requests if r.url.path == "/.well-known/jwks.json"]
    assert len(jwks_fetches) == 2


async def test_a_body_that_is_not_ours_never_spends_the_refetch(
    client: httpx.AsyncClient, state: AppState, installed: SaleorDouble,
    order_created: WebhookDelivery,
) -> None:  # fmt: skip
    # given: a stranger's bodies under unknown key ids, each failing another check
    unknown = {"alg": "RS256", "b64": False, "crit": ["b64"], "kid": "not-a-saleor-key"}
    payload = json.loads(order_created.body)
    strangers = [
        json.dumps({**payload, "recipient": {"id": "QXBwOjk5"}}).encode(),
        json.dumps({**payload, "__typename": "OrderCancelled"}).encode(),
        b"[not json",
    ]
    for body in strangers:
        forged = detached(unknown, body, lambda data: b"x" * 256)
        refused = await post(client, order_created, body=body, headers={"Saleor-Signature": forged})
        assert refused.status_code == 400

    # when: Saleor rotates its key and delivers
    installed.rotate_key()
    order = installed.add_order([(installed.add_product(), 1)])
    response = await post(client, delivery_for(installed, "ORDER_CREATED", order=order))

    # then: its delivery could still refetch the keys
    assert response.status_code == 200
    jwks_fetches = [r for r in installed.requests if r.url.path == "/.well-known/jwks.json"]
    assert len(jwks_fetches) == 2  # registration, and the rotation


async def test_app_deleted_marks_the_installation_removed_and_keeps_its_records(
    client: httpx.AsyncClient, state: AppState, installed: SaleorDouble,
    order_created: WebhookDelivery,
) -> None:  # fmt: skip
    await post(client, order_created)

    response = await post(client, delivery_for(installed, "APP_DELETED", app=installed.app))

    assert response.status_code == 200
    async with state.sessionmaker() as session:
        (installation,) = await installations.list_all(session)
        assert not installation.active and installation.removed_at is not None
        order_id = order_created.payload["order"]["id"]
        assert await record.get_order(session, installation.id, order_id) is not None
    # a removed installation takes no more deliveries
    later = installed.add_order([(installed.add_product(), 1)])
    assert (
        await post(client, delivery_for(installed, "ORDER_CREATED", order=later))
    ).status_code == 401
