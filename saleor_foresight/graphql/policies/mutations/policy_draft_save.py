"""policyDraftSave: create or replace the policy's one draft version (staff: MANAGE_SETTINGS)."""

from __future__ import annotations

import strawberry

from ....policies import service
from ....policies.content import TranslationInput
from ....policies.errors import PolicyError as DomainPolicyError
from ...context import Info
from ...errors import payload_errors
from ..types import Policy, PolicyError
from .common import RENAMED, manager, policy_id, policy_view


@strawberry.input
class PolicyTranslationInput:
    language_code: str = strawberry.field(description="A Saleor language code, e.g. EN or PT_BR.")
    title: str
    body: str = strawberry.field(description="Markdown; raw HTML is not rendered.")
    consent_label: str


@strawberry.input
class PolicyDraftInput:
    translations: list[PolicyTranslationInput]
    return_window_days: int | None = strawberry.field(
        default=None, description="Days the buyer may return goods (RETURN_TERMS only)."
    )


@strawberry.type
class PolicyDraftSave:
    policy: Policy | None = None
    errors: list[PolicyError] = strawberry.field(default_factory=list)


async def policy_draft_save(
    info: Info, policy: strawberry.ID, input: PolicyDraftInput
) -> PolicyDraftSave:
    context = info.context
    author = manager(context)
    try:
        async with context.transaction() as session:
            await service.save_draft(
                session,
                context.installation.id,
                policy_id(policy),
                [
                    TranslationInput(
                        language=t.language_code,
                        title=t.title,
                        body_markdown=t.body,
                        consent_label=t.consent_label,
                    )
                    for t in input.translations
                ],
                return_window_days=input.return_window_days,
                staff_user_id=author,
            )
            view = await policy_view(session, context.installation.id, policy_id(policy))
            return PolicyDraftSave(policy=view)
    except DomainPolicyError as error:
        return PolicyDraftSave(errors=payload_errors(PolicyError, error, RENAMED))
