"""Free text through the API: a lone surrogate, NUL or another control character in any string
input is a client error that changes nothing; text with nothing visible in it is empty; a
variable of the wrong type is the client's error too, never an internal one."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from saleor_foresight.claims.models import Claim, ClaimEvent
from saleor_foresight.policies.models import Policy
from saleor_foresight.runtime import AppState
from tests.graphql.claims.flow import CLAIM_CREATE, filed, shipped_order, staff_token
from tests.graphql.policies.support import manager_token
from tests.saleor_double import SaleorDouble

NOTE = """
mutation Note($id: ID!, $note: String!) {
  claimNoteAdd(id: $id, note: $note) { claim { id } errors { field code message } }
}
"""

UNFIT = {
    "a lone surrogate": "Broken \ud800 seam",
    "a lone low surrogate": "\udfff",
    "NUL": "torn\x00seam",
    "a bell": "torn\x07",
    "an escape": "\x1b[31mred",
    "a C1 control": "torn\x85",
}
INVISIBLE = {
    "zero-width spaces": "\u200b\u200b",
    "joiners and a word joiner": "\u200c\u200d\u2060",
    "a byte order mark and spaces": "\ufeff \u3000 ",
    "bidi controls": "\u202e\u2066\u2069\u200f",
}


async def post(
    client: httpx.AsyncClient, saleor: SaleorDouble, document: dict[str, Any], token: str = ""
) -> httpx.Response:
    """The request as a client sends it: JSON with ``\\uXXXX`` escapes, any text at all."""
    headers = {"Saleor-Api-Url": saleor.api_url, "Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return await client.post("/graphql/", content=json.dumps(document), headers=headers)


def claim_input(order: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {
        "orderId": order["id"],
        "email": "buyer@example.com",
        "reason": "DAMAGED",
        "lines": [{"orderLineId": order["lines"][0]["id"], "quantity": 1}],
        "message": "The seam is torn.",
        "wishedResolution": "REFUND",
        **changes,
    }


async def count(state: AppState, model: type) -> int:
    async with state.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


def client_error(response: httpx.Response) -> tuple[int, str]:
    body = response.json()
    assert body.get("data") is None, body
    (error,) = body["errors"]
    assert error["message"] != "Internal error."
    return response.status_code, error["extensions"]["code"]


@pytest.mark.parametrize("text", UNFIT.values(), ids=UNFIT.keys())
async def test_unfit_text_in_a_claim_is_refused_and_files_nothing(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState, text: str
) -> None:
    # given a buyer's order
    order = await shipped_order(client, installed)

    # when the claim's message, or the guest's email, holds unfit text
    in_message = await post(client, installed, {
        "query": CLAIM_CREATE, "variables": {"input": claim_input(order, message=text)},
    })  # fmt: skip
    in_email = await post(client, installed, {
        "query": CLAIM_CREATE,
        "variables": {"input": claim_input(order, email=f"buyer{text}@example.com")},
    })  # fmt: skip

    # then each is a client error and no claim is filed
    assert client_error(in_message) == (400, "BAD_USER_INPUT")
    assert client_error(in_email) == (400, "BAD_USER_INPUT")
    assert "variables.input" in in_message.json()["errors"][0]["message"]
    assert await count(state, Claim) == 0


@pytest.mark.parametrize("text", INVISIBLE.values(), ids=INVISIBLE.keys())
async def test_a_message_of_nothing_visible_is_an_empty_message(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState, text: str
) -> None:
    order = await shipped_order(client, installed)

    response = await post(client, installed, {
        "query": CLAIM_CREATE, "variables": {"input": claim_input(order, message=text)},
    })  # fmt: skip

    payload = response.json()["data"]["claimCreate"]
    assert payload["claim"] is None
    assert payload["errors"] == [
        {"field": "message", "code": "REQUIRED", "message": "Write a message."}
    ]
    assert await count(state, Claim) == 0


async def test_line_breaks_tabs_and_joined_emoji_are_kept(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    order = await shipped_order(client, installed)
    text = "Torn:\n\t- left seam \U0001f469\u200d\U0001f527\r\nRTL \u200f\u05e9\u05dc\u05d5\u05dd"

    response = await post(client, installed, {
        "query": CLAIM_CREATE, "variables": {"input": claim_input(order, message=text)},
    })  # fmt: skip

    payload = response.json()["data"]["claimCreate"]
    assert payload["errors"] == []
    assert payload["claim"]["messages"][0]["body"] == text


async def test_a_staff_note_follows_the_same_rule(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    # given a filed claim
    claim = await filed(client, installed)
    token = staff_token(installed)
    events = await count(state, ClaimEvent)

    # when staff note NUL, a lone surrogate, and zero-width spaces only
    nul, surrogate, blank = [
        await post(
            client,
            installed,
            {"query": NOTE, "variables": {"id": claim["id"], "note": note}},
            token,
        )
        for note in ("call\x00back", "\ud83d", "\u200b \u200b")
    ]

    # then the first two are client errors, the third an empty note; nothing is recorded
    assert client_error(nul) == (400, "BAD_USER_INPUT")
    assert client_error(surrogate) == (400, "BAD_USER_INPUT")
    assert blank.json()["data"]["claimNoteAdd"]["errors"][0]["code"] == "REQUIRED"
    assert await count(state, ClaimEvent) == events


async def test_unfit_text_written_in_the_document_itself_is_refused(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    # given a policy name spelled with GraphQL escapes in the document, and raw in it
    escaped = 'mutation { policyCreate(input: {kind: CUSTOM, name: "Returns\\u0000"}) { errors { code } } }'  # noqa: E501
    raw = 'mutation { policyCreate(input: {kind: CUSTOM, name: "Returns \ud800"}) { errors { code } } }'  # noqa: E501
    invisible = 'mutation { policyCreate(input: {kind: CUSTOM, name: "\\u200B\\uFEFF"}) { errors { code field } } }'  # noqa: E501
    token = manager_token(installed)

    # when staff send them
    answers = [await post(client, installed, {"query": q}, token) for q in (escaped, raw)]
    blank = await post(client, installed, {"query": invisible}, token)

    # then NUL is bad input, the surrogate never parses, the invisible name is empty
    assert client_error(answers[0]) == (400, "BAD_USER_INPUT")
    assert client_error(answers[1]) == (400, "BAD_USER_INPUT")
    assert blank.json()["data"]["policyCreate"]["errors"] == [{"code": "INVALID", "field": "name"}]
    assert await count(state, Policy) == 0


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"lines": [{"orderLineId": "x", "quantity": "many"}]}, "BAD_USER_INPUT"),
        ({"reason": 5}, "BAD_USER_INPUT"),
        ({"message": 5}, "BAD_USER_INPUT"),
        ({"message": None}, "BAD_USER_INPUT"),
        ({"lines": "all"}, "BAD_USER_INPUT"),
        ({"unknownField": True}, "BAD_USER_INPUT"),
    ],
)
async def test_a_variable_of_the_wrong_type_is_the_clients_error(
    client: httpx.AsyncClient,
    installed: SaleorDouble,
    state: AppState,
    change: dict[str, Any],
    code: str,
) -> None:
    order = await shipped_order(client, installed)

    response = await post(client, installed, {
        "query": CLAIM_CREATE, "variables": {"input": claim_input(order, **change)},
    })  # fmt: skip

    assert client_error(response) == (400, code)
    assert await count(state, Claim) == 0


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("query { viewer { kind ", "GRAPHQL_PARSE_FAILED"),
        ("query { viewer { kind } } # \ud800", "BAD_USER_INPUT"),
        ('query { claimOptions(orderId: "\\ud800") { reason } }', "GRAPHQL_PARSE_FAILED"),
        ("query { viewer { noSuchField } }", "GRAPHQL_VALIDATION_FAILED"),
    ],
)
async def test_a_document_the_client_got_wrong_says_so(
    client: httpx.AsyncClient, installed: SaleorDouble, query: str, code: str
) -> None:
    response = await post(client, installed, {"query": query})

    assert client_error(response) == (400, code)


RULES_UPDATE = """
mutation Rules($channel: String!, $input: ChannelRulesInput!) {
  channelRulesUpdate(channel: $channel, input: $input) { errors { field code } }
}
"""
ASSIGN = """
mutation Assign($id: ID!, $assigneeId: ID, $assigneeEmail: String) {
  claimAssign(id: $id, assigneeId: $assigneeId, assigneeEmail: $assigneeEmail) {
    errors { field code }
  }
}
"""


async def test_text_longer_than_its_field_is_a_typed_error(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a claim, and staff sending names longer than any Saleor gives
    claim = await filed(client, installed)
    token = installed.staff_token(user_permissions=("MANAGE_ORDERS", "MANAGE_SETTINGS"))
    long = "x" * 400

    # when they set a channel's rules and assign the claim with them
    answers = [
        await post(client, installed, {"query": q, "variables": v}, token)
        for q, v in (
            (RULES_UPDATE, {"channel": long, "input": {"currency": "EUR"}}),
            (RULES_UPDATE, {"channel": "\u200b", "input": {"currency": "EUR"}}),
            (ASSIGN, {"id": claim["id"], "assigneeId": long}),
            (ASSIGN, {"id": claim["id"], "assigneeId": "VXNlcjoy", "assigneeEmail": long}),
        )
    ]

    # then each is refused in the payload, naming the field (on PostgreSQL too)
    errors = [next(iter(a.json()["data"].values()))["errors"] for a in answers]
    assert errors == [
        [{"field": "channel", "code": "INVALID"}],
        [{"field": "channel", "code": "REQUIRED"}],
        [{"field": "assigneeId", "code": "INVALID"}],
        [{"field": "assigneeEmail", "code": "INVALID"}],
    ]
