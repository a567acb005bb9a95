"""The claim section of a pack: the claim, its thread, its resolution and its log's check."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.evidence.claim import gather_claim
from saleor_foresight.evidence.errors import EvidenceError
from saleor_foresight.storage import LocalStorage
from tests.evidence.factories import complete_order


@pytest.mark.xfail(
    strict=True,
    raises=EvidenceError,
    reason="gather_claim waits on a public read function of the claims domain (a claim with "
    "its buyer-visible thread, resolutions with Saleor's refund ids, photos, and the claim "
    "log's verification); until then a claim pack answers CLAIMS_UNAVAILABLE",
)
async def test_a_claim_pack_carries_the_thread_resolution_and_log_check(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    shop = await complete_order(sessionmaker, storage)
    from saleor_foresight.claims.models import Claim

    async with sessionmaker.begin() as session:
        claim = Claim(
            installation_id=shop.installation_id,
            number=1,
            order_id=shop.order_id,
            reason="NOT_RECEIVED",
            wished_resolution="REFUND",
            status="OPEN",
        )
        session.add(claim)
        await session.flush()
        section = await gather_claim(session, shop.installation_id, claim.id)

    assert section.claim_id == claim.id and section.log["ok"] is True
