"""The deadline sweep: a missed deadline escalates the claim once and tells staff in the
Dashboard; a claim whose deadline has not passed, or whose shop answered, is left alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import func, select, update

from saleor_foresight.claims import service, staff
from saleor_foresight.claims.jobs import CLAIMS_JOB, slot_after
from saleor_foresight.claims.models import Claim, ClaimEvent
from saleor_foresight.claims.states import ClaimStatus
from saleor_foresight.claims.sweep import sweep
from saleor_foresight.jobs.models import Job
from saleor_foresight.runtime import AppState
from tests.claims.saleor_shop import SaleorShop, saleor_shop
from tests.claims.support import BUYER, STAFF
from tests.saleor_double import SaleorDouble


async def missed(shop: SaleorShop, claim: Claim, hours: int = 1) -> None:
    """Move the claim's deadline into the past, as time would."""
    async with shop.state.sessionmaker.begin() as session:
        await session.execute(
            update(Claim)
            .where(Claim.id == claim.id)
            .values(due_at=datetime.now(UTC) - timedelta(hours=hours))
        )


async def sweep_now(shop: SaleorShop) -> None:
    """What the sweep queued for the deadline's slot does when it comes; then its notes."""
    async with shop.state.sessionmaker.begin() as session:
        await sweep(session, shop.installation_id, datetime.now(UTC))
    await shop.run_jobs()


async def fresh(shop: SaleorShop, claim: Claim) -> Claim:
    async with shop.state.sessionmaker() as session:
        row = await session.get(Claim, claim.id)
        assert row is not None
        return row


async def test_a_missed_deadline_escalates_once_and_tells_staff(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    # given two claims, one of which the shop left past its deadline
    shop = await saleor_shop(client, installed, state)
    late, on_time = await shop.claim(), await shop.claim()
    await missed(shop, late)

    # when the sweeps run, twice
    await sweep_now(shop)
    await sweep_now(shop)

    # then the late one is escalated, with one event and one note, and stays overdue
    escalated = await fresh(shop, late)
    assert escalated.status == ClaimStatus.ESCALATED
    assert escalated.escalated_at is not None and escalated.overdue_notified_at is not None
    assert escalated.due_at is not None and escalated.due_at < datetime.now(UTC)
    assert (await fresh(shop, on_time)).status == ClaimStatus.OPEN
    async with state.sessionmaker() as session:
        misses = await session.scalar(
            select(func.count()).select_from(ClaimEvent).where(ClaimEvent.action == "MISS_DEADLINE")
        )
    assert misses == 1
    notes = [c["input"]["message"] for c in installed.calls_to("orderNoteAdd")]
    assert len([n for n in notes if "missed its response deadline" in n]) == 1


async def test_the_buyer_writing_to_an_escalated_claim_starts_a_new_deadline(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    shop = await saleor_shop(client, installed, state)
    claim = await shop.claim()
    await missed(shop, claim)
    await sweep_now(shop)

    async with state.sessionmaker.begin() as session:
        written = await service.send_message(
            session, shop.installation_id, claim.id, BUYER, "Hello?", datetime.now(UTC)
        )

    assert written.status == ClaimStatus.ESCALATED
    assert written.due_at is not None and written.due_at > datetime.now(UTC)
    assert written.overdue_notified_at is None
    # and that deadline has its own sweep waiting
    async with state.sessionmaker() as session:
        slots = await session.scalars(
            select(Job.dedupe_key).where(Job.kind == CLAIMS_JOB, Job.status == "PENDING")
        )
        assert f"claims-sweep:{slot_after(written.due_at).isoformat()}" in set(slots)


async def test_a_claim_staff_answered_is_not_escalated(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    shop = await saleor_shop(client, installed, state)
    claim = await shop.claim()
    async with state.sessionmaker.begin() as session:
        await staff.request_info(
            session, shop.installation_id, claim.id, STAFF, datetime.now(UTC), "A photo?"
        )

    await missed(shop, claim)
    await sweep_now(shop)

    assert (await fresh(shop, claim)).status == ClaimStatus.WAITING_FOR_BUYER
