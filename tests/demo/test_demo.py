"""The demo: embedded only, seeded with policies and the recorded orders, and every flow
clickable against the sandbox Saleor."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

import httpx
import pytest

from saleor_foresight import cli
from saleor_foresight.demo.runner import build_demo
from saleor_foresight.demo.seed import DEMO_CHECKOUT
from saleor_foresight.orders import record
from saleor_foresight.plugin import installations
from saleor_foresight.runtime import AppState
from saleor_foresight.settings import load_settings
from tests.shared import VECTORS_DIR, load_vector

RECORDED_ORDER = json.loads(load_vector("webhook-0011-order_created.json")["body"])["order"]["id"]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("FORESIGHT_"):
            monkeypatch.delenv(name)


def test_the_demo_refuses_production_settings(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FORESIGHT_DATABASE_URL", "postgresql://db/foresight")
    monkeypatch.setenv("FORESIGHT_ENCRYPTION_KEYS", "PT3ZDBHQzPjE1vV1ZkH5QyJf8hZ7pQ5WJm2dUAZ5Bqg=")
    monkeypatch.setenv("FORESIGHT_SECRET_KEY", "s" * 40)

    assert cli.main(["demo"]) == 2
    assert "demo mode can't be switched on in production settings" in capsys.readouterr().err


def test_the_demo_replays_the_recordings_and_runs_the_checkout_to_order_flow(
    tmp_path: Path,
) -> None:
    app, sandbox = build_demo(load_settings(data_dir=tmp_path / "demo"), VECTORS_DIR)

    async def click_through() -> dict[str, Any]:
        state: AppState = app.state.foresight
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://demo") as client:
            index = await client.get("/demo/")
            headers = {"Saleor-Api-Url": sandbox.api_url}
            shown = await client.post("/graphql/", headers=headers, json={
                "query": "query($c: ID!) { checkoutDisclosures(checkoutId: $c) "
                         "{ disclosures { versionId title required } } }",
                "variables": {"c": DEMO_CHECKOUT},
            })  # fmt: skip
            disclosures = shown.json()["data"]["checkoutDisclosures"]["disclosures"]
            accepted = await client.post("/graphql/", headers=headers, json={
                "query": "mutation($c: ID!, $v: [ID!]!) { acceptDisclosures(checkoutId: $c, "
                         "versionIds: $v) { acceptance { recordHash } errors { code } } }",
                "variables": {"c": DEMO_CHECKOUT, "v": [d["versionId"] for d in disclosures]},
            })  # fmt: skip
            placed = await client.post("/demo/orders")
            staff_page = await client.get("/demo/dashboard?page=app")
            proof = await client.post("/graphql/", headers=headers, json={
                "query": "query($o: ID!, $e: String) { orderDispatchProof(orderId: $o, email: $e) "
                         "{ fulfillments { trackingNumber photos { url sha256 } } } }",
                "variables": {"o": RECORDED_ORDER, "e": "guest-guest4@example.com"},
            })  # fmt: skip
            (order_id,) = sandbox.orders
            shipped = await client.post(f"/demo/orders/{order_id}/ship")
            async with state.sessionmaker() as session:
                installation = await installations.get_active(session, sandbox.api_url)
                recorded_guest = await record.get_order(
                    session,
                    installation.id,
                    json.loads((VECTORS_DIR / "webhook-0011-order_created.json").read_text())[
                        "body"
                    ]
                    and "T3JkZXI6ODBjZTU0NTYtMTE4MC00MjNkLThkOGItMGEzYTE2NTEzZWE1",
                )
                demo_order = await record.get_order(session, installation.id, order_id)
            await state.close()
        return {
            "index": index, "disclosures": disclosures, "accepted": accepted.json(),
            "placed": placed, "shipped": shipped, "recorded": recorded_guest, "demo": demo_order,
            "notes": sandbox.notes[order_id],
            "staff_page": staff_page, "proof": proof.json(),
        }  # fmt: skip

    seen = asyncio.run(click_through())

    assert seen["index"].status_code == 200 and "<strong>Demo.</strong>" in seen["index"].text
    assert {d["title"] for d in seen["disclosures"]} >= {"Return terms", "Colours may differ"}
    assert seen["accepted"]["data"]["acceptDisclosures"]["errors"] == []
    assert seen["placed"].status_code == 303 and seen["shipped"].status_code == 303
    # the recorded guest order 25 came in through the real intake, with its tracking number
    assert seen["recorded"] is not None and seen["recorded"].number == "25"
    assert [f.tracking_number for f in seen["recorded"].fulfillments] == ["TRACK-25"]
    # the demo order was bound to the buyer's acceptance, noted and confirmed
    assert seen["demo"].acceptance_status == "COMPLETE"
    assert seen["demo"].fulfillments[0].tracking_number.startswith("DEMO-TRACK-")
    # the recorded parcel has a sample dispatch photo, and the staff pages are framed
    (parcel,) = seen["proof"]["data"]["orderDispatchProof"]["fulfillments"]
    assert parcel["trackingNumber"] == "TRACK-25" and len(parcel["photos"]) == 1
    staff_page = seen["staff_page"]
    assert staff_page.status_code == 200 and "<strong>Demo.</strong>" in staff_page.text
    assert "/dashboard/app?" in staff_page.text and 'type: "handshake"' in staff_page.text
    (note,) = seen["notes"]
    assert "accepted before paying" in note
