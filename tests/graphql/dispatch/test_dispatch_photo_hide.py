"""dispatchPhotoHide: staff hide a photo from the buyer and say why; nothing deletes one."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from saleor_foresight.graphql.ids import to_global_id
from saleor_foresight.graphql.schema import schema
from tests.graphql.conftest import gql
from tests.graphql.dispatch.flow import photograph, ship
from tests.saleor_double import SaleorDouble

HIDE = """
mutation Hide($id: ID!, $reason: String!) {
  dispatchPhotoHide(id: $id, reason: $reason) {
    photo { id hidden hiddenReason hiddenBy hiddenAt url }
    errors { field code message }
  }
}
"""

PROOF = """
query Proof($orderId: ID!, $email: String) {
  orderDispatchProof(orderId: $orderId, email: $email) {
    fulfillments { photos { id hidden } }
  }
}
"""

STAFF_PROOF = """
query Proof($orderId: ID!) {
  orderDispatchProof(orderId: $orderId) {
    fulfillments { photos { id hidden hiddenReason hiddenBy } }
  }
}
"""

QUEUE = "query { packingQueue { edges { node { orderId } } } }"


async def hide(
    client: httpx.AsyncClient, saleor: SaleorDouble, photo_id: str, reason: str, **options: Any
) -> dict[str, Any]:
    token = options.pop("token", None) or saleor.staff_token(email="lead@example.com")
    response = await gql(client, saleor, HIDE, {"id": photo_id, "reason": reason}, token=token)
    body = response.json()
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["dispatchPhotoHide"]
    return payload


async def test_a_hidden_photo_leaves_the_buyers_view_and_stays_for_staff(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a parcel with a confirmed photo, seen by its buyer
    parcel = await ship(client, installed, email="ada@example.com")
    photo = await photograph(client, installed, parcel)
    guest = {"orderId": parcel.order_id, "email": "ada@example.com"}
    before = await gql(client, installed, PROOF, guest)
    assert before.json()["data"]["orderDispatchProof"]["fulfillments"][0]["photos"] == [
        {"id": photo["id"], "hidden": False}
    ]

    # when a lead hides it, saying why
    payload = await hide(client, installed, photo["id"], "Shows another customer's label")

    # then it is marked hidden with who and why ...
    assert payload["errors"] == []
    hidden = payload["photo"]
    assert (hidden["id"], hidden["hidden"]) == (photo["id"], True)
    assert hidden["hiddenReason"] == "Shows another customer's label"
    assert (hidden["hiddenBy"], hidden["hiddenAt"] is not None) == ("lead@example.com", True)
    # ... the buyer no longer sees it ...
    after = await gql(client, installed, PROOF, guest)
    assert after.json()["data"]["orderDispatchProof"]["fulfillments"][0]["photos"] == []
    # ... staff still do, marked hidden ...
    staff = await gql(
        client, installed, STAFF_PROOF, {"orderId": parcel.order_id}, token=installed.staff_token()
    )
    assert staff.json()["data"]["orderDispatchProof"]["fulfillments"][0]["photos"] == [
        {
            "id": photo["id"],
            "hidden": True,
            "hiddenReason": "Shows another customer's label",
            "hiddenBy": "lead@example.com",
        }
    ]
    # ... and the parcel is back in the packing queue for a new photo
    queue = await gql(client, installed, QUEUE, token=installed.staff_token())
    assert queue.json()["data"]["packingQueue"]["edges"] == [{"node": {"orderId": parcel.order_id}}]


@pytest.mark.parametrize(
    ("reason", "field", "code"),
    [(" ", "reason", "INVALID"), ("x" * 501, "reason", "INVALID")],
    ids=["blank", "too long"],
)
async def test_a_reason_is_required(
    client: httpx.AsyncClient, installed: SaleorDouble, reason: str, field: str, code: str
) -> None:
    photo = await photograph(client, installed, await ship(client, installed))

    payload = await hide(client, installed, photo["id"], reason)

    assert payload["photo"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]


async def test_hiding_twice_keeps_the_first_reason(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    photo = await photograph(client, installed, await ship(client, installed))
    await hide(client, installed, photo["id"], "Blurry")

    again = await hide(client, installed, photo["id"], "Something else")

    assert [(e["field"], e["code"]) for e in again["errors"]] == [("id", "ALREADY_HIDDEN")]


async def test_an_unknown_or_malformed_photo_id(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    unknown = await hide(client, installed, to_global_id("DispatchPhoto", uuid.uuid4()), "x")
    malformed = await hide(client, installed, "T3JkZXI6MQ==", "x")

    assert [e["code"] for e in unknown["errors"]] == ["NOT_FOUND"]
    assert [(e["field"], e["code"]) for e in malformed["errors"]] == [("id", "INVALID")]


async def test_buyers_cannot_hide(client: httpx.AsyncClient, installed: SaleorDouble) -> None:
    parcel = await ship(client, installed, user_id="VXNlcjo0Ng==")
    photo = await photograph(client, installed, parcel)

    response = await gql(
        client,
        installed,
        HIDE,
        {"id": photo["id"], "reason": "I do not like it"},
        token=installed.customer_token(user_id="VXNlcjo0Ng=="),
    )

    assert response.json()["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


def test_no_mutation_deletes_a_photo() -> None:
    mutation = schema.get_type_by_name("Mutation")
    assert mutation is not None
    names = {field.python_name for field in mutation.fields}  # type: ignore[attr-defined]

    assert {n for n in names if "dispatch" in n} == {
        "dispatch_photo_upload_create",
        "dispatch_photo_confirm",
        "dispatch_photo_hide",
    }
    assert not [n for n in names if "dispatch" in n and "delete" in n]
