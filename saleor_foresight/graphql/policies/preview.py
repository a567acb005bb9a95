"""policyPreview: a draft body rendered as buyers would see it, for the policy editor's preview."""

from __future__ import annotations

import strawberry

from ...policies.content import normalise_language, render_body
from ...policies.errors import PolicyError as DomainPolicyError
from ..context import Info
from ..errors import payload_errors
from .mutations.common import RENAMED, manager
from .types import PolicyError


@strawberry.input
class PolicyPreviewInput:
    body: str = strawberry.field(description="Markdown, as policyDraftSave takes it.")
    language_code: str | None = strawberry.field(
        default=None, description="The language it is written in (named in error messages)."
    )


@strawberry.type(description="A body rendered with the code that renders it for buyers.")
class PolicyPreview:
    body_html: str | None = strawberry.field(
        default=None, description="The HTML buyers would see: sanitised, as bodyHtml is."
    )
    errors: list[PolicyError] = strawberry.field(default_factory=list)


def policy_preview(info: Info, input: PolicyPreviewInput) -> PolicyPreview:
    """Render ``input.body`` exactly as saving it as a draft would; nothing is stored."""
    manager(info.context)
    language = normalise_language(input.language_code) if input.language_code else None
    try:
        return PolicyPreview(body_html=render_body(input.body, language))
    except DomainPolicyError as error:
        return PolicyPreview(errors=payload_errors(PolicyError, error, RENAMED))
