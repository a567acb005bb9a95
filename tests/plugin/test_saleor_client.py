"""The Saleor client, driven through the Saleor double (real schema, real HTTP shapes)."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable
from decimal import Decimal

import httpx
import pytest

from saleor_foresight.errors import (
    SaleorAuthError,
    SaleorError,
    SaleorGraphQLError,
    SaleorMutationError,
    SaleorOutcomeUnknown,
    SaleorUnavailable,
)
from saleor_foresight.plugin.saleor_client import SaleorClient, load_operation
from saleor_foresight.plugin.saleor_types import OrderState
from tests.saleor_double import SaleorDouble, WorkerDied, global_id

GRAPHQL_ERRORS_400 = json.dumps({"errors": [{"message": "Syntax Error: Unexpected Name."}]})


@pytest.fixture
async def http(saleor: SaleorDouble) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=saleor.transport()) as client:
        yield client


@pytest.fixture
def client(saleor: SaleorDouble, http: httpx.AsyncClient) -> SaleorClient:
    return SaleorClient(saleor.api_url, saleor.app_token, http=http, backoff=0)


def sent_json(request: httpx.Request) -> dict[str, object]:
    body = json.loads(request.content)
    assert isinstance(body, dict)
    return body


def error_chain_text(exc: BaseException) -> str:
    """Every message and repr along the exception chain."""
    parts = []
    current: BaseException | None = exc
    while current is not None:
        parts += [str(current), repr(current)]
        current = current.__cause__ or current.__context__
    return "\n".join(parts)


# -- the low level: execute ------------------------------------------------------------------


async def test_execute_posts_the_named_operation_with_the_bearer_token(
    saleor: SaleorDouble, client: SaleorClient
) -> None:
    # when
    data = await client.execute("AppId")

    # then
    assert data == {"app": {"id": saleor.app_id}}
    (request,) = saleor.requests
    assert request.method == "POST"
    assert str(request.url) == saleor.api_url
    assert request.headers["Authorization"] == f"Bearer {saleor.app_token}"
    assert sent_json(request) == {
        "query": load_operation("AppId"),
        "operationName": "AppId",
        "variables": {},
    }


async def test_execute_without_a_token_sends_no_authorization(
    saleor: SaleorDouble, http: httpx.AsyncClient
) -> None:
    # given
    anonymous = SaleorClient(saleor.api_url, None, http=http, backoff=0)

    # when
    with pytest.raises(SaleorAuthError):
        await anonymous.app_id()

    # then
    assert "Authorization" not in saleor.requests[0].headers


async def test_unknown_operation_is_a_programming_error(client: SaleorClient) -> None:
    with pytest.raises(LookupError):
        await client.execute("NoSuchOperation")


# -- typed methods -----------------------------------------------------------------------------


async def test_app_id_returns_the_app_behind_the_token(
    saleor: SaleorDouble, client: SaleorClient
) -> None:
    # when
    app_id = await client.app_id()

    # then
    assert app_id == saleor.app_id


@pytest.mark.parametrize("kind", ["checkout", "order"])
async def test_update_private_metadata_stores_items_in_saleor(
    saleor: SaleorDouble, client: SaleorClient, kind: str
) -> None:
    # given
    variant = saleor.add_product()
    target = (
        saleor.add_checkout([(variant, 1)])
        if kind == "checkout"
        else saleor.add_order([(variant, 1)], private_metadata={"kept": "yes"})
    )

    # when
    await client.update_private_metadata(target["id"], {"foresight.acceptance": "acc_1"})

    # then
    assert saleor.private_metadata(target["id"])["foresight.acceptance"] == "acc_1"
    assert saleor.calls_to("updatePrivateMetadata") == [
        {"id": target["id"], "input": [{"key": "foresight.acceptance", "value": "acc_1"}]}
    ]


async def test_checkout_for_disclosure_reads_lines_with_product_facts(
    saleor: SaleorDouble, client: SaleorClient
) -> None:
    # given
    variant = saleor.add_product(
        "Linen shirt", attributes={"colour": ["Navy"]}, collections=["Summer"]
    )
    checkout = saleor.add_checkout([(variant, 2)], country="DE", language="DE")

    # when
    found = await client.checkout_for_disclosure(checkout["id"])

    # then
    assert found is not None
    assert found["id"] == checkout["id"]
    assert found["channel"] == {"slug": "default-channel"}
    assert found["shippingAddress"] == {"country": {"code": "DE"}}
    assert found["languageCode"] == "DE"
    (line,) = found["lines"]
    assert line["quantity"] == 2
    assert line["variant"]["attributes"] == [
        {"attribute": {"id": variant["attributes"][0]["attribute"]["id"], "slug": "colour"},
         "values": [{"slug": "navy", "name": "Navy"}]}
    ]  # fmt: skip
    product = line["variant"]["product"]
    assert product["productType"] == {"id": variant["product"]["productType"]["id"]}
    assert product["collections"] == [{"id": variant["product"]["collections"][0]["id"]}]


async def test_checkout_for_disclosure_of_an_unknown_checkout_is_none(
    client: SaleorClient,
) -> None:
    # when
    found = await client.checkout_for_disclosure(global_id("Checkout", "0" * 32))

    # then
    assert found is None


async def test_checkout_for_disclosure_needs_handle_payments_for_the_buyer(
    saleor: SaleorDouble, client: SaleorClient
) -> None:
    # given: Checkout.user needs MANAGE_USERS or HANDLE_PAYMENTS
    saleor.permissions.discard("HANDLE_PAYMENTS")
    checkout = saleor.add_checkout([(saleor.add_product(), 1)])

    # when
    with pytest.raises(SaleorAuthError) as raised:
        await client.checkout_for_disclosure(checkout["id"])

    # then
    assert "HANDLE_PAYMENTS" in str(raised.value)


async def test_a_wrong_id_type_is_a_graphql_error(
    saleor: SaleorDouble, client: SaleorClient
) -> None:
    # given
    order = saleor.add_order([(saleor.add_product(), 1)])

    # when
    with pytest.raises(SaleorGraphQLError) as raised:
        await client.checkout_for_disclosure(order["id"])

    # then
    assert raised.value.errors[0].message == "Must receive a Checkout id."
    assert raised.value.errors[0].field == "checkout"


async def test_order_confirm_confirms_an_unconfirmed_order(
    saleor: SaleorDouble, client: SaleorClient
) -> None:
    # given
    order = saleor.add_order([(saleor.add_product(), 1)], status="UNCONFIRMED")

    # when
    confirmed = await client.order_confirm(order["id"])

    # then
    assert confirmed == OrderState(order["id"], "UNFULFILLED")
    assert order["status"] == "UNFULFILLED"


async def test_a_mutation_answering_errors_raises_mutation_error_with_field_and_code(
    saleor: SaleorDouble, client: SaleorClient
) -> None:
    # given: an order that is already confirmed
    order = saleor.add_order([(saleor.add_product(), 1)], status="UNFULFILLED")

    # when
    with pytest.raises(SaleorMutationError) as raised:
        await client.order_confirm(order["id"])

    # then
    (error,) = raised.value.errors
    assert (error.field, error.code) == ("id", "INVALID")
    assert raised.value.operation == "OrderConfirm"


async def test_order_note_add_returns_the_note_event(
    saleor: SaleorDouble, client: SaleorClient
) -> None:
    # given
    order = saleor.add_order([(saleor.add_product(), 1)])

    # when
    event = await client.order_note_add(order["id"], "Claim C-1 opened by the buyer.")

    # then
    assert event.type == "NOTE_ADDED"
    assert event.message == "Claim C-1 opened by the buyer."
    assert [e["message"] for e in order["events"]] == ["Claim C-1 opened by the buyer."]


async def test_refund_is_granted_then_requested_from_the_payment_app(
    saleor: SaleorDouble, client: SaleorClient
) -> None:
    # given
    order = saleor.add_order([(saleor.add_product(price="20.00"), 2)])
    transaction_id = order["transactions"][0]["id"]
    line_id = order["lines"][0]["id"]

    # when
    granted = await client.order_grant_refund_create(
        order["id"],
        transaction_id=transaction_id,
        amount=Decimal("12.50"),
        lines={line_id: 1},
        reason="Colour differs",
    )
    transaction = await client.transaction_request_refund_for_granted_refund(
        granted.id, transaction_id
    )

    # then
    assert (granted.amount, granted.currency) == (Decimal("12.5"), "USD")
    assert granted.transaction_id == transaction_id
    assert saleor.calls_to("orderGrantRefundCreate")[0]["input"] == {
        "transactionId": transaction_id,
        "amount": "12.50",
        "lines": [{"id": line_id, "quantity": 1}],
        "reason": "Colour differs",
    }
    assert transaction.pending == Decimal("12.5")


async def test_granting_more_than_was_charged_is_refused(
    saleor: SaleorDouble, client: SaleorClient
) -> None:
    # given
    order = saleor.add_order([(saleor.add_product(price="20.00"), 1)])

    # when
    with pytest.raises(SaleorMutationError) as raised:
        await client.order_grant_refund_create(
            order["id"], transaction_id=order["transactions"][0]["id"], amount=Decimal("25")
        )

    # then
    assert raised.value.errors[0].code == "AMOUNT_GREATER_THAN_AVAILABLE"


async def test_requesting_a_refund_needs_handle_payments(
    saleor: SaleorDouble, client: SaleorClient
) -> None:
    # given
    order = saleor.add_order([(saleor.add_product(), 1)])
    transaction_id = order["transactions"][0]["id"]
    granted = await client.order_grant_refund_create(
        order["id"], transaction_id=transaction_id, amount=Decimal("5")
    )
    saleor.permissions.discard("HANDLE_PAYMENTS")

    # when / then
    with pytest.raises(SaleorAuthError):
        await client.transaction_request_refund_for_granted_refund(granted.id, transaction_id)


async def test_return_with_replacement_creates_a_replace_order(
    saleor: SaleorDouble, client: SaleorClient
) -> None:
    # given
    order = saleor.add_order([(saleor.add_product(), 2)])
    fulfillment = saleor.add_fulfillment(order, tracking_number="TRACK-1")
    shipped_line = fulfillment["lines"][0]["id"]

    # when
    answer = await client.order_fulfillment_return_products(
        order["id"],
        {"fulfillmentLines": [{"fulfillmentLineId": shipped_line, "quantity": 1, "replace": True}]},
    )

    # then
    replaced = next(f for f in order["fulfillments"] if f["status"] == "REPLACED")
    assert answer.replace_fulfillment_id == replaced["id"]
    assert answer.return_fulfillment_id is None
    assert answer.replace_order is not None and answer.replace_order.status == "DRAFT"
    assert answer.order_status == "PARTIALLY_RETURNED"


# -- retries -------------------------------------------------------------------------------


async def test_5xx_is_retried_until_saleor_answers(
    saleor: SaleorDouble, client: SaleorClient
) -> None:
    # given
    saleor.fail_next(2, status=503)

    # when
    app_id = await client.app_id()

    # then
    assert app_id == saleor.app_id
    assert len(saleor.requests) == 3


async def test_5xx_forever_is_unavailable_after_all_attempts(
    saleor: SaleorDouble, http: httpx.AsyncClient
) -> None:
    # given
    client = SaleorClient(saleor.api_url, saleor.app_token, http=http, attempts=3, backoff=0)
    saleor.fail_next(10, status=502)

    # when
    with pytest.raises(SaleorUnavailable) as raised:
        await client.app_id()

    # then
    assert len(saleor.requests) == 3
    assert "HTTP 502" in str(raised.value)


async def test_timeouts_are_retried(saleor: SaleorDouble, client: SaleorClient) -> None:
    # given
    saleor.timeout_next(3)

    # when
    app_id = await client.app_id()

    # then
    assert app_id == saleor.app_id
    assert len(saleor.requests) == 4


async def test_timeouts_forever_are_unavailable(saleor: SaleorDouble, client: SaleorClient) -> None:
    # given
    saleor.timeout_next(4)

    # when
    with pytest.raises(SaleorUnavailable) as raised:
        await client.app_id()

    # then
    assert len(saleor.requests) == 4
    assert "ReadTimeout" in str(raised.value)


async def test_a_saleor_that_cannot_be_reached_is_unavailable(
    saleor: SaleorDouble, http: httpx.AsyncClient
) -> None:
    # given: nothing listens at this origin
    client = SaleorClient("https://elsewhere.test/graphql/", "t", http=http, backoff=0)

    # when
    with pytest.raises(SaleorUnavailable):
        await client.app_id()

    # then
    assert len(saleor.requests) == 4


@pytest.mark.parametrize(
    ("content", "content_type"),
    [("Bad Request", "text/plain"), (GRAPHQL_ERRORS_400, "application/json")],
)
async def test_a_400_is_not_retried(
    saleor: SaleorDouble, client: SaleorClient, content: str, content_type: str
) -> None:
    # given
    saleor.respond_next(400, content, content_type=content_type)

    # when
    with pytest.raises(SaleorGraphQLError):
        await client.app_id()

    # then
    assert len(saleor.requests) == 1


async def test_backoff_grows_exponentially(
    saleor: SaleorDouble, http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    # given
    client = SaleorClient(saleor.api_url, saleor.app_token, http=http, backoff=0.01)
    saleor.fail_next(3)

    # when
    with caplog.at_level(logging.WARNING, logger="saleor_foresight.plugin.saleor_client"):
        await client.app_id()

    # then
    waits = [record.args[-1] for record in caplog.records if isinstance(record.args, tuple)]
    assert waits == [0.01, 0.02, 0.04]


# -- mutations that are not idempotent are sent once ---------------------------------------

LOST_ANSWERS = ["502", "timeout", "drop"]


@pytest.mark.parametrize("how", LOST_ANSWERS)
async def test_a_note_whose_answer_is_lost_is_not_sent_again(
    saleor: SaleorDouble, client: SaleorClient, how: str
) -> None:
    # given Saleor adds the note, then the answer is lost
    order = saleor.add_order([(saleor.add_product(), 1)])
    saleor.lose_answer_to("orderNoteAdd", how)

    # when
    with pytest.raises(SaleorOutcomeUnknown) as raised:
        await client.order_note_add(order["id"], "Claim #1 opened.")

    # then it was sent once, and the error says the outcome is not known
    assert len(saleor.calls_to("orderNoteAdd")) == 1
    assert [e["message"] for e in order["events"]] == ["Claim #1 opened."]
    assert raised.value.operation == "OrderNoteAdd"
    assert "may have carried it out" in str(raised.value)


@pytest.mark.parametrize("how", LOST_ANSWERS)
async def test_a_grant_whose_answer_is_lost_is_not_sent_again(
    saleor: SaleorDouble, client: SaleorClient, how: str
) -> None:
    # given
    order = saleor.add_order([(saleor.add_product(), 1)])
    saleor.lose_answer_to("orderGrantRefundCreate", how)

    # when
    with pytest.raises(SaleorOutcomeUnknown):
        await client.order_grant_refund_create(
            order["id"], transaction_id=order["transactions"][0]["id"], amount=Decimal(5)
        )

    # then
    assert len(order["grantedRefunds"]) == 1
    assert len(saleor.requests) == 1


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_a_5xx_to_a_mutation_is_an_unknown_outcome_not_a_retry(
    saleor: SaleorDouble, client: SaleorClient, status: int
) -> None:
    # given a gateway answering 5xx: it cannot tell whether Saleor ran the mutation
    order = saleor.add_order([(saleor.add_product(), 1)], status="UNCONFIRMED")
    saleor.fail_next(3, status=status)

    # when / then
    with pytest.raises(SaleorOutcomeUnknown):
        await client.order_confirm(order["id"])
    assert len(saleor.requests) == 1


async def test_a_mutation_that_never_reached_saleor_is_tried_again(
    saleor: SaleorDouble, http: httpx.AsyncClient
) -> None:
    # given nothing listens at this origin: no request ever reached a Saleor
    client = SaleorClient("https://elsewhere.test/graphql/", "t", http=http, backoff=0)

    # when
    with pytest.raises(SaleorUnavailable) as raised:
        await client.order_note_add(global_id("Order", 1), "Claim #1 opened.")

    # then it was tried every time, and the error is "unavailable", not "unknown"
    assert not isinstance(raised.value, SaleorOutcomeUnknown)
    assert len(saleor.requests) == 4


@pytest.mark.parametrize("how", LOST_ANSWERS)
async def test_an_idempotent_mutation_is_retried_after_a_lost_answer(
    saleor: SaleorDouble, client: SaleorClient, how: str
) -> None:
    # given Saleor writes the metadata, then the answer is lost
    checkout = saleor.add_checkout([(saleor.add_product(), 1)])
    saleor.lose_answer_to("updatePrivateMetadata", how)

    # when
    await client.update_private_metadata(checkout["id"], {"foresight.acceptance": "A-1"})

    # then the same keys were written twice, with the same result
    assert len(saleor.calls_to("updatePrivateMetadata")) == 2
    assert saleor.private_metadata(checkout["id"]) == {"foresight.acceptance": "A-1"}


async def test_a_read_is_retried_after_a_lost_answer(
    saleor: SaleorDouble, client: SaleorClient
) -> None:
    # given
    saleor.lose_answer_to("app", "drop")

    # when
    app_id = await client.app_id()

    # then
    assert app_id == saleor.app_id
    assert len(saleor.requests) == 2


async def test_a_worker_that_dies_after_the_call_leaves_one_effect(
    saleor: SaleorDouble, client: SaleorClient
) -> None:
    # given
    order = saleor.add_order([(saleor.add_product(), 1)])
    saleor.lose_answer_to("orderNoteAdd", "die")

    # when
    with pytest.raises(WorkerDied):
        await client.order_note_add(order["id"], "Claim #1 opened.")

    # then
    assert len(saleor.calls_to("orderNoteAdd")) == 1


# -- refusals ------------------------------------------------------------------------------


async def test_a_refused_token_is_an_auth_error_and_not_retried(
    saleor: SaleorDouble, client: SaleorClient
) -> None:
    # given
    saleor.refuse_token()

    # when
    with pytest.raises(SaleorAuthError) as raised:
        await client.app_id()

    # then
    assert "AUTHENTICATED_APP" in str(raised.value)
    assert len(saleor.requests) == 1


@pytest.mark.parametrize("status", [401, 403])
async def test_http_401_and_403_are_auth_errors(
    saleor: SaleorDouble, client: SaleorClient, status: int
) -> None:
    # given
    saleor.fail_next(1, status=status)

    # when / then
    with pytest.raises(SaleorAuthError):
        await client.app_id()
    assert len(saleor.requests) == 1


@pytest.mark.parametrize(
    "break_saleor",
    [
        lambda saleor: saleor.refuse_token(),
        lambda saleor: saleor.fail_next(10, status=503),
        lambda saleor: saleor.fail_next(1, status=401),
        lambda saleor: saleor.fail_next(1, status=400),
        lambda saleor: saleor.timeout_next(10),
        lambda saleor: saleor.respond_next(
            200, "<html>not Saleor</html>", content_type="text/html"
        ),
    ],
    ids=["refused", "5xx", "401", "400", "timeout", "not-json"],
)
async def test_the_token_never_appears_in_an_error(
    saleor: SaleorDouble, client: SaleorClient, break_saleor: Callable[[SaleorDouble], None]
) -> None:
    # given
    break_saleor(saleor)

    # when
    with pytest.raises(SaleorError) as raised:
        await client.app_id()

    # then
    assert saleor.app_token not in error_chain_text(raised.value)


# -- JWKS ----------------------------------------------------------------------------------


async def test_fetch_jwks_returns_saleors_keys_without_auth(
    saleor: SaleorDouble, client: SaleorClient
) -> None:
    # when
    jwks = await client.fetch_jwks()

    # then
    assert jwks == saleor.jwks
    assert jwks["keys"][0]["kid"] == saleor.kid
    (request,) = saleor.requests
    assert str(request.url) == "https://saleor.test/.well-known/jwks.json"
    assert "Authorization" not in request.headers


async def test_fetch_jwks_is_retried_on_5xx(saleor: SaleorDouble, client: SaleorClient) -> None:
    # given
    saleor.fail_next(1, status=500)

    # when
    jwks = await client.fetch_jwks()

    # then
    assert jwks == saleor.jwks
    assert len(saleor.requests) == 2


@pytest.mark.parametrize(
    ("status", "content"),
    [(200, "<html>hello</html>"), (200, '{"nope": []}'), (200, '{"keys": {}}'), (404, "{}")],
    ids=["not-json", "no-keys", "keys-not-a-list", "404"],
)
async def test_fetch_jwks_of_anything_but_a_key_set_is_unavailable(
    saleor: SaleorDouble, client: SaleorClient, status: int, content: str
) -> None:
    # given
    saleor.respond_next(status, content)

    # when / then
    with pytest.raises(SaleorUnavailable):
        await client.fetch_jwks()
    assert len(saleor.requests) == 1


@pytest.mark.parametrize(
    ("api_url", "jwks_url"),
    [
        ("https://saleor.test/graphql/", "https://saleor.test/.well-known/jwks.json"),
        ("http://127.0.0.1:8000/graphql/", "http://127.0.0.1:8000/.well-known/jwks.json"),
        ("https://shop.example/api/graphql/?x=1", "https://shop.example/.well-known/jwks.json"),
    ],
)
def test_jwks_url_is_at_the_origin_of_the_api_url(
    http: httpx.AsyncClient, api_url: str, jwks_url: str
) -> None:
    # given
    client = SaleorClient(api_url, None, http=http)

    # when / then
    assert client.jwks_url == jwks_url
