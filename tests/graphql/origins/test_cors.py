"""CORS on /graphql/ per installation: a shop's storefront reads the answers for its own
Saleor only; the deployment-wide list serves every shop; a preflight, which cannot say its
Saleor, is answered for any origin some active shop lists."""

from __future__ import annotations

import httpx

from saleor_foresight.plugin import installations
from saleor_foresight.runtime import AppState
from tests.graphql.conftest import gql
from tests.graphql.origins.conftest import allow
from tests.policies.factories import counting_queries
from tests.saleor_double import SaleorDouble

VIEWER = "query { viewer { kind } }"
SHOP_A = "https://shop-a.example"
SHOP_B = "https://shop-b.example"
PREFLIGHT = {
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization, content-type, saleor-api-url",
}


async def preflight(client: httpx.AsyncClient, origin: str) -> httpx.Response:
    return await client.options("/graphql/", headers={"Origin": origin, **PREFLIGHT})


async def test_an_origin_of_shop_a_reads_shop_as_answers_and_not_shop_bs(
    client: httpx.AsyncClient, installed: SaleorDouble, other: SaleorDouble
) -> None:
    # given shop A names its storefront, shop B names another
    await allow(client, installed, SHOP_A)
    await allow(client, other, SHOP_B)

    # when shop A's storefront calls for shop A, and for shop B
    for_a = await gql(client, installed, VIEWER, headers={"Origin": SHOP_A})
    for_b = await gql(client, other, VIEWER, headers={"Origin": SHOP_A})

    # then it may read the first answer only
    assert for_a.headers["access-control-allow-origin"] == SHOP_A
    assert "access-control-allow-origin" not in for_b.headers
    assert for_b.headers["vary"] == "Origin"
    # and shop B's own storefront reads shop B's
    own = await gql(client, other, VIEWER, headers={"Origin": SHOP_B})
    assert own.headers["access-control-allow-origin"] == SHOP_B


async def test_the_origin_is_matched_as_browsers_write_it(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    await allow(client, installed, "https://Shop-A.example:443/")

    response = await gql(client, installed, VIEWER, headers={"Origin": SHOP_A})
    other_port = await gql(client, installed, VIEWER, headers={"Origin": f"{SHOP_A}:8443"})
    plain_http = await gql(client, installed, VIEWER, headers={"Origin": "http://shop-a.example"})

    assert response.headers["access-control-allow-origin"] == SHOP_A
    assert "access-control-allow-origin" not in other_port.headers
    assert "access-control-allow-origin" not in plain_http.headers


async def test_the_deployment_wide_list_serves_every_shop(
    client: httpx.AsyncClient, installed: SaleorDouble, other: SaleorDouble, state: AppState
) -> None:
    # given an origin in FORESIGHT_STOREFRONT_ORIGINS and none per shop
    everywhere = "https://everywhere.example"
    state.settings = state.settings.model_copy(update={"storefront_origins": (everywhere,)})

    # when it calls for either shop, and asks first
    answers = [
        await gql(client, saleor, VIEWER, headers={"Origin": everywhere})
        for saleor in (installed, other)
    ]
    asked = await preflight(client, everywhere)

    # then it may read both
    assert [a.headers["access-control-allow-origin"] for a in answers] == [everywhere] * 2
    assert asked.headers["access-control-allow-origin"] == everywhere


async def test_refusals_of_a_known_saleor_are_readable_by_its_storefront(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given shop A's storefront
    await allow(client, installed, SHOP_A)
    origin = {"Origin": SHOP_A}

    # when it sends an expired token, or a malformed body
    expired = await gql(client, installed, VIEWER, token=installed.customer_token(ttl=-60),
                        headers=origin)  # fmt: skip
    malformed = await client.post(
        "/graphql/", content=b"{}", headers={"Saleor-Api-Url": installed.api_url, **origin}
    )

    # then it can read why (and so refresh the token)
    assert expired.status_code == 401
    assert expired.headers["access-control-allow-origin"] == SHOP_A
    assert malformed.status_code == 400
    assert malformed.headers["access-control-allow-origin"] == SHOP_A


async def test_an_unknown_saleor_answers_only_the_deployment_wide_origins(
    client: httpx.AsyncClient, installed: SaleorDouble, saleor: SaleorDouble, state: AppState
) -> None:
    await allow(client, installed, SHOP_A)
    state.settings = state.settings.model_copy(
        update={"storefront_origins": ("https://everywhere.example",)}
    )
    stranger = SaleorDouble("https://stranger.test/graphql/")

    per_shop = await gql(client, stranger, VIEWER, headers={"Origin": SHOP_A})
    everywhere = await gql(
        client, stranger, VIEWER, headers={"Origin": "https://everywhere.example"}
    )

    assert per_shop.status_code == everywhere.status_code == 401
    assert "access-control-allow-origin" not in per_shop.headers
    assert everywhere.headers["access-control-allow-origin"] == "https://everywhere.example"


async def test_a_preflight_is_answered_for_an_origin_some_active_shop_lists(
    client: httpx.AsyncClient, installed: SaleorDouble, other: SaleorDouble
) -> None:
    # given shop A names its storefront; shop B names none
    await allow(client, installed, SHOP_A)

    # when shop A's storefront and a stranger ask first
    listed = await preflight(client, SHOP_A)
    stranger = await preflight(client, "https://evil.example")

    # then shop A's storefront may send (the request itself is then checked per shop)
    assert listed.status_code == 204
    assert listed.headers["access-control-allow-origin"] == SHOP_A
    assert listed.headers["access-control-allow-methods"] == "POST"
    assert "saleor-api-url" in listed.headers["access-control-allow-headers"]
    assert listed.headers["vary"] == "Origin"
    assert "access-control-allow-origin" not in stranger.headers
    assert "access-control-allow-methods" not in stranger.headers


async def test_a_preflight_follows_a_change_of_the_list_at_once(
    client: httpx.AsyncClient, installed: SaleorDouble, other: SaleorDouble
) -> None:
    # given shop A's storefront, asked for once (the union is now held)
    await allow(client, installed, SHOP_A)
    assert "access-control-allow-origin" in (await preflight(client, SHOP_A)).headers

    # when shop A replaces it and shop B adds one
    await allow(client, installed, "https://new-a.example")
    await allow(client, other, SHOP_B)

    # then the preflights say so without waiting
    assert "access-control-allow-origin" not in (await preflight(client, SHOP_A)).headers
    assert (
        "access-control-allow-origin" in (await preflight(client, "https://new-a.example")).headers
    )
    assert "access-control-allow-origin" in (await preflight(client, SHOP_B)).headers


async def test_a_removed_shops_origins_are_not_answered(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    await allow(client, installed, SHOP_A)
    async with state.sessionmaker.begin() as session:
        installation = await installations.find(session, installed.api_url)
        assert installation is not None
        installations.mark_removed(installation)
    state.storefront_origins.forget()

    asked = await preflight(client, SHOP_A)

    assert "access-control-allow-origin" not in asked.headers


async def test_the_check_adds_no_query_to_a_request(
    client: httpx.AsyncClient, installed: SaleorDouble, other: SaleorDouble, state: AppState
) -> None:
    # given shop A with origins, and shop B with none
    await allow(client, installed, SHOP_A, "https://www.shop-a.example")

    # when each is called with a viewer query, from an origin and from none
    with counting_queries(state.sessionmaker) as plain:
        await gql(client, other, VIEWER)
    with counting_queries(state.sessionmaker) as allowed:
        response = await gql(client, installed, VIEWER, headers={"Origin": SHOP_A})
    with counting_queries(state.sessionmaker) as refused:
        await gql(client, other, VIEWER, headers={"Origin": SHOP_A})

    # then the origins came with the installation's row: one query each
    assert response.headers["access-control-allow-origin"] == SHOP_A
    assert len(plain) == len(allowed) == len(refused) == 1


async def test_preflights_read_the_union_once(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    await allow(client, installed, SHOP_A)

    with counting_queries(state.sessionmaker) as statements:
        for origin in (SHOP_A, "https://evil.example", SHOP_A, "https://other.example"):
            await preflight(client, origin)

    assert len(statements) == 1
