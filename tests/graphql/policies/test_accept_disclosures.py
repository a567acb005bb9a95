"""acceptDisclosures: the buyer accepts what applies now; the record is chained, referenced in
the checkout's private metadata, and a retry does not duplicate it."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette

from saleor_foresight.errors import ConfigurationError
from saleor_foresight.jobs.models import Job
from saleor_foresight.policies.models import Acceptance
from saleor_foresight.runtime import AppState
from saleor_foresight.settings import load_settings
from tests.graphql.conftest import gql
from tests.graphql.policies.support import (
    POLICY_DRAFT_SAVE,
    POLICY_PUBLISH,
    current_version,
    published_policy,
    staff_call,
)
from tests.saleor_double import SaleorDouble

ACCEPT = """
mutation Accept($checkoutId: ID!, $versionIds: [ID!]!) {
  acceptDisclosures(checkoutId: $checkoutId, versionIds: $versionIds) {
    acceptance { id recordHash checkoutId
                 items { versionId kind title consentLabel contentHash required html } }
    disclosures { versionId title }
    errors { field code message }
  }
}
"""


async def accept(
    client: httpx.AsyncClient,
    saleor: SaleorDouble,
    checkout_id: str,
    version_ids: list[str],
    **options: Any,
) -> dict[str, Any]:
    response = await gql(
        client, saleor, ACCEPT, {"checkoutId": checkout_id, "versionIds": version_ids}, **options
    )
    body = response.json()
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["acceptDisclosures"]
    return result


async def count(state: AppState, model: type) -> int:
    async with state.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_accepting_records_it_and_references_it_in_the_checkout(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    version = current_version(await published_policy(client, installed))
    checkout = installed.add_checkout([(installed.add_product(), 1)], email="ada@example.com")

    result = await accept(client, installed, checkout["id"], [version["id"]])

    assert result["errors"] == []
    acceptance = result["acceptance"]
    (item,) = acceptance["items"]
    assert (item["versionId"], item["contentHash"], item["consentLabel"]) == (
        version["id"], version["contentHash"], "I accept the return terms",
    )  # fmt: skip
    assert "<strong>30 days</strong>" in item["html"]
    reference = json.loads(installed.private_metadata(checkout["id"])["foresight.acceptance"])
    assert reference["hash"] == acceptance["recordHash"]
    assert len(reference["versions"]) == 1
    async with state.sessionmaker() as session:
        row = await session.scalar(select(Acceptance))
        assert row is not None
        assert (row.email, row.customer_user_id, row.ip) == ("ada@example.com", None, "127.0.0.1")


async def test_a_retried_call_returns_the_same_record_and_writes_once(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    version = current_version(await published_policy(client, installed))
    checkout = installed.add_checkout([(installed.add_product(), 1)])

    first = await accept(client, installed, checkout["id"], [version["id"]])
    again = await accept(client, installed, checkout["id"], [version["id"]])

    assert first["acceptance"]["id"] == again["acceptance"]["id"]
    assert await count(state, Acceptance) == 1
    assert await count(state, Job) == 1
    assert len(installed.calls_to("updatePrivateMetadata")) == 1


async def test_a_customer_token_records_the_customer(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    version = current_version(await published_policy(client, installed))
    checkout = installed.add_checkout([(installed.add_product(), 1)], user_id="VXNlcjo0Ng==")
    token = installed.customer_token(user_id="VXNlcjo0Ng==")

    result = await accept(client, installed, checkout["id"], [version["id"]], token=token)
    stranger = installed.customer_token(user_id="VXNlcjo5OQ==")
    refused = await accept(client, installed, checkout["id"], [version["id"]], token=stranger)

    assert result["errors"] == []
    assert refused["errors"][0]["code"] == "NOT_FOUND"
    async with state.sessionmaker() as session:
        row = await session.scalar(select(Acceptance))
        assert row is not None and row.customer_user_id == "VXNlcjo0Ng=="


async def test_a_superseded_version_is_stale_and_the_fresh_list_comes_back(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    policy = await published_policy(client, installed)
    old = current_version(policy)
    await staff_call(
        client, installed, POLICY_DRAFT_SAVE,
        {"policy": policy["id"], "input": {"returnWindowDays": 14, "translations": [
            {"languageCode": "EN", "title": "Return terms", "body": "14 days.",
             "consentLabel": "I accept"}]}},
    )  # fmt: skip
    new = current_version(
        (await staff_call(client, installed, POLICY_PUBLISH, {"policy": policy["id"]}))["policy"]
    )
    checkout = installed.add_checkout([(installed.add_product(), 1)])

    result = await accept(client, installed, checkout["id"], [old["id"]])

    assert result["errors"][0]["code"] == "STALE_DISCLOSURES"
    assert [d["versionId"] for d in result["disclosures"]] == [new["id"]]
    assert result["acceptance"] is None
    assert await count(state, Acceptance) == 0


async def test_a_changed_cart_makes_a_missing_required_disclosure_stale(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    returns = current_version(await published_policy(client, installed))
    colour = current_version(
        await published_policy(
            client, installed, kind="COLOUR_DIFFERENCE", title="Colours may differ",
            targeting={"attributes": [{"attribute": "colour", "values": ["red"]}]},
        )
    )  # fmt: skip
    checkout = installed.add_checkout([(installed.add_product(), 1)])
    # the buyer saw only the return terms, then added a red scarf in another tab
    red = installed.add_checkout(
        [(installed.add_product("Scarf", attributes={"colour": ["Red"]}), 1)]
    )
    checkout["lines"] += red["lines"]

    result = await accept(client, installed, checkout["id"], [returns["id"]])

    assert result["errors"][0]["code"] == "STALE_DISCLOSURES"
    assert {d["versionId"] for d in result["disclosures"]} == {returns["id"], colour["id"]}


async def test_bad_version_lists_are_refused_and_record_nothing(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    version = current_version(await published_policy(client, installed))
    other = current_version(
        await published_policy(
            client, installed, kind="CUSTOM", title="Germany only", required=False,
            targeting={"countries": ["DE"]},
        )
    )  # fmt: skip
    checkout = installed.add_checkout([(installed.add_product(), 1)], country="US")

    empty = await accept(client, installed, checkout["id"], [])
    repeated = await accept(client, installed, checkout["id"], [version["id"], version["id"]])
    not_an_id = await accept(client, installed, checkout["id"], ["not-an-id"])
    not_applying = await accept(client, installed, checkout["id"], [version["id"], other["id"]])
    unknown = await accept(client, installed, "Q2hlY2tvdXQ6bm9uZQ==", [version["id"]])

    assert [r["errors"][0]["code"] for r in (empty, repeated, not_an_id)] == ["INVALID"] * 3
    assert not_applying["errors"][0]["code"] == "STALE_DISCLOSURES"
    assert unknown["errors"][0]["code"] == "NOT_FOUND"
    assert await count(state, Acceptance) == 0


@pytest.mark.parametrize(
    ("peer", "header", "proxies", "forwarded", "recorded"),
    [
        # no header configured: whatever the client sends is ignored
        ("127.0.0.1", None, ("127.0.0.1",), "198.51.100.7", "127.0.0.1"),
        # a header but no trusted proxy: a loopback client does not choose its address either
        ("127.0.0.1", "X-Forwarded-For", (), "198.51.100.7, 203.0.113.9", "127.0.0.1"),
        # the peer is not a trusted proxy: its header proves nothing
        ("192.0.2.50", "X-Forwarded-For", ("10.0.0.0/8",), "198.51.100.7", "192.0.2.50"),
        # the trusted proxy's last hop is the client; what the client wrote before it is not
        (
            "127.0.0.1",
            "X-Forwarded-For",
            ("127.0.0.1",),
            "198.51.100.7, 203.0.113.9",
            "203.0.113.9",
        ),
        # walking right to left past every trusted proxy
        (
            "10.0.0.2",
            "X-Forwarded-For",
            ("10.0.0.0/8", "2001:db8::/32"),
            "198.51.100.7, 203.0.113.9, 2001:db8::5, 10.9.9.9",
            "203.0.113.9",
        ),
        # a custom header, and a garbage hop stops the walk at the last trusted address
        ("10.0.0.2", "CF-Connecting-IP", ("10.0.0.0/8",), "not-an-ip", "10.0.0.2"),
    ],
)
async def test_the_buyer_address_is_forwarded_only_by_trusted_proxies(
    app: Starlette,
    installed: SaleorDouble,
    state: AppState,
    peer: str,
    header: str | None,
    proxies: tuple[str, ...],
    forwarded: str,
    recorded: str,
) -> None:
    # given a deployment that trusts these proxies' header, and a request from ``peer``
    state.settings = state.settings.model_copy(
        update={"trusted_proxy_header": header, "trusted_proxies": proxies}
    )
    transport = httpx.ASGITransport(app=app, client=(peer, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="https://foresight.test") as client:
        version = current_version(await published_policy(client, installed))
        checkout = installed.add_checkout([(installed.add_product(), 1)])

        # when the buyer accepts with a forwarded header
        await accept(
            client,
            installed,
            checkout["id"],
            [version["id"]],
            headers={header or "X-Forwarded-For": forwarded},
        )

    # then the record holds the address the trusted chain vouches for
    async with state.sessionmaker() as session:
        rows = (await session.scalars(select(Acceptance))).all()
    assert [row.ip for row in rows] == [recorded]


def test_a_trusted_proxy_that_is_no_address_stops_the_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(ConfigurationError, match="FORESIGHT_TRUSTED_PROXIES"):
        load_settings(trusted_proxies="10.0.0.0/8, proxy.internal")
