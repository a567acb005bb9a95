"""claimSettingsUpdate: change the shop's claim rules. Needs MANAGE_SETTINGS.

A change applies to deadlines and dates computed from then on; running deadlines keep
their date (a buyer was told it).
"""

from __future__ import annotations

import strawberry

from ....claims import config
from ....claims.errors import ClaimError
from ....plugin.tokens import MANAGE_SETTINGS as MANAGE_SETTINGS
from ...context import Info
from ...errors import payload_errors
from ..common import RENAMED
from ..enums import ClaimErrorType
from ..settings import ClaimSettingsInput, ClaimSettingsType


@strawberry.type
class ClaimSettingsUpdate:
    settings: ClaimSettingsType | None = None
    errors: list[ClaimErrorType]


async def claim_settings_update(info: Info, input: ClaimSettingsInput) -> ClaimSettingsUpdate:
    context = info.context
    staff = context.staff(MANAGE_SETTINGS)
    try:
        async with context.transaction() as session:
            row = await config.update(
                session, context.installation.id, input.to_domain(), staff.email
            )
            view = ClaimSettingsType.of(row)
    except ClaimError as error:
        return ClaimSettingsUpdate(errors=payload_errors(ClaimErrorType, error, RENAMED))
    return ClaimSettingsUpdate(settings=view, errors=[])
