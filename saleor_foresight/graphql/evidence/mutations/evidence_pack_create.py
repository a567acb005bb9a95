"""evidencePackCreate: ask for an order's (or a claim's) evidence pack, built by a job.

The pack is PENDING in the answer; the background queue builds it (usually within seconds)
and ``evidencePack(id)`` then answers READY with a fresh short-lived ``downloadUrl``.
"""

from __future__ import annotations

import strawberry

from ....evidence import service
from ....evidence.errors import EvidenceError as DomainError
from ....evidence.errors import invalid
from ...access import MANAGE_ORDERS
from ...context import Info
from ...errors import InvalidId, payload_errors
from ...ids import from_global_id
from ..types import CLAIM_TYPE, DisputeReason, EvidenceError, EvidencePackType, EvidenceProvider


@strawberry.type
class EvidencePackCreate:
    pack: EvidencePackType | None = None
    errors: list[EvidenceError] = strawberry.field(default_factory=list)


async def evidence_pack_create(
    info: Info,
    provider: EvidenceProvider,
    order_id: strawberry.ID | None = None,
    claim_id: strawberry.ID | None = None,
    reason: DisputeReason | None = None,
) -> EvidencePackCreate:
    context = info.context
    staff = context.staff(MANAGE_ORDERS)
    try:
        claim = None
        if claim_id is not None:
            try:
                claim = from_global_id(claim_id, CLAIM_TYPE)
            except InvalidId as exc:
                raise invalid("claim_id", exc.message) from None
        async with context.transaction() as session:
            pack = await service.request_pack(
                session,
                context.installation.id,
                order_id=order_id,
                claim_id=claim,
                provider=provider,
                reason=reason,
                staff_id=staff.user_id,
                staff_email=staff.email,
            )
            order_saleor_id = order_id or await service.order_saleor_id(session, pack)
    except DomainError as error:
        return EvidencePackCreate(errors=payload_errors(EvidenceError, error))
    return EvidencePackCreate(pack=EvidencePackType(row=pack, order_saleor_id=str(order_saleor_id)))
