"""The policy mutations, one per module under ``mutations/``."""

from __future__ import annotations

import strawberry

from ...limits import ASKS_SALEOR
from .accept_disclosures import AcceptDisclosures, accept_disclosures
from .policy_create import PolicyCreate, policy_create
from .policy_deactivate import PolicyDeactivate, policy_deactivate
from .policy_draft_save import PolicyDraftSave, policy_draft_save
from .policy_publish import PolicyPublish, policy_publish
from .policy_update import PolicyUpdate, policy_update


@strawberry.type
class PolicyMutation:
    policy_create: PolicyCreate = strawberry.mutation(
        resolver=policy_create, description="Create a policy (staff: MANAGE_SETTINGS)."
    )
    policy_update: PolicyUpdate = strawberry.mutation(
        resolver=policy_update,
        description="Change a policy's targeting, flags or name (staff: MANAGE_SETTINGS).",
    )
    policy_draft_save: PolicyDraftSave = strawberry.mutation(
        resolver=policy_draft_save,
        description="Create or replace the policy's draft version (staff: MANAGE_SETTINGS).",
    )
    policy_publish: PolicyPublish = strawberry.mutation(
        resolver=policy_publish,
        description="Publish the draft; it never changes again (staff: MANAGE_SETTINGS).",
    )
    policy_deactivate: PolicyDeactivate = strawberry.mutation(
        resolver=policy_deactivate,
        description="Stop disclosing a policy; nothing is deleted (staff: MANAGE_SETTINGS).",
    )
    accept_disclosures: AcceptDisclosures = strawberry.mutation(
        resolver=accept_disclosures,
        description="The buyer accepts the disclosures that apply to their checkout now.",
        metadata=ASKS_SALEOR,
    )
