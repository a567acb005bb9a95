"""channelRulesUpdate: change a channel's thresholds. Needs MANAGE_SETTINGS.

Refused, as typed errors: a negative amount, a currency that is not the one of the
channel's orders on record, and no currency at all for a channel without orders.
"""

from __future__ import annotations

import strawberry

from ....rules import service
from ....rules.errors import RulesError
from ...context import Info
from ...errors import payload_errors
from ..queries import MANAGE_SETTINGS
from ..types import RENAMED, ChannelRules, ChannelRulesError, ChannelRulesInput


@strawberry.type
class ChannelRulesUpdate:
    rules: ChannelRules | None = None
    errors: list[ChannelRulesError]


async def channel_rules_update(
    info: Info, channel: str, input: ChannelRulesInput
) -> ChannelRulesUpdate:
    context = info.context
    staff = context.staff(MANAGE_SETTINGS)
    try:
        async with context.transaction() as session:
            rules = await service.update(
                session,
                context.installation.id,
                channel,
                input.currency,
                input.amounts(),
                staff.email,
                input.fallback_changes(),
            )
    except RulesError as error:
        return ChannelRulesUpdate(errors=payload_errors(ChannelRulesError, error, RENAMED))
    return ChannelRulesUpdate(rules=ChannelRules.of(rules), errors=[])
