"""GraphQL types of evidence packs and readiness (translations of the domain's rows)."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.relay import PageInfo

from ...evidence import errors, models, readiness
from ...orders.models import Order
from ..context import Info
from ..ids import to_global_id

EvidenceProvider = models.Provider
DisputeReason = models.DisputeReason
EvidencePackStatus = models.PackStatus
EvidencePiece = readiness.EvidencePiece
EvidenceErrorCode = errors.EvidenceErrorCode
strawberry.enum(EvidenceProvider, name="EvidenceProvider", description="Whose shape a pack takes.")
strawberry.enum(
    DisputeReason, name="DisputeReason", description="The dispute reasons evidence answers."
)
strawberry.enum(EvidencePackStatus, name="EvidencePackStatus")
strawberry.enum(EvidencePiece, name="EvidencePiece", description="One piece of evidence.")
strawberry.enum(EvidenceErrorCode, name="EvidenceErrorCode")

PACK_TYPE = "EvidencePack"
CLAIM_TYPE = "Claim"


@strawberry.type(description="An expected failure of an evidence operation.")
class EvidenceError:
    field: str | None
    code: EvidenceErrorCode
    message: str


@strawberry.type(name="EvidencePack", description="A ZIP of an order's (or claim's) evidence.")
class EvidencePackType:
    row: strawberry.Private[models.EvidencePack]
    order_saleor_id: strawberry.Private[str]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id(PACK_TYPE, self.row.id))

    @strawberry.field(description="Saleor's order ID.")
    def order_id(self) -> strawberry.ID:
        return strawberry.ID(self.order_saleor_id)

    @strawberry.field(description="The claim of a claim pack.")
    def claim_id(self) -> strawberry.ID | None:
        claim = self.row.claim_id
        return strawberry.ID(to_global_id(CLAIM_TYPE, claim)) if claim else None

    @strawberry.field
    def provider(self) -> EvidenceProvider:
        return models.Provider(self.row.provider)

    @strawberry.field(description="The reason asked for; null: every reason.")
    def reason(self) -> DisputeReason | None:
        return models.DisputeReason(self.row.reason) if self.row.reason else None

    @strawberry.field(description="PENDING while the background job builds it.")
    def status(self) -> EvidencePackStatus:
        return models.PackStatus(self.row.status)

    @strawberry.field(description="SHA-256 (hex) of the ZIP, once READY.")
    def sha256(self) -> str | None:
        return self.row.sha256

    @strawberry.field(description="Size of the ZIP in bytes, once READY.")
    def byte_size(self) -> float | None:
        return float(self.row.byte_size) if self.row.byte_size is not None else None

    @strawberry.field(description="Why the last attempt failed (FAILED, or PENDING and retrying).")
    def error(self) -> str | None:
        return self.row.error

    @strawberry.field(description="How many times the job tried to build it.")
    def attempts(self) -> int:
        return self.row.attempts

    @strawberry.field(description="Email of the staff member who asked for it.")
    def requested_by(self) -> str:
        return self.row.requested_by_email

    @strawberry.field
    def created_at(self) -> datetime:
        return self.row.created_at

    @strawberry.field
    def finished_at(self) -> datetime | None:
        return self.row.finished_at

    @strawberry.field(description="A fresh, short-lived link to the ZIP; null until READY.")
    async def download_url(self, info: Info) -> str | None:
        if self.row.status != models.PackStatus.READY or self.row.storage_key is None:
            return None
        name = f"evidence-{self.row.provider.lower()}-{str(self.row.id)[:8]}.zip"
        return await info.context.storage.download_url(self.row.storage_key, filename=name)


@strawberry.type(description="Which evidence an order has against one dispute reason.")
class ReasonReadiness:
    reason: DisputeReason
    ready: bool = strawberry.field(description="Every piece the reason asks for is there.")
    present: list[EvidencePiece]
    missing: list[EvidencePiece]

    @classmethod
    def of(cls, found: readiness.ReasonReadiness) -> ReasonReadiness:
        return cls(
            reason=found.reason,
            ready=found.ready,
            present=list(found.present),
            missing=list(found.missing),
        )


@strawberry.type(description="An order's evidence against each dispute reason.")
class OrderReadiness:
    order_id: strawberry.ID = strawberry.field(description="Saleor's order ID.")
    order_number: str
    channel: str
    created_at: datetime
    reasons: list[ReasonReadiness]

    @classmethod
    def of(cls, order: Order, found: readiness.Readiness) -> OrderReadiness:
        return cls(
            order_id=strawberry.ID(order.saleor_id),
            order_number=order.number,
            channel=order.channel_slug,
            created_at=order.created_at,
            reasons=[ReasonReadiness.of(r) for r in found.reasons()],
        )


@strawberry.type
class OrderReadinessEdge:
    cursor: str
    node: OrderReadiness


@strawberry.type(description="Orders by readiness, newest first.")
class OrderReadinessConnection:
    edges: list[OrderReadinessEdge]
    page_info: PageInfo
