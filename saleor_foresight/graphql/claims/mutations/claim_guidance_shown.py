"""claimGuidanceShown: the widget reports that the buyer opened a reason's guidance.

Who may call it is who may read claimOptions for the order (the order's customer, or a guest
giving its email); anyone else gets NOT_FOUND "No such order.", as claimOptions answers, and
nothing is written. Only buyers' views count: staff get NOT_ALLOWED and nothing is written.
The availability recorded is Foresight's own for that reason at that moment, never the
client's.
"""

from __future__ import annotations

from datetime import datetime

import strawberry

from ....claims import views
from ....claims.errors import ClaimError, NotAllowed
from ....claims.models import GuidanceView
from ....db import utcnow
from ....plugin.tokens import Staff
from ...context import Info
from ...errors import payload_errors
from ..common import RENAMED, order_for
from ..enums import ClaimErrorType, ClaimReason, ClaimReasonAvailability


@strawberry.type(description="A reason's guidance as the buyer was shown it on one order.")
class ClaimGuidanceView:
    reason: ClaimReason
    availability: ClaimReasonAvailability = strawberry.field(
        description="The reason's availability when the buyer first saw it."
    )
    first_shown_at: datetime
    last_shown_at: datetime
    times: int = strawberry.field(description="How often it was shown (counting stops high).")

    @classmethod
    def of(cls, row: GuidanceView) -> ClaimGuidanceView:
        return cls(
            reason=ClaimReason(row.reason),
            availability=ClaimReasonAvailability(row.availability),
            first_shown_at=row.first_shown_at,
            last_shown_at=row.last_shown_at,
            times=row.times,
        )


@strawberry.type
class ClaimGuidanceShown:
    view: ClaimGuidanceView | None = None
    errors: list[ClaimErrorType]


async def claim_guidance_shown(
    info: Info, order_id: strawberry.ID, reason: ClaimReason, email: str | None = None
) -> ClaimGuidanceShown:
    context = info.context
    try:
        if isinstance(context.viewer, Staff):
            raise NotAllowed("Only buyers' views of the guidance are recorded.")
        async with context.transaction() as session:
            order = await order_for(context, session, order_id, email)
            row = await views.buyer_shown(session, order, reason, utcnow())
    except ClaimError as error:
        return ClaimGuidanceShown(errors=payload_errors(ClaimErrorType, error, RENAMED))
    return ClaimGuidanceShown(view=ClaimGuidanceView.of(row), errors=[])
