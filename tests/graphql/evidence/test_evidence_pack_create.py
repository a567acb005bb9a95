"""evidencePackCreate, then evidencePack: staff ask, the queue builds, a fresh link downloads it."""

from __future__ import annotations

import hashlib
import io
import json
import uuid
import zipfile

import httpx
from starlette.applications import Starlette

from saleor_foresight.graphql.evidence.types import CLAIM_TYPE
from saleor_foresight.graphql.ids import to_global_id
from saleor_foresight.runtime import AppState
from tests.evidence.test_claim_section import GRANTED, refunded_claim
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


async def test_a_claim_pack_carries_the_claim_thread(
    app: Starlette, client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    # given a claim on the order, refunded once Saleor confirmed it
    shop = await shop_of(app, installed)
    refunded = await refunded_claim(state.sessionmaker, app.state.storage, shop)
    token = installed.staff_token()

    # when staff ask for the claim's pack
    created = await gql(
        client,
        installed,
        CREATE,
        {"claimId": to_global_id(CLAIM_TYPE, refunded.claim_id), "provider": "PAYPAL"},
        token=token,
    )
    payload = created.json()["data"]["evidencePackCreate"]
    assert payload["errors"] == []
    assert payload["pack"]["orderId"] == shop.saleor_order_id

    # then the pack built (beside the claim's own Saleor jobs) shows the thread, the refund
    # and the log's check
    await state.worker.run_once()
    ready = (await gql(client, installed, PACK, {"id": payload["pack"]["id"]}, token=token)).json()
    found = ready["data"]["evidencePack"]
    assert found["status"] == "READY"
    archive = zipfile.ZipFile(io.BytesIO((await client.get(found["downloadUrl"])).content))
    evidence = json.loads(archive.read("evidence.json"))
    claim = evidence["claim"]
    assert [m["action"] for m in claim["messages"]] == ["FILE", "RESOLVE", "CONFIRM_RESOLUTION"]
    assert claim["resolutions"][0]["refund_ids"] == [GRANTED]
    assert evidence["verification"]["claim_log"]["ok"] is True
    assert "The seam is torn." in archive.read("summary.html").decode()
    credit = json.loads(archive.read("paypal/CREDIT_NOT_PROCESSED.json"))
    assert "PROOF_OF_REFUND" in [e["evidence_type"] for e in credit["evidences"]]


async def test_an_unknown_claim_is_not_found(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    response = await gql(
        client, installed, CREATE,
        {"claimId": to_global_id(CLAIM_TYPE, uuid.uuid4()), "provider": "GENERIC"},
        token=installed.staff_token(),
    )  # fmt: skip

    (error,) = response.json()["data"]["evidencePackCreate"]["errors"]
    assert (error["field"], error["code"]) == ("claimId", "NOT_FOUND")
