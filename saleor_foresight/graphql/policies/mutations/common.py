"""What the policy mutations share: the staff check, ID parsing, the API's names of fields."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from ....plugin.tokens import MANAGE_SETTINGS as MANAGE_SETTINGS
from ....policies import service
from ...context import Context
from ...ids import from_global_id
from ..types import Policy

# the domain's argument names the API spells otherwise (``graphql/errors.payload_errors``):
# a translation's Markdown is its input's ``body``
RENAMED = {"body_markdown": "body"}


def policy_id(value: str) -> uuid.UUID:
    return from_global_id(value, "Policy")


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
