"""policyPublish: the draft becomes the version buyers see; it never changes again."""

from __future__ import annotations

import strawberry

from ....policies import service
from ....policies.errors import PolicyError as DomainPolicyError
from ...context import Info
from ...errors import payload_errors
from ..types import Policy, PolicyError
from .common import RENAMED, manager, policy_id, policy_view


@strawberry.type
class PolicyPublish:
    policy: Policy | None = None
    errors: list[PolicyError] = strawberry.field(default_factory=list)


async def policy_publish(info: Info, policy: strawberry.ID) -> PolicyPublish:
    context = info.context
    author = manager(context)
    try:
        async with context.transaction() as session:
            await service.publish(
                session, context.installation.id, policy_id(policy), staff_user_id=author
            )
            view = await policy_view(session, context.installation.id, policy_id(policy))
            return PolicyPublish(policy=view)
    except DomainPolicyError as error:
        return PolicyPublish(errors=payload_errors(PolicyError, error, RENAMED))
