"""APP_DELETED through the webhook route: the first removes the installation; a repeat, still
verified against the removed installation's keys and naming its app, is answered 200 with no
effect; anything else stays refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from saleor_foresight.plugin import installations
from saleor_foresight.runtime import AppState
from tests.plugin.webhooks.conftest import count_deliveries, delivery_for, post
from tests.saleor_double import SaleorDouble, global_id


async def removed_at(state: AppState) -> datetime | None:
    async with state.sessionmaker() as session:
        (installation,) = await installations.list_all(session)
        assert not installation.active
        return installation.removed_at


async def test_a_repeated_app_deleted_is_answered_200_with_no_effect(
    client: httpx.AsyncClient, state: AppState, installed: SaleorDouble
) -> None:
    # given the app removed by a first APP_DELETED
    removal = delivery_for(installed, "APP_DELETED", app=installed.app)
    assert (await post(client, removal)).status_code == 200
    first_removed_at = await removed_at(state)
    deliveries = await count_deliveries(state.sessionmaker)

    # when Saleor delivers it again, and then a second removal body (another issuedAt)
    repeat = await post(client, removal)
    later = delivery_for(
        installed, "APP_DELETED", app=installed.app,
        issued_at=datetime.now(UTC) + timedelta(seconds=5),
    )  # fmt: skip
    second = await post(client, later)

    # then both are answered 200, and nothing changed or was stored
    assert repeat.status_code == 200, repeat.text
    assert repeat.json() == {"outcome": "ALREADY_REMOVED"}
    assert second.status_code == 200, second.text
    assert second.json() == {"outcome": "ALREADY_REMOVED"}
    assert await removed_at(state) == first_removed_at
    assert await count_deliveries(state.sessionmaker) == deliveries


async def test_a_repeat_is_verified_against_the_removed_installations_keys(
    client: httpx.AsyncClient, state: AppState, installed: SaleorDouble
) -> None:
    # given a removed installation
    removal = delivery_for(installed, "APP_DELETED", app=installed.app)
    assert (await post(client, removal)).status_code == 200

    # when a repeat's signature is forged, or its body was changed after signing
    forged = await post(client, removal, headers={"Saleor-Signature": "e30..AAAA"})
    changed = await post(client, removal, body=removal.body.replace(b'"App', b'"Ap\\u0070'))

    # then both are refused as before
    assert forged.status_code == 401
    assert changed.status_code == 401

    # when Saleor rotated its key meanwhile and repeats the removal
    installed.rotate_key()
    rotated = await post(client, delivery_for(installed, "APP_DELETED", app=installed.app))

    # then the removed installation's Saleor is asked for its keys, and the repeat is taken
    assert rotated.status_code == 200, rotated.text
    jwks_fetches = [r for r in installed.requests if r.url.path == "/.well-known/jwks.json"]
    assert len(jwks_fetches) == 2  # registration, and the rotation


async def test_a_removal_of_an_app_we_never_knew_stays_refused(
    client: httpx.AsyncClient, state: AppState, installed: SaleorDouble
) -> None:
    # given a removed installation
    assert (
        await post(client, delivery_for(installed, "APP_DELETED", app=installed.app))
    ).status_code == 200

    # when a signed APP_DELETED names another app, or was built for another recipient
    other_app = await post(
        client, delivery_for(installed, "APP_DELETED", app={"id": global_id("App", 99)})
    )
    own_app = installed.app
    installed.app = {**own_app, "id": global_id("App", 98)}  # Saleor's body for another app
    other_recipient = await post(client, delivery_for(installed, "APP_DELETED", app=own_app))
    installed.app = own_app

    # then both are refused as not ours
    assert other_app.status_code == 400
    assert other_recipient.status_code == 400
    # and any other event for the removed installation is still unknown
    order = installed.add_order([(installed.add_product(), 1)])
    assert (
        await post(client, delivery_for(installed, "ORDER_CREATED", order=order))
    ).status_code == 401


async def test_an_app_deleted_from_a_saleor_never_installed_is_refused(
    client: httpx.AsyncClient, state: AppState, saleor: SaleorDouble
) -> None:
    response = await post(client, delivery_for(saleor, "APP_DELETED", app=saleor.app))

    assert response.status_code == 401
    assert await count_deliveries(state.sessionmaker) == 0
