"""claims (staff): the list to answer, filtered and sorted by deadline, a page at a time, in
a fixed number of queries however many claims it shows."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from saleor_foresight.runtime import AppState
from tests.graphql.claims.flow import call, file_claim, overdue, shipped_order, staff_token
from tests.graphql.conftest import gql
from tests.graphql.dispatch.flow import statements
from tests.saleor_double import SaleorDouble

CLAIMS = """
query Claims($filter: ClaimFilterInput, $sortBy: ClaimSortingInput, $first: Int, $after: String) {
  claims(filter: $filter, sortBy: $sortBy, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges {
      cursor
      node {
        number status reason orderNumber channel dueAt overdue availableActions
        lines { productName quantity }
        assignee { userId }
        offer { kind status lines { productName quantity } }
        resolution { status lastError }
        messages { body author photos { id } }
      }
    }
  }
}
"""
ASSIGN = """
mutation Assign($id: ID!) {
  claimAssign(id: $id, assigneeId: "VXNlcjoyMQ==") { errors { code } }
}
"""


async def numbers(client: httpx.AsyncClient, saleor: SaleorDouble, **variables: Any) -> list[int]:
    payload = await call(client, saleor, CLAIMS, variables, token=staff_token(saleor))
    return [edge["node"]["number"] for edge in payload["edges"]]


async def claims_of(client: httpx.AsyncClient, saleor: SaleorDouble, count: int) -> list[str]:
    """``count`` claims, one per order, #1 first; their IDs."""
    ids = []
    for _ in range(count):
        order = await shipped_order(client, saleor, quantity=1)
        ids.append((await file_claim(client, saleor, order))["claim"]["id"])
    return ids


async def test_the_list_filters_and_puts_the_most_urgent_first(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    # given three claims: #3 overdue, #1 assigned, #2 waiting for the buyer (no deadline)
    first, second, _ = await claims_of(client, installed, 3)
    await overdue(state, 3)
    staff = staff_token(installed)
    await call(client, installed, ASSIGN, {"id": first}, token=staff)
    await call(client, installed, """
        mutation Ask($id: ID!) { claimRequestInfo(id: $id, message: "?") { errors { code } } }
    """, {"id": second}, token=staff)  # fmt: skip

    # then by deadline: #3 (overdue), #1, then #2 without a deadline; and the filters
    assert await numbers(client, installed) == [3, 1, 2]
    newest_first = {"field": "CREATED_AT", "direction": "DESC"}
    assert await numbers(client, installed, sortBy=newest_first) == [3, 2, 1]
    assert await numbers(client, installed, filter={"overdue": True}) == [3]
    assert await numbers(client, installed, filter={"assigneeId": "VXNlcjoyMQ=="}) == [1]
    assert await numbers(client, installed, filter={"unassigned": True}) == [3, 2]
    assert await numbers(client, installed, filter={"statuses": ["WAITING_FOR_BUYER"]}) == [2]
    assert await numbers(client, installed, filter={"reasons": ["NOT_RECEIVED"]}) == []
    assert await numbers(client, installed, filter={"channels": ["other-channel"]}) == []


async def test_pages_follow_each_other_without_gaps(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    await claims_of(client, installed, 5)
    await overdue(state, 4)
    seen: list[int] = []
    after = None
    while True:
        payload = await call(client, installed, CLAIMS, {"first": 2, "after": after},
                             token=staff_token(installed))  # fmt: skip
        seen += [edge["node"]["number"] for edge in payload["edges"]]
        assert payload["totalCount"] == 5
        if not payload["pageInfo"]["hasNextPage"]:
            break
        after = payload["pageInfo"]["endCursor"]

    assert seen == [4, 1, 2, 3, 5]


async def test_buyers_have_no_list(client: httpx.AsyncClient, installed: SaleorDouble) -> None:
    response = await gql(client, installed, CLAIMS, {}, token=installed.customer_token())

    assert response.json()["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


@pytest.mark.parametrize("bad", ["not-a-cursor", "fA=="])
async def test_a_cursor_it_did_not_give_is_refused(
    client: httpx.AsyncClient, installed: SaleorDouble, bad: str
) -> None:
    response = await gql(client, installed, CLAIMS, {"after": bad}, token=staff_token(installed))

    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_one_claim_or_thirty_take_the_same_number_of_queries(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    async def count_queries() -> tuple[int, int]:
        with statements(state.engine) as sent:
            payload = await call(client, installed, CLAIMS, {"first": 50},
                                 token=staff_token(installed))  # fmt: skip
        return len(payload["edges"]), len(sent)

    await claims_of(client, installed, 1)
    one = await count_queries()
    await claims_of(client, installed, 29)
    thirty = await count_queries()

    assert (one[0], thirty[0]) == (1, 30)
    assert one[1] == thirty[1]
