"""The claims domain's enums, registered with strawberry under the API's names, and the
payload error type every claims mutation answers with (built by ``payload_errors``)."""

from __future__ import annotations

from enum import StrEnum

import strawberry

from ...claims import errors, guidance, models, staff, states
from ..photos.types import error_codes

ClaimStatus = states.ClaimStatus
ClaimAction = states.Action
ClaimActor = states.Actor
ClaimReason = models.ClaimReason
ClaimResolutionKind = models.ResolutionKind
ClaimResolutionStatus = models.ResolutionStatus
ClaimErrorCode = error_codes("ClaimErrorCode", errors.ClaimErrorCode)
ClaimReasonAvailability = guidance.Availability
ClaimEvidenceKind = guidance.Evidence
ClaimRejectionCode = staff.RejectionCode
strawberry.enum(ClaimStatus, name="ClaimStatus", description="Where a claim stands.")
strawberry.enum(ClaimAction, name="ClaimAction", description="A step in a claim's life.")
strawberry.enum(ClaimActor, name="ClaimActor", description="Who took a step.")
strawberry.enum(ClaimReason, name="ClaimReason")
strawberry.enum(ClaimResolutionKind, name="ClaimResolutionKind")
strawberry.enum(
    ClaimResolutionStatus,
    name="ClaimResolutionStatus",
    description="An offer's answer, then how carrying it out in Saleor goes.",
)
strawberry.enum(ClaimReasonAvailability, name="ClaimReasonAvailability")
strawberry.enum(ClaimEvidenceKind, name="ClaimEvidenceKind", description="What to show.")
strawberry.enum(ClaimRejectionCode, name="ClaimRejectionCode")


@strawberry.enum(description="How staff's claim list is sorted.")
class ClaimSortField(StrEnum):
    DEADLINE = "DEADLINE"
    CREATED_AT = "CREATED_AT"


@strawberry.enum
class ClaimSortDirection(StrEnum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.type(name="ClaimError", description="An expected failure of a claim operation.")
class ClaimErrorType:
    field: str | None
    code: StrEnum = strawberry.field(graphql_type=ClaimErrorCode)
    message: str
