"""policyDeactivate: stop disclosing a policy; its versions and records stay (MANAGE_SETTINGS)."""

from __future__ import annotations

import strawberry

from ....policies import service
from ....policies.errors import PolicyError as DomainPolicyError
from ...context import Info
from ...errors import payload_errors
from ..types import Policy, PolicyError
from .common import RENAMED, manager, policy_id, policy_view


@strawberry.type
class PolicyDeactivate:
    policy: Policy | None = None
    errors: list[PolicyError] = strawberry.field(default_factory=list)


async def policy_deactivate(info: Info, id: strawberry.ID) -> PolicyDeactivate:
    context = info.context
    manager(context)
    try:
        async with context.transaction() as session:
            await service.deactivate(session, context.installation.id, policy_id(id))
            view = await policy_view(session, context.installation.id, policy_id(id))
            return PolicyDeactivate(policy=view)
    except DomainPolicyError as error:
        return PolicyDeactivate(errors=payload_errors(PolicyError, error, RENAMED))
