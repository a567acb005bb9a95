"""A shop in the Saleor double whose order Foresight recorded from Saleor's own webhook,
for tests that carry resolutions out in (the double of) Saleor."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import update

from saleor_foresight.claims import quantities, service, staff
from saleor_foresight.claims.models import Claim, ClaimReason, ResolutionKind
from saleor_foresight.claims.resolution import ResolutionRequest
from saleor_foresight.jobs.models import Job, JobStatus
from saleor_foresight.orders import record
from saleor_foresight.plugin import installations
from saleor_foresight.runtime import AppState
from tests.claims.support import BUYER, STAFF
from tests.graphql.dispatch.flow import deliver
from tests.saleor_double import SaleorDouble


@dataclass
class SaleorShop:
    saleor: SaleorDouble
    state: AppState
    installation_id: uuid.UUID
    order: dict[str, Any]

    @property
    def line_id(self) -> str:
        return str(self.order["lines"][0]["id"])

    async def claim(self, quantity: int = 1, reason: ClaimReason = ClaimReason.DAMAGED) -> Claim:
        async with self.state.sessionmaker.begin() as session:
            order = await record.get_order(session, self.installation_id, self.order["id"])
            assert order is not None
            return await service.file_claim(
                session,
                order,
                reason=reason,
                wished_resolution=ResolutionKind.REFUND,
                lines=[quantities.LineRequest(self.line_id, quantity)],
                message="Torn.",
                who=BUYER,
                now=datetime.now(UTC),
            )

    async def resolve(self, claim: Claim, request: ResolutionRequest) -> uuid.UUID:
        """Staff resolve directly; the job is queued (not run). The resolution's id."""
        async with self.state.sessionmaker.begin() as session:
            resolved = await staff.resolve(
                session, self.installation_id, claim.id, STAFF, datetime.now(UTC), request
            )
        return resolved.resolutions[-1].id

    async def run_jobs(self, *, later: bool = False) -> None:
        """Run every due job (``later``: as if their backoff had passed) until none is left."""
        for _ in range(10):
            if later:
                async with self.state.sessionmaker.begin() as session:
                    await session.execute(
                        update(Job)
                        .where(Job.status == JobStatus.PENDING)
                        .values(run_after=datetime.now(UTC) - timedelta(seconds=1))
                    )
            report = await self.state.worker.run_once()
            if not (report.done or report.retried or report.failed):
                return


async def saleor_shop(
    client: httpx.AsyncClient,
    saleor: SaleorDouble,
    state: AppState,
    *,
    quantity: int = 2,
    paid: bool = True,
) -> SaleorShop:
    """An order of ``quantity`` shirts, paid through a transaction and shipped."""
    order = saleor.add_order([(saleor.add_product(price="20.00"), quantity)], paid=paid)
    fulfillment = saleor.add_fulfillment(order, tracking_number="DHL-1")
    await deliver(client, saleor, "FULFILLMENT_CREATED", order=order, fulfillment=fulfillment)
    async with state.sessionmaker() as session:
        installation = await installations.get_active(session, saleor.api_url)
    return SaleorShop(saleor, state, installation.id, order)
