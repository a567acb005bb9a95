"""The rules mutations, one per module, gathered into the domain's Mutation class."""

from __future__ import annotations

import strawberry

from .channel_rules_update import channel_rules_update


@strawberry.type
class RulesMutation:
    channel_rules_update = strawberry.mutation(
        resolver=channel_rules_update,
        description="Change a channel's Foresight rules. Needs MANAGE_SETTINGS.",
    )
