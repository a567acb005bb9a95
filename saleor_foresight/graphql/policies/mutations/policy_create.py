"""policyCreate: a new policy, with no version yet (staff: MANAGE_SETTINGS)."""

from __future__ import annotations

import strawberry

from ....policies import service
from ....policies.errors import PolicyError as DomainPolicyError
from ...context import Info
from ...errors import payload_errors
from ..types import Policy, PolicyError, PolicyKind, TargetingInput
from .common import RENAMED, manager, policy_view


@strawberry.input
class PolicyCreateInput:
    kind: PolicyKind
    name: str = strawberry.field(description="Staff-facing name; buyers see the version's title.")
    requires_acceptance: bool = True
    active: bool = True
    fallback_language: str = "EN"
    targeting: TargetingInput | None = None


@strawberry.type
class PolicyCreate:
    policy: Policy | None = None
    errors: list[PolicyError] = strawberry.field(default_factory=list)


async def policy_create(info: Info, input: PolicyCreateInput) -> PolicyCreate:
    context = info.context
    manager(context)
    try:
        async with context.transaction() as session:
            targeting = input.targeting.to_domain() if input.targeting else None
            created = await service.create_policy(
                session,
                context.installation.id,
                kind=input.kind,
                name=input.name,
                requires_acceptance=input.requires_acceptance,
                active=input.active,
                fallback_language=input.fallback_language,
                targeting=targeting,
            )
            view = await policy_view(session, context.installation.id, created.id)
            return PolicyCreate(policy=view)
    except DomainPolicyError as error:
        return PolicyCreate(errors=payload_errors(PolicyError, error, RENAMED))
