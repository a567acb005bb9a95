"""Answers a client can rely on: a field's error is HTTP 200 with a typed code, a request the
client got wrong is 400; a client's mistake is logged at INFO without a traceback, and only
a failure of Foresight's own at ERROR with one."""

from __future__ import annotations

import logging

import httpx
import pytest

from saleor_foresight.graphql.policies import queries as policy_queries
from tests.graphql.conftest import gql
from tests.saleor_double import SaleorDouble, global_id

UNKNOWN = global_id("Order", "0b7c3a52-1111-4f0e-8a53-8d6f0d1e2c3b")
ORDER_FIELDS = {
    "orderAcceptances": "query($id: ID!) { orderAcceptances(orderId: $id) { id } }",
    "orderClaims": "query($id: ID!) { orderClaims(orderId: $id) { id } }",
    "orderDispatchProof": "query($id: ID!) { orderDispatchProof(orderId: $id) { orderId } }",
}


def client_mistakes_only(caplog: pytest.LogCaptureFixture) -> None:
    """Nothing above INFO was logged, and nothing with a traceback."""
    assert [r.getMessage() for r in caplog.records if r.levelno > logging.INFO] == []
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []


@pytest.mark.parametrize("field", ORDER_FIELDS)
async def test_an_unknown_order_is_a_typed_error_with_http_200_for_every_field(
    client: httpx.AsyncClient,
    installed: SaleorDouble,
    caplog: pytest.LogCaptureFixture,
    field: str,
) -> None:
    caplog.set_level(logging.DEBUG)

    response = await gql(
        client, installed, ORDER_FIELDS[field], {"id": UNKNOWN}, token=installed.staff_token()
    )

    assert response.status_code == 200
    (error,) = response.json()["errors"]
    assert (error["extensions"]["code"], error["path"]) == ("NOT_FOUND", [field])
    client_mistakes_only(caplog)
    refused = [r for r in caplog.records if r.name == "saleor_foresight.graphql.errors"]
    assert [(r.levelno, "NOT_FOUND" in r.getMessage()) for r in refused] == [(logging.INFO, True)]


@pytest.mark.parametrize(
    ("document", "variables", "permissions", "code"),
    [
        # a refused proof: a guest's wrong email for an order
        (
            "query($id: ID!, $email: String) { orderClaims(orderId: $id, email: $email) { id } }",
            {"id": UNKNOWN, "email": "thief@example.com"},
            None,
            "NOT_FOUND",
        ),
        # a bad id
        (
            "query($id: ID!) { evidencePack(id: $id) { id } }",
            {"id": "nonsense"},
            ("MANAGE_ORDERS",),
            "INVALID_ID",
        ),
        # a permission the caller lacks
        ("{ claimSettings { responseDays } }", {}, (), "PERMISSION_DENIED"),
    ],
)
async def test_a_clients_mistake_in_a_field_is_http_200_and_logged_at_info(
    client: httpx.AsyncClient,
    installed: SaleorDouble,
    caplog: pytest.LogCaptureFixture,
    document: str,
    variables: dict[str, str],
    permissions: tuple[str, ...] | None,
    code: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    staff = None if permissions is None else installed.staff_token(user_permissions=permissions)

    response = await gql(client, installed, document, variables, token=staff)

    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == code
    client_mistakes_only(caplog)


@pytest.mark.parametrize(
    ("document", "code"),
    [
        ("query { nothing }", "GRAPHQL_VALIDATION_FAILED"),
        ("query { viewer { kind }", "GRAPHQL_PARSE_FAILED"),
        ("query { " + "viewer { kind } " * 400 + "}", None),  # past the document limits
    ],
)
async def test_a_refused_document_is_http_400_and_logged_at_info(
    client: httpx.AsyncClient,
    installed: SaleorDouble,
    caplog: pytest.LogCaptureFixture,
    document: str,
    code: str | None,
) -> None:
    caplog.set_level(logging.DEBUG)

    response = await gql(client, installed, document)

    assert response.status_code == 400
    assert response.json()["data"] is None
    if code is not None:
        assert response.json()["errors"][0]["extensions"]["code"] == code
    client_mistakes_only(caplog)
    assert any(r.levelno == logging.INFO for r in caplog.records)


async def test_a_bug_is_logged_at_error_with_its_traceback(
    client: httpx.AsyncClient,
    installed: SaleorDouble,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given a resolver that breaks
    async def broken(*args: object) -> None:
        raise RuntimeError("a bug of ours")

    monkeypatch.setattr(policy_queries.service, "list_policies", broken)

    # when staff ask for it
    response = await gql(client, installed, "{ policies { id } }", token=installed.staff_token())

    # then the client gets a masked internal error, and the operator the traceback
    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "INTERNAL_ERROR"
    assert "a bug" not in response.text
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert errors[0].exc_info is not None and errors[0].exc_info[0] is RuntimeError
