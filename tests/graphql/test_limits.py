"""One document cannot buy unbounded work: past a limit it is refused before any resolver runs."""

from __future__ import annotations

import shutil
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from graphql import get_introspection_query

from saleor_foresight.app import create_app
from saleor_foresight.graphql import limits
from saleor_foresight.runtime import AppState
from saleor_foresight.settings import load_settings
from tests.database import TEST_DATABASE_URL
from tests.factories import install_double
from tests.graphql.conftest import gql
from tests.saleor_double import SaleorDouble

ACCEPT = (
    'a{n}: acceptDisclosures(checkoutId: "Q2hlY2tvdXQ6MQ==", versionIds: []) '
    "{{ errors {{ code }} }}"
)
DISCLOSURES = 'checkoutDisclosures(checkoutId: "Q2hlY2tvdXQ6MQ==") { checkoutId }'
CLAIM_OPTIONS = (
    'o{n}: claimOptions(orderId: "T3JkZXI6MQ==", email: "a@example.com") {{ __typename }}'
)
VIEWER = "query { viewer { kind } }"


def codes(response: httpx.Response) -> set[str]:
    return {e["extensions"]["code"] for e in response.json()["errors"]}


def aliased(template: str, times: int) -> str:
    return " ".join(template.format(n=n) for n in range(times))


async def test_four_hundred_aliases_of_accept_disclosures_ask_saleor_nothing(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # when an anonymous caller asks 400 times in one document
    response = await gql(client, installed, "mutation { " + aliased(ACCEPT, 400) + " }")

    # then the document is refused whole, and Saleor was never called
    assert response.status_code == 400
    assert response.json()["data"] is None
    assert codes(response) == {"TOO_MANY_TOKENS"}  # 6,000 tokens: the parser stopped
    assert installed.calls_to("checkout") == []


async def test_aliases_of_accept_disclosures_within_the_token_limit_ask_saleor_nothing(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    response = await gql(client, installed, "mutation { " + aliased(ACCEPT, 40) + " }")

    assert response.status_code == 400
    assert codes(response) == {"TOO_MANY_ALIASES", "TOO_MANY_MUTATIONS", "TOO_MANY_SALEOR_READS"}
    assert installed.calls_to("checkout") == []


async def test_two_fields_that_ask_saleor_are_one_too_many(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # even without an alias: one field twice through two fragments
    document = (
        "query { ...A ...B } fragment A on Query { " + DISCLOSURES + " } "
        "fragment B on Query { " + DISCLOSURES + " }"
    )

    response = await gql(client, installed, document)

    assert codes(response) == {"TOO_MANY_SALEOR_READS"}
    assert installed.calls_to("checkout") == []


async def test_mutation_fields_past_the_limit_are_refused_without_an_alias_limit_hit(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    fields = " ".join(
        f'm{n}: claimGuidanceShown(orderId: "T3JkZXI6MQ==", reason: OTHER) {{ __typename }}'
        for n in range(limits.MAX_MUTATIONS + 1)
    )

    response = await gql(client, installed, "mutation { " + fields + " }")

    assert codes(response) == {"TOO_MANY_MUTATIONS"}


async def test_fifteen_hundred_aliases_of_claim_options_are_refused_at_once(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    started = time.perf_counter()

    response = await gql(client, installed, "query { " + aliased(CLAIM_OPTIONS, 1500) + " }")

    assert response.status_code == 400
    assert "TOO_MANY_ALIASES" in codes(response) or "TOO_MANY_TOKENS" in codes(response)
    assert time.perf_counter() - started < 3.0  # it took 16 s before the limits


async def test_aliases_past_the_limit_are_refused_below_the_token_limit(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    document = "query { " + aliased("v{n}: viewer {{ kind }}", limits.MAX_ALIASES + 1) + " }"

    response = await gql(client, installed, document)

    assert codes(response) == {"TOO_MANY_ALIASES"}


async def test_a_fragment_bomb_is_measured_not_expanded(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given fragments that each spread the next twice: 2**40 fields once expanded
    levels = 40
    fragments = " ".join(
        f"fragment F{n} on Viewer {{ ...F{n + 1} ...F{n + 1} }}" for n in range(levels)
    )
    document = f"query {{ viewer {{ ...F0 }} }} {fragments} fragment F{levels} on Viewer {{ kind }}"
    started = time.perf_counter()

    response = await gql(client, installed, document)

    assert codes(response) == {"TOO_MANY_FIELDS"}
    assert time.perf_counter() - started < 3.0  # expanded, it would never end


async def test_a_document_nested_past_the_depth_limit_is_refused(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    depth = limits.MAX_DEPTH + 1
    document = "query { " + "viewer { " * depth + "kind" + " }" * depth + " }"

    response = await gql(client, installed, document)

    assert codes(response) == {"TOO_DEEP"}


async def test_a_document_too_deep_for_the_parser_is_a_clear_refusal(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    response = await gql(client, installed, "{ a" * 1900 + " }" * 1900)

    assert response.status_code == 400
    assert codes(response) == {"TOO_DEEP"}


async def test_a_document_of_too_many_tokens_is_refused_while_parsing(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    response = await gql(client, installed, "query { viewer { " + "kind " * 5000 + "} }")

    assert codes(response) == {"TOO_MANY_TOKENS"}


async def test_a_syntax_error_carries_a_code(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    response = await gql(client, installed, "query { viewer { kind ")

    assert codes(response) == {"GRAPHQL_PARSE_FAILED"}


async def test_documents_within_the_limits_run_again_and_again(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    document = "query { " + aliased("v{n}: viewer {{ kind }}", limits.MAX_ALIASES) + " }"

    for _ in range(2):  # the second time from the caches
        response = await gql(client, installed, document)

        assert response.status_code == 200
        assert response.json()["data"]["v0"] == {"kind": "GUEST"}


@pytest.mark.parametrize(
    "document",
    [get_introspection_query(), '{ __type(name: "Query") { name } }'],
    ids=["schema", "type"],
)
async def test_introspection_is_refused_to_strangers_in_production(
    client: httpx.AsyncClient, installed: SaleorDouble, document: str
) -> None:
    customer = installed.customer_token()

    for token in (None, customer):
        response = await gql(client, installed, document, token=token)

        assert response.status_code == 400
        assert codes(response) == {"INTROSPECTION_DISABLED"}


async def test_staff_may_introspect_and_anyone_may_ask_a_typename(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    staff = installed.staff_token(user_permissions=())

    schema = await gql(client, installed, get_introspection_query(), token=staff)
    typename = await gql(client, installed, "{ __typename viewer { __typename } }")

    assert schema.status_code == 200
    assert schema.json()["data"]["__schema"]["queryType"]["name"] == "Query"
    assert typename.json()["data"] == {"__typename": "Query", "viewer": {"__typename": "Viewer"}}


@pytest.fixture
async def embedded(
    migrated_template: str, tmp_path: Path, saleor: SaleorDouble
) -> AsyncIterator[httpx.AsyncClient]:
    """An app on the embedded default (no FORESIGHT_DATABASE_URL), installed."""
    data = tmp_path / "embedded"
    data.mkdir()
    shutil.copyfile(migrated_template, data / "foresight.sqlite3")
    app = create_app(load_settings(data_dir=data), saleor_transport=saleor.transport())
    state: AppState = app.state.foresight
    await install_double(state, saleor)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as c:
        yield c
    await state.close()


@pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="uses the embedded SQLite default")
async def test_anyone_may_introspect_the_embedded_default(
    embedded: httpx.AsyncClient, saleor: SaleorDouble
) -> None:
    response = await gql(embedded, saleor, get_introspection_query())

    assert response.status_code == 200
    assert response.json()["data"]["__schema"]["queryType"]["name"] == "Query"
