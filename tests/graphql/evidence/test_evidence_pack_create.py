"""evidencePackCreate, then evidencePack: staff ask, the queue builds, a fresh link downloads it."""

from __future__ import annotations

import hashlib
import io
import zipfile

import httpx
from starlette.applications import Starlette

from saleor_foresight.plugin.state import AppState
from tests.graphql.conftest import gql
from tests.graphql.evidence.support import shop_of
from tests.saleor_double import SaleorDouble

CREATE = """
mutation Create($orderId: ID, $claimId: ID, $provider: EvidenceProvider!, $reason: DisputeReason) {
  evidencePackCreate(orderId: $orderId, claimId: $claimId, provider: $provider, reason: $reason) {
    pack { id orderId provider reason status downloadUrl requestedBy }
    errors { field code message }
  }
}
"""

PACK = """
query Pack($id: ID!) {
  evidencePack(id: $id) { id status sha256 byteSize attempts error downloadUrl finishedAt }
}
"""


async def test_staff_get_a_pack_built_in_the_background_with_a_fresh_link(
    app: Starlette, client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    # given an order with its evidence, and a staff member holding MANAGE_ORDERS
    shop = await shop_of(app, installed)
    token = installed.staff_token()

    # when they ask for its PayPal pack
    created = await gql(
        client,
        installed,
        CREATE,
        {"orderId": shop.saleor_order_id, "provider": "PAYPAL", "reason": "NOT_RECEIVED"},
        token=token,
    )

    # then it is pending, with no link yet
    payload = created.json()["data"]["evidencePackCreate"]
    assert payload["errors"] == []
    pack = payload["pack"]
    assert (pack["status"], pack["downloadUrl"], pack["orderId"]) == (
        "PENDING",
        None,
        shop.saleor_order_id,
    )
    assert pack["requestedBy"] == "staff@example.com"

    # and once the queue ran, it is READY with a link that downloads the ZIP it describes
    report = await state.worker.run_once()
    assert report.done == 1
    ready = (await gql(client, installed, PACK, {"id": pack["id"]}, token=token)).json()
    found = ready["data"]["evidencePack"]
    assert found["status"] == "READY" and found["attempts"] == 1
    downloaded = await client.get(found["downloadUrl"])
    assert downloaded.status_code == 200
    assert hashlib.sha256(downloaded.content).hexdigest() == found["sha256"]
    assert len(downloaded.content) == found["byteSize"]
    names = zipfile.ZipFile(io.BytesIO(downloaded.content)).namelist()
    assert "paypal/MERCHANDISE_OR_SERVICE_NOT_RECEIVED.json" in names


async def test_an_unknown_order_is_an_error_in_the_payload(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    response = await gql(
        client,
        installed,
        CREATE,
        {"orderId": "T3JkZXI6OTk5", "provider": "STRIPE"},
        token=installed.staff_token(),
    )

    payload = response.json()["data"]["evidencePackCreate"]
    assert payload["pack"] is None
    assert payload["errors"] == [
        {"field": "orderId", "code": "NOT_FOUND", "message": "No such order."}
    ]


async def test_a_bad_claim_id_is_invalid(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    response = await gql(
        client, installed, CREATE, {"claimId": "nonsense", "provider": "GENERIC"},
        token=installed.staff_token(),
    )  # fmt: skip

    (error,) = response.json()["data"]["evidencePackCreate"]["errors"]
    assert (error["field"], error["code"]) == ("claimId", "INVALID")


async def test_without_manage_orders_nothing_is_asked(
    app: Starlette, client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    shop = await shop_of(app, installed)

    guest = await gql(client, installed, CREATE, {"orderId": shop.saleor_order_id,
                                                  "provider": "GENERIC"})  # fmt: skip
    staff = await gql(
        client, installed, CREATE, {"orderId": shop.saleor_order_id, "provider": "GENERIC"},
        token=installed.staff_token(user_permissions=("MANAGE_PRODUCTS",)),
    )  # fmt: skip

    for response in (guest, staff):
        (error,) = response.json()["errors"]
        assert error["extensions"]["code"] == "PERMISSION_DENIED"
