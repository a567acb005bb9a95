"""<foresight-order>'s claims: a guest whose shirt arrived torn reports it on the order page,
seeing the dispatch photo and tracking number first, and sends a photo of her own; staff offer
a refund through the API; she reloads the page and accepts it."""

from __future__ import annotations

import asyncio
import re

import httpx
import pytest
from playwright.async_api import Page, expect
from sqlalchemy import select

from saleor_foresight.claims.models import GuidanceView
from saleor_foresight.runtime import AppState
from tests.graphql.claims.flow import EMAIL, call, shipped_order, staff_token
from tests.graphql.dispatch.flow import Parcel, photograph
from tests.photos import pictures
from tests.saleor_double import SaleorDouble
from tests.web.browser.support import order_page

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

TRACKING = "DHL-00340434161094042557"
VIEWED = {("NOT_RECEIVED", "NOT_OPEN_YET", 1), ("DAMAGED", "OPEN", 1)}  # reason, as shown, times

QUEUE = "query Queue { claims { edges { node { id number status } } } }"
OFFER = """
mutation Offer($id: ID!) {
  claimOffer(id: $id, input: {kind: REFUND}, message: "We refund the shirt; keep it.") {
    claim { offer { id } } errors { code message }
  }
}
"""


async def guidance_views(state: AppState, expected: int) -> set[tuple[str, str, int]]:
    """The views the widget reported (it does not wait for them: neither do we, for long)."""
    for _ in range(50):
        async with state.sessionmaker() as session:
            rows = await session.execute(
                select(GuidanceView.reason, GuidanceView.availability, GuidanceView.times)
            )
            found = {(reason, availability, times) for reason, availability, times in rows}
        if len(found) >= expected:
            break
        await asyncio.sleep(0.1)
    return found


async def test_a_guest_reports_a_torn_shirt_with_a_photo_and_accepts_the_refund(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    # given a guest's order of two shirts, shipped with a tracking number and photographed
    order = await shipped_order(client, installed, tracking_number=TRACKING)
    await photograph(client, installed, Parcel(order, order["fulfillments"][0]))

    # when she opens the order page and starts a report
    await page.goto(order_page(installed, order["id"], email=EMAIL))
    shown = page.locator("foresight-order")
    nothing_yet = shown.get_by_text("You have not reported a problem with this order.")
    await expect(nothing_yet).to_be_visible()
    report = shown.get_by_role("button", name="Report a problem")
    await expect(report).to_have_attribute("aria-expanded", "false")
    await report.click()
    await expect(report).to_have_attribute("aria-expanded", "true")
    form = shown.get_by_role("form", name="Report a problem")
    next_step = form.get_by_role("button", name="Continue")

    # then the first step asks which items; continuing without one says so beside the button
    await expect(form.get_by_text("Step 1 of 3: Which items are affected?")).to_be_visible()
    await next_step.click()
    error = form.locator("[part=claim-error]")
    await expect(error).to_have_text("Please tick the items that are affected.")
    shirt = form.get_by_role("checkbox", name="Linen shirt (M)")
    await expect(shirt).to_be_focused()
    await expect(shirt).to_have_accessible_description("Please tick the items that are affected.")
    assert await shown.get_by_role("alert").text_content() in ("", None)

    # when she ticks the shirt (of two), she is asked how many, one to begin with
    await shirt.check()
    how_many = form.get_by_label("How many of Linen shirt (M)? (up to 2)")
    await expect(how_many).to_have_value("1")
    await next_step.click()

    # then the second step asks what is wrong; continuing without a reason says so
    await expect(form.get_by_text("Step 2 of 3: What is wrong?")).to_be_visible()
    await next_step.click()
    await expect(error).to_have_text("Please choose what is wrong.")

    # when she looks at "not received", she sees when it opens and the parcel's tracking number
    await form.get_by_role("radio", name=re.compile("^Not received Opens")).check()
    await expect(form.get_by_text(TRACKING, exact=True)).to_be_visible()
    await expect(form.get_by_label(re.compile("want to report it now anyway"))).to_be_visible()

    # and at "arrived damaged" the photo staff took of the parcel
    await form.get_by_role("radio", name=re.compile("^Arrived damaged Open")).check()
    await expect(form.get_by_text(TRACKING, exact=True)).to_be_hidden()
    await expect(form.get_by_role("img", name="Parcel 1, photo 1")).to_be_visible()

    # and Foresight recorded each reason's guidance she was shown, as it was then
    await form.get_by_role("radio", name=re.compile("^Not received Opens")).check()
    await form.get_by_role("radio", name=re.compile("^Arrived damaged Open")).check()
    assert await guidance_views(state, 2) == VIEWED
    await next_step.click()

    # and in the last step she writes what happened, asks for a refund and adds a photo
    await expect(form.get_by_text("Step 3 of 3: Tell the shop more")).to_be_visible()
    await form.get_by_label("Describe the problem").fill("The seam is torn along the left sleeve.")
    await form.get_by_label("What would you like the shop to do?").select_option("REFUND")
    await form.get_by_label("Add photos (optional)").set_input_files(
        files=[{"name": "seam.jpg", "mimeType": "image/jpeg",
                "buffer": pictures.jpeg(exif=pictures.camera_exif())}]
    )  # fmt: skip
    await form.get_by_role("button", name="Send the report").click()

    # then the claim shows, open, with her message and her photo, and the confirmation is
    # in it, where focus now is
    claim = shown.locator("[part=claim]")
    sent = claim.get_by_text("Your report was sent as claim #1.")
    await expect(sent).to_be_focused()
    await expect(sent).to_be_in_viewport()
    await expect(shown.get_by_role("heading", name="Claim #1 · Arrived damaged")).to_be_visible()
    await expect(shown.get_by_text("Open: the shop is looking into it")).to_be_visible()
    await expect(shown.get_by_text("The seam is torn along the left sleeve.")).to_be_visible()
    await expect(shown.get_by_role("img", name="Your photo 1")).to_be_visible()

    # when staff find it in their queue and offer a refund through the API
    staff = staff_token(installed)
    queue = await call(client, installed, QUEUE, {}, token=staff)
    (entry,) = queue["edges"]
    offered = await call(client, installed, OFFER, {"id": entry["node"]["id"]}, token=staff)
    assert offered["errors"] == [], offered

    # and she reloads the page
    await page.reload()

    # then she sees the offer and the shop's message, and is asked once more before accepting
    await expect(shown.get_by_text("The shop offers: A refund")).to_be_visible()
    await expect(shown.get_by_text("We refund the shirt; keep it.")).to_be_visible()
    await shown.get_by_role("button", name="Accept the offer").click()
    await expect(shown.get_by_text(re.compile(r"^Accept A refund\?"))).to_be_visible()
    await shown.get_by_role("button", name="No, go back").click()
    await expect(shown.get_by_role("button", name="Accept the offer")).to_be_focused()
    await shown.get_by_role("button", name="Accept the offer").click()
    await shown.get_by_role("button", name="Yes, accept").click()

    # then the claim is being carried out, and no offer is waiting any more
    await expect(shown.get_by_text("You accepted the offer.")).to_be_focused()
    await expect(shown.get_by_text("Offer accepted: being carried out")).to_be_visible()
    await expect(shown.get_by_role("button", name="Accept the offer")).to_have_count(0)
    await expect(shown.get_by_text(re.compile(r"^A refund: accepted"))).to_be_visible()

    # and the reasons she looked at twice in one page load were counted once each
    assert await guidance_views(state, 2) == VIEWED
