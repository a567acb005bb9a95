"""The policy editor in the app's page."""

from __future__ import annotations

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.graphql.conftest import gql
from tests.graphql.policies.support import current_version, published_policy
from tests.graphql.policies.test_policy_language_gaps import accept_in
from tests.web.dashboard.conftest import ON_SESSION_LOOP, Dashboard, snapshot

pytestmark = [pytest.mark.browser, ON_SESSION_LOOP]

BODY = (
    "Screens show colours differently; the **fabric** may look darker.\n\n"
    "- Natural dye\n- Washed by hand\n\n"
    '<script>window.parent.pwned = 1</script><img src=x onerror="window.pwned = 1">'
)
POLICIES = "{ policies { name active versions { number status current contentHash } } }"


async def test_staff_create_write_preview_and_publish_a_policy(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given a staff member who may change settings
    token = dashboard.saleor.staff_token(user_permissions=["MANAGE_ORDERS", "MANAGE_SETTINGS"])
    frame = await dashboard.open(page, "/dashboard/app/policies", token=token)

    # when they name a colour warning and create it without saying whether it is active
    await frame.get_by_label("Name (staff only)").fill("Colour warning")
    await frame.get_by_label("Kind").select_option("COLOUR_DIFFERENCE")
    await frame.get_by_role("button", name="Create policy").click()

    # then nothing is created: neither active nor required is chosen for them
    active = frame.get_by_label("Active: buyers see it at checkout once it is published")
    required = frame.get_by_label("Buyers must accept it before paying")
    await expect(active).not_to_be_checked()
    await expect(frame.get_by_label("Inactive: kept for later")).not_to_be_checked()
    await expect(required).not_to_be_checked()
    await expect(frame.get_by_label("Buyers are shown it, nothing to accept")).not_to_be_checked()
    assert (await gql(client, dashboard.saleor, POLICIES, token=token)).json()["data"][
        "policies"
    ] == []

    # when they choose both and create it
    await active.check()
    await required.check()
    await frame.get_by_role("button", name="Create policy").click()
    await expect(frame.locator(".policy-item", has_text="Colour warning")).to_be_visible()

    # and write its text: the live preview follows, without running anything in it
    await frame.get_by_label("Title buyers see").fill("Colours may differ")
    await frame.get_by_label("Words beside the checkbox").fill("I understand the colour may differ")
    await frame.get_by_label("Text (Markdown)").fill(BODY)
    preview = frame.locator(".preview-frame")
    await expect(preview.locator("strong")).to_have_text("fabric")
    await expect(preview.locator("li")).to_have_count(2)
    await expect(preview).to_contain_text("I understand the colour may differ")
    assert await preview.locator("script, img").count() == 0

    # when they save the draft, the preview is Foresight's sanitised rendering
    await frame.get_by_role("button", name="Save draft").click()
    await expect(frame.get_by_text("Draft saved.")).to_be_visible()
    await expect(frame.get_by_text("The saved draft, as Foresight renders it")).to_be_visible()
    await expect(preview.locator(".preview-body strong")).to_have_text("fabric")
    assert await preview.locator("script, img").count() == 0
    await snapshot(page, "app-policies-draft")

    # when they press Publish, they are asked first, saying what it means for buyers
    await frame.get_by_role("button", name="Publish", exact=True).click()
    confirm = frame.get_by_role("alertdialog", name="Publish this text?")
    await expect(confirm).to_contain_text("what buyers will see at checkout from now on")
    await confirm.get_by_role("button", name="Cancel").click()

    # and cancelling publishes nothing
    await expect(confirm).to_have_count(0)
    await expect(frame.get_by_role("button", name="Publish", exact=True)).to_be_focused()
    response = await gql(client, dashboard.saleor, POLICIES, token=token)
    assert [v["status"] for v in response.json()["data"]["policies"][0]["versions"]] == ["DRAFT"]

    # when they confirm
    await frame.get_by_role("button", name="Publish", exact=True).click()
    await confirm.get_by_role("button", name="Publish now").click()
    await expect(frame.get_by_text("Version 1 is published")).to_be_visible()
    await expect(frame.locator("tr[data-version='1']")).to_contain_text("current")
    await snapshot(page, "app-policies-published")

    # then the policy is published, and nothing the body held ran anywhere
    response = await gql(client, dashboard.saleor, POLICIES, token=token)
    (policy,) = response.json()["data"]["policies"]
    assert policy["name"] == "Colour warning" and policy["active"] is True
    assert [(v["number"], v["status"], v["current"]) for v in policy["versions"]] == [
        (1, "PUBLISHED", True)
    ]
    assert await page.evaluate("window.pwned") is None
    assert await frame.evaluate("window.pwned") is None
    notification = [a for a in await dashboard.actions(page) if a["type"] == "notification"]
    assert notification[-1]["payload"]["title"] == "Colour warning"


async def test_staff_without_manage_settings_read_policies_only(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given a published policy, and a staff member who may only manage orders
    manager = dashboard.saleor.staff_token(user_permissions=["MANAGE_ORDERS", "MANAGE_SETTINGS"])
    created = await gql(
        client,
        dashboard.saleor,
        'mutation { policyCreate(input: {kind: RETURN_TERMS, name: "Returns"}) '
        "{ policy { id } errors { message } } }",
        token=manager,
    )
    assert created.json()["data"]["policyCreate"]["errors"] == []

    # when they open the policies
    frame = await dashboard.open(page, "/dashboard/app/policies")

    # then they read it, and can change nothing
    await expect(frame.locator(".policy-item", has_text="Returns")).to_be_visible()
    await expect(
        frame.get_by_text("changing them needs the MANAGE_SETTINGS permission")
    ).to_be_visible()
    await expect(frame.get_by_label("Text (Markdown)")).to_be_disabled()
    await expect(frame.get_by_role("button", name="New policy")).to_have_count(0)


async def test_inactive_and_optional_is_a_choice_and_headings_read_as_headings(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given a staff member who may change settings
    token = dashboard.saleor.staff_token(user_permissions=["MANAGE_ORDERS", "MANAGE_SETTINGS"])
    frame = await dashboard.open(page, "/dashboard/app/policies", token=token)

    # when they create a policy kept inactive, that buyers need not accept
    await frame.get_by_label("Name (staff only)").fill("Delivery times")
    await frame.get_by_label("Inactive: kept for later").check()
    await frame.get_by_label("Buyers are shown it, nothing to accept").check()
    await frame.get_by_role("button", name="Create policy").click()
    await expect(frame.locator(".policy-item", has_text="Delivery times")).to_be_visible()

    # then it is what they chose
    response = await gql(
        client, dashboard.saleor, "{ policies { active requiresAcceptance } }", token=token
    )
    assert response.json()["data"]["policies"] == [{"active": False, "requiresAcceptance": False}]

    # when its text has headings of every level
    await frame.get_by_label("Text (Markdown)").fill(
        "# Delivery\n\n## Within the EU\n\n### Islands\n\n#### Remote ones\n\nA few days more."
    )
    body = frame.locator(".preview-body")
    await expect(body.locator("h3, h4, h5, h6")).to_have_count(4)

    # then no heading is smaller than the text under it
    sizes = await body.evaluate(
        "b => [...b.querySelectorAll('h3, h4, h5, h6, p')].map("
        "e => parseFloat(getComputedStyle(e).fontSize))"
    )
    *headings, text = sizes
    assert all(size >= text for size in headings), sizes

    # and publishing asks first, saying buyers see it once it is active
    await frame.get_by_role("button", name="Publish", exact=True).click()
    confirm = frame.get_by_role("alertdialog", name="Publish this text?")
    await expect(confirm).to_contain_text("what buyers will see once the policy is active")


async def test_the_editor_warns_of_a_language_buyers_use_that_the_policy_lacks(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given English-only return terms, accepted by a buyer checking out in German
    returns = current_version(await published_policy(client, dashboard.saleor))
    await accept_in(client, dashboard.saleor, returns["id"], "DE")

    # when staff open the policy
    frame = await dashboard.open(page, "/dashboard/app/policies")

    # then the editor says German buyers read it in English, and what to do
    gaps = frame.locator(".language-gaps")
    await expect(gaps).to_contain_text("Buyers read this policy in English (EN)")
    await expect(gaps).to_contain_text(
        "German (DE) in default-channel: 1 checkout in the last 90 days"
    )
    await expect(gaps).to_contain_text("Add a translation in that language")
