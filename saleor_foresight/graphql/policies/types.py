"""GraphQL types of policies, disclosures and acceptances (translations of the domain's rows)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime

import strawberry

from ...policies import models
from ...policies.disclosure import Disclosure as DomainDisclosure
from ...policies.errors import PolicyErrorCode as DomainErrorCode
from ...policies.service import language_gaps
from ...policies.targeting import AttributeRule as DomainAttributeRule
from ...policies.targeting import Targeting as DomainTargeting
from ..context import Info
from ..ids import to_global_id

# The domain's enums are the API's: strawberry.enum registers them (and returns them as is).
PolicyKind = models.PolicyKind
PolicyVersionStatus = models.VersionStatus
PolicyErrorCode = DomainErrorCode
strawberry.enum(PolicyKind, name="PolicyKind", description="What a policy is about.")
strawberry.enum(PolicyVersionStatus, name="PolicyVersionStatus")
strawberry.enum(PolicyErrorCode, name="PolicyErrorCode")


@strawberry.type(description="An expected failure of a policy or disclosure operation.")
class PolicyError:
    field: str | None
    code: PolicyErrorCode
    message: str


@strawberry.type(description='"The variant has attribute X": with any value, or one of values.')
class AttributeRule:
    attribute: str
    values: list[str]


@strawberry.type(description="Where a policy applies: OR within a list, AND across lists.")
class Targeting:
    channels: list[str]
    countries: list[str]
    product_types: list[strawberry.ID]
    categories: list[strawberry.ID]
    collections: list[strawberry.ID]
    products: list[strawberry.ID]
    attributes: list[AttributeRule]

    @classmethod
    def of(cls, targeting: DomainTargeting) -> Targeting:
        return cls(
            channels=sorted(targeting.channels),
            countries=sorted(targeting.countries),
            product_types=[strawberry.ID(v) for v in sorted(targeting.product_types)],
            categories=[strawberry.ID(v) for v in sorted(targeting.categories)],
            collections=[strawberry.ID(v) for v in sorted(targeting.collections)],
            products=[strawberry.ID(v) for v in sorted(targeting.products)],
            attributes=[
                AttributeRule(attribute=r.attribute, values=sorted(r.values))
                for r in targeting.attributes
            ],
        )


@strawberry.input
class AttributeRuleInput:
    attribute: str
    values: list[str] = strawberry.field(default_factory=list, description="Empty: any value.")


@strawberry.input(description="Saleor IDs and slugs to target; an empty list does not restrict.")
class TargetingInput:
    channels: list[str] = strawberry.field(default_factory=list)
    countries: list[str] = strawberry.field(default_factory=list)
    product_types: list[strawberry.ID] = strawberry.field(default_factory=list)
    categories: list[strawberry.ID] = strawberry.field(default_factory=list)
    collections: list[strawberry.ID] = strawberry.field(default_factory=list)
    products: list[strawberry.ID] = strawberry.field(default_factory=list)
    attributes: list[AttributeRuleInput] = strawberry.field(default_factory=list)

    def to_domain(self) -> DomainTargeting:
        return DomainTargeting(
            channels=frozenset(self.channels),
            countries=frozenset(c.upper() for c in self.countries),
            product_types=frozenset(self.product_types),
            categories=frozenset(self.categories),
            collections=frozenset(self.collections),
            products=frozenset(self.products),
            attributes=tuple(
                DomainAttributeRule(r.attribute, frozenset(r.values)) for r in self.attributes
            ),
        )


@strawberry.type
class PolicyTranslation:
    language_code: str
    title: str
    body_markdown: str
    body_html: str
    consent_label: str

    @classmethod
    def of(cls, row: models.PolicyTranslation) -> PolicyTranslation:
        return cls(
            language_code=row.language,
            title=row.title,
            body_markdown=row.body_markdown,
            body_html=row.body_html,
            consent_label=row.consent_label,
        )


@strawberry.type(description="A version of a policy; a published one never changes.")
class PolicyVersion:
    id: strawberry.ID
    number: int
    status: PolicyVersionStatus
    current: bool = strawberry.field(description="The published version buyers are shown now.")
    return_window_days: int | None
    content_hash: str | None = strawberry.field(
        description="SHA-256 of the version's canonical content (set when published)."
    )
    created_at: datetime
    published_at: datetime | None
    translations: list[PolicyTranslation]
    accepted_orders: int = strawberry.field(
        description="How many orders were placed with this version accepted."
    )

    @classmethod
    def of(cls, row: models.PolicyVersion, counts: Mapping[uuid.UUID, int]) -> PolicyVersion:
        return cls(
            id=strawberry.ID(to_global_id("PolicyVersion", row.id)),
            number=row.number,
            status=models.VersionStatus(row.status),
            current=row.is_current,
            return_window_days=row.return_window_days,
            content_hash=row.content_hash,
            created_at=row.created_at,
            published_at=row.published_at,
            translations=[PolicyTranslation.of(t) for t in row.translations],
            accepted_orders=counts.get(row.id, 0),
        )


@strawberry.type(description="A language buyers of a channel read a policy in, lacking its text.")
class PolicyLanguageGap:
    channel: str
    language_code: str
    acceptances: int = strawberry.field(
        description="Acceptances in that language in the channel in the last 90 days."
    )


@strawberry.type(description="A policy disclosed at checkout: return terms, a colour warning, …")
class Policy:
    row: strawberry.Private[models.Policy]
    id: strawberry.ID
    kind: PolicyKind
    name: str
    requires_acceptance: bool
    active: bool
    fallback_language: str
    position: int
    targeting: Targeting
    versions: list[PolicyVersion]

    @classmethod
    def of(cls, row: models.Policy, counts: Mapping[uuid.UUID, int]) -> Policy:
        return cls(
            row=row,
            id=strawberry.ID(to_global_id("Policy", row.id)),
            kind=models.PolicyKind(row.kind),
            name=row.name,
            requires_acceptance=row.requires_acceptance,
            active=row.active,
            fallback_language=row.fallback_language,
            position=row.position,
            targeting=Targeting.of(DomainTargeting.from_json(row.targeting)),
            versions=[PolicyVersion.of(v, counts) for v in row.versions],
        )

    @strawberry.field(
        description="Languages buyers of the policy's channels checked out in over the last 90 "
        "days that its current version has no text for: they read it in its fallback language "
        "(staff: add the translation)."
    )
    async def missing_languages(self, info: Info) -> list[PolicyLanguageGap]:
        context = info.context
        seen = await context.loaders.checkout_languages_by_installation_id.load(
            context.installation.id
        )
        return [
            PolicyLanguageGap(channel=gap.channel, language_code=gap.language,
                              acceptances=gap.acceptances)
            for gap in language_gaps(self.row, seen)
        ]  # fmt: skip


@strawberry.type(description="A checkout line a disclosure covers.")
class DisclosureLine:
    line_id: strawberry.ID = strawberry.field(description="Saleor's checkout line ID.")
    name: str = strawberry.field(description="The item as people read it.")


@strawberry.type(description="A policy version to show the buyer, and what it covers.")
class Disclosure:
    version_id: strawberry.ID
    policy_id: strawberry.ID
    kind: PolicyKind
    version_number: int
    title: str
    html: str = strawberry.field(description="The body, rendered from Markdown and sanitised.")
    consent_label: str = strawberry.field(description="The words beside the checkbox.")
    required: bool = strawberry.field(description="The buyer must accept it before paying.")
    content_hash: str
    line_ids: list[strawberry.ID] = strawberry.field(description="Checkout lines it covers.")
    language_code: str
    fell_back: bool = strawberry.field(
        description="The language asked for is missing; the policy's fallback language is shown."
    )
    return_window_days: int | None
    lines: list[DisclosureLine] = strawberry.field(description="The checkout lines it covers.")
    covers_every_line: bool = strawberry.field(
        description="It covers the whole cart: a list of its items tells the buyer nothing."
    )

    @classmethod
    def of(cls, disclosure: DomainDisclosure) -> Disclosure:
        return cls(
            version_id=strawberry.ID(to_global_id("PolicyVersion", disclosure.version_id)),
            policy_id=strawberry.ID(to_global_id("Policy", disclosure.policy_id)),
            kind=disclosure.kind,
            version_number=disclosure.version_number,
            title=disclosure.title,
            html=disclosure.html,
            consent_label=disclosure.consent_label,
            required=disclosure.required,
            content_hash=disclosure.content_hash,
            line_ids=[strawberry.ID(line) for line in disclosure.line_ids],
            language_code=disclosure.language,
            fell_back=disclosure.fell_back,
            return_window_days=disclosure.return_window_days,
            lines=[
                DisclosureLine(line_id=strawberry.ID(line), name=name)
                for line, name in zip(disclosure.line_ids, disclosure.line_names, strict=False)
            ],
            covers_every_line=disclosure.covers_every_line,
        )


@strawberry.type(description="One disclosure the buyer accepted, with the full text shown.")
class AcceptedDisclosure:
    version_id: strawberry.ID
    kind: PolicyKind
    version_number: int
    title: str
    consent_label: str
    required: bool
    content_hash: str
    language_code: str
    html: str
    body_markdown: str

    @classmethod
    def of(cls, item: models.AcceptanceItem) -> AcceptedDisclosure:
        return cls(
            version_id=strawberry.ID(to_global_id("PolicyVersion", item.version_id)),
            kind=models.PolicyKind(item.version.policy.kind),
            version_number=item.version.number,
            title=item.title,
            consent_label=item.consent_label,
            required=item.required,
            content_hash=item.content_hash,
            language_code=item.language,
            html=item.translation.body_html,
            body_markdown=item.translation.body_markdown,
        )


@strawberry.type(description="A buyer's acceptance record: append-only and hash-chained.")
class Acceptance:
    id: strawberry.ID
    accepted_at: datetime
    record_hash: str
    checkout_id: strawberry.ID
    language_code: str | None
    items: list[AcceptedDisclosure]

    @classmethod
    def of(cls, row: models.Acceptance) -> Acceptance:
        return cls(
            id=strawberry.ID(to_global_id("Acceptance", row.id)),
            accepted_at=row.accepted_at,
            record_hash=row.record_hash,
            checkout_id=strawberry.ID(row.checkout_id),
            language_code=row.language,
            items=[AcceptedDisclosure.of(item) for item in row.items],
        )
