"""channelRules: a channel's thresholds, with the defaults when none are saved."""

from __future__ import annotations

import strawberry

from ...plugin.tokens import MANAGE_SETTINGS as MANAGE_SETTINGS
from ...rules import service
from ..context import Info
from .types import ChannelRules


@strawberry.type
class RulesQuery:
    @strawberry.field(description="A channel's Foresight rules (staff: MANAGE_SETTINGS).")
    async def channel_rules(self, info: Info, channel: str) -> ChannelRules:
        context = info.context
        context.staff(MANAGE_SETTINGS)
        rules = await service.get(context.session, context.installation.id, channel)
        return ChannelRules.of(rules)
