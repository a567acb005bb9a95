"""Every route that reads a body stops at its limit (413), gives up on a body that stops
coming (408) and refuses deep JSON (400)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from saleor_foresight import bodies
from saleor_foresight.bodies import MAX_JSON_DEPTH
from saleor_foresight.graphql.endpoint import MAX_BODY_BYTES as GRAPHQL_LIMIT
from saleor_foresight.plugin.webhooks.intake import MAX_BODY_BYTES as WEBHOOK_LIMIT
from saleor_foresight.storage import LocalStorage
from saleor_foresight.storage.http import MAX_FORM_OVERHEAD
from tests.plugin.webhooks.conftest import count_deliveries
from tests.saleor_double import SaleorDouble
from tests.storage.support import photo_key

CHUNK = 64 * 1024


class Body:
    """An endless body of ``CHUNK``-sized chunks, counting how many the app pulled."""

    def __init__(self, first: bytes = b"", filler: bytes = b" ") -> None:
        self.first = first
        self.filler = filler * (CHUNK // len(filler))
        self.pulled = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        self.pulled += 1
        yield self.first
        while True:
            self.pulled += 1
            yield self.filler


def pulled_at_most(body: Body, limit: int) -> bool:
    return body.pulled <= limit // CHUNK + 2


def deep(levels: int) -> bytes:
    return b"[" * levels + b"]" * levels


async def test_graphql_stops_reading_an_endless_body_at_its_limit(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a body that never ends and declares no length
    body = Body(b'{"query": "{ viewer { kind } }", "padding": "')

    # when it is posted
    response = await client.post(
        "/graphql/", content=body, headers={"Saleor-Api-Url": installed.api_url}
    )

    # then it is refused once past the limit, having read no further
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "TOO_LARGE"
    assert pulled_at_most(body, GRAPHQL_LIMIT)


async def test_graphql_refuses_a_declared_length_past_its_limit_unread(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    body = Body()

    response = await client.post(
        "/graphql/",
        content=body,
        headers={
            "Saleor-Api-Url": installed.api_url,
            "Content-Length": str(300 * 1024 * 1024),
        },
    )

    assert response.status_code == 413
    assert body.pulled == 0


async def test_graphql_refuses_deeply_nested_json_as_a_bad_request(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    for document in (
        deep(100_000),
        b'{"query": "{ viewer { kind } }", "variables": {"v": ' + deep(MAX_JSON_DEPTH) + b"}}",
    ):
        response = await client.post(
            "/graphql/", content=document, headers={"Saleor-Api-Url": installed.api_url}
        )

        assert response.status_code == 400
        error = response.json()["errors"][0]
        assert error["extensions"]["code"] == "BAD_REQUEST"
        assert "nested deeper" in error["message"]


async def test_graphql_takes_json_nested_within_the_limit(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # a variable nested as deep as allowed is not the endpoint's concern (unused: ignored)
    document = {"query": "{ viewer { kind } }", "variables": {"v": json.loads(deep(60))}}

    response = await client.post(
        "/graphql/", json=document, headers={"Saleor-Api-Url": installed.api_url}
    )

    assert response.status_code == 200
    assert response.json()["data"]["viewer"]["kind"] == "GUEST"


async def test_a_webhook_stops_reading_at_its_limit(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    body = Body(b"{")

    response = await client.post(
        "/api/webhooks/order_created",
        content=body,
        headers={"Saleor-Api-Url": installed.api_url, "Saleor-Event": "order_created"},
    )

    assert response.status_code == 413
    assert pulled_at_most(body, WEBHOOK_LIMIT)


async def test_a_signed_webhook_of_deep_json_is_a_bad_request_and_records_nothing(
    client: httpx.AsyncClient,
    installed: SaleorDouble,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given a body Saleor's key signed, nested 100,000 deep
    body = deep(100_000)
    headers = {
        "Saleor-Api-Url": installed.api_url,
        "Saleor-Event": "order_created",
        "Saleor-Signature": installed.sign_webhook(body),
    }

    # when it is delivered
    response = await client.post("/api/webhooks/order_created", content=body, headers=headers)

    # then it is refused for good (4xx: Saleor does not retry), never a 500
    assert response.status_code == 400
    assert "nested deeper" in response.json()["error"]["message"]
    assert await count_deliveries(sessionmaker) == 0


async def test_registration_refuses_deep_json_and_an_endless_body(
    client: httpx.AsyncClient, saleor: SaleorDouble
) -> None:
    headers = {"Saleor-Api-Url": saleor.api_url}

    deep_answer = await client.post("/api/register", content=deep(5_000), headers=headers)
    body = Body(b'{"auth_token": "')
    endless_answer = await client.post("/api/register", content=body, headers=headers)

    assert deep_answer.status_code == 400
    assert endless_answer.status_code == 413
    assert pulled_at_most(body, 16 * 1024)


async def test_a_local_upload_stops_reading_past_any_form_it_could_sign(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    # given a valid ticket, and a form whose fields are followed by its closing boundary and
    # an epilogue that never ends (a multipart parser skips an epilogue: no limit of the
    # form's parts applies to it)
    storage: LocalStorage = app.state.storage
    ticket = await storage.create_upload_ticket(
        photo_key(), content_type="image/jpeg", max_bytes=1024, expires_in=60
    )
    boundary = "b0undary"
    fields = "".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in ticket.fields.items()
    )
    body = Body(f"{fields}--{boundary}--\r\n".encode(), filler=b"epilogue")

    # when it is posted
    response = await client.post(
        ticket.url,
        content=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )

    # then it is refused as too large, read no further than the largest form allowed
    assert response.status_code == 413, response.text
    assert "<Code>EntityTooLarge</Code>" in response.text
    assert pulled_at_most(body, storage.upload_max_bytes + MAX_FORM_OVERHEAD)


class Stalled:
    """A body that sends its first chunk, then nothing more."""

    def __init__(self, first: bytes) -> None:
        self.first = first

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.first
        await asyncio.sleep(3600)
        yield b""


async def test_a_body_that_stops_coming_is_given_up_on(
    client: httpx.AsyncClient, installed: SaleorDouble, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a client that stops sending half-way through its body
    monkeypatch.setattr(bodies, "IDLE_TIMEOUT", 0.2)
    started = time.monotonic()

    # when it posts to the GraphQL endpoint and to a webhook
    graphql = await client.post(
        "/graphql/",
        content=Stalled(b'{"query": "'),
        headers={"Saleor-Api-Url": installed.api_url, "Content-Length": "1000"},
    )
    webhook = await client.post(
        "/api/webhooks/order_created",
        content=Stalled(b"{"),
        headers={"Saleor-Api-Url": installed.api_url, "Content-Length": "1000"},
    )

    # then each is answered 408 once the pause passes the idle timeout
    assert (graphql.status_code, webhook.status_code) == (408, 408)
    assert graphql.json()["errors"][0]["extensions"]["code"] == "TIMEOUT"
    assert time.monotonic() - started < 5
