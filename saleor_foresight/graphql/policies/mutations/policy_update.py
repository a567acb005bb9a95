"""policyUpdate: targeting, flags, name, fallback language (staff: MANAGE_SETTINGS)."""

from __future__ import annotations

import strawberry

from ....policies import service
from ....policies.errors import PolicyError as DomainPolicyError
from ...context import Info
from ...errors import payload_errors
from ..types import Policy, PolicyError, TargetingInput
from .common import RENAMED, manager, policy_id, policy_view


@strawberry.input(description="What to change; a field left out stays as it is.")
class PolicyUpdateInput:
    name: str | None = None
    requires_acceptance: bool | None = None
    active: bool | None = None
    fallback_language: str | None = None
    position: int | None = None
    targeting: TargetingInput | None = None


@strawberry.type
class PolicyUpdate:
    policy: Policy | None = None
    errors: list[PolicyError] = strawberry.field(default_factory=list)


async def policy_update(info: Info, id: strawberry.ID, input: PolicyUpdateInput) -> PolicyUpdate:
    context = info.context
    manager(context)
    try:
        async with context.transaction() as session:
            updated = await service.update_policy(
                session,
                context.installation.id,
                policy_id(id),
                name=input.name,
                requires_acceptance=input.requires_acceptance,
                active=input.active,
                fallback_language=input.fallback_language,
                position=input.position,
                targeting=input.targeting.to_domain() if input.targeting else None,
            )
            view = await policy_view(session, context.installation.id, updated.id)
            return PolicyUpdate(policy=view)
    except DomainPolicyError as error:
        return PolicyUpdate(errors=payload_errors(PolicyError, error, RENAMED))
