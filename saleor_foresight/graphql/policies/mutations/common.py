"""What the policy mutations share: the staff check, ID parsing, domain errors as payload errors."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from ....policies import service
from ....policies.errors import PolicyError as DomainPolicyError
from ...context import Context
from ...ids import from_global_id
from ..types import Policy, PolicyError

MANAGE_SETTINGS = "MANAGE_SETTINGS"


def policy_id(value: str) -> uuid.UUID:
    return from_global_id(value, "Policy")


def errors_of(error: DomainPolicyError) -> list[PolicyError]:
    return [PolicyError(field=error.field, code=error.code, message=error.message)]


def manager(context: Context) -> str:
    """The staff member managing policies (MANAGE_SETTINGS); their Saleor user id."""
    return context.staff(MANAGE_SETTINGS).user_id


async def policy_view(
    session: AsyncSession, installation_id: uuid.UUID, policy: uuid.UUID
) -> Policy:
    """The policy as the API shows it, with its versions and their acceptance counts."""
    row = await service.get_policy(session, installation_id, policy)
    counts = await service.acceptance_counts(session, installation_id, [v.id for v in row.versions])
    return Policy.of(row, counts)
