"""Policy queries: staff list policies; buyers ask what to accept; both read an order's record."""

from __future__ import annotations

from datetime import datetime

import strawberry
from sqlalchemy import select

from ...errors import SaleorError
from ...orders.models import Order
from ...plugin.checkouts import checkout_facts, read_checkout
from ...plugin.tokens import MANAGE_SETTINGS as MANAGE_SETTINGS
from ...plugin.webhooks.order_binding import AcceptanceStatus
from ...policies import acceptance, binding, disclosure, models, service, verify
from ...policies.content import normalise_language
from ...policies.disclosure import Disclosure as DomainDisclosure
from ...policies.targeting import CheckoutFacts
from ...rules import service as rules
from ..access import MANAGE_ORDERS, readable_order
from ..context import Context, Info
from ..errors import NotFound, SaleorUnreachable
from ..ids import to_global_id
from ..limits import ASKS_SALEOR
from ..rules.types import CheckoutFallback
from .preview import PolicyPreview, policy_preview
from .types import Acceptance, Disclosure, Policy


@strawberry.type(description="What a buyer must see, and may have to accept, before paying.")
class CheckoutDisclosures:
    checkout_id: strawberry.ID
    language_code: str | None
    disclosures: list[Disclosure]
    acceptance: CheckoutAcceptance | None = strawberry.field(
        description="The buyer's acceptance that still holds for this cart (made for these "
        "lines, of versions that all still apply, every required one among them): a reload "
        "of the checkout page shows it accepted."
    )
    checkout_fallback: CheckoutFallback = strawberry.field(
        description="What the widget does when it cannot reach Foresight later (the channel's "
        "setting): widgets keep it for the next time."
    )

    @strawberry.field(description="Whether every required disclosure must be accepted first.")
    def acceptance_required(self) -> bool:
        return any(d.required for d in self.disclosures)


@strawberry.type(description="An acceptance recorded for a checkout, as the checkout shows it.")
class CheckoutAcceptance:
    id: strawberry.ID
    accepted_at: datetime
    record_hash: str
    version_ids: list[strawberry.ID] = strawberry.field(description="The versions accepted.")

    @classmethod
    def of(cls, row: models.Acceptance) -> CheckoutAcceptance:
        return cls(
            id=strawberry.ID(to_global_id("Acceptance", row.id)),
            accepted_at=row.accepted_at,
            record_hash=row.record_hash,
            version_ids=[
                strawberry.ID(to_global_id("PolicyVersion", item.version_id)) for item in row.items
            ],
        )


@strawberry.type(description="The result of re-checking every hash of the acceptance records.")
class AcceptanceVerification:
    valid: bool
    records_checked: int
    tampered_records: list[strawberry.ID]
    tampered_versions: list[strawberry.ID]
    broken_links: list[strawberry.ID]
    order_acceptances: list[Acceptance]


@strawberry.type(description="An order that arrived without every required acceptance.")
class OrderAwaitingAcceptance:
    order_id: strawberry.ID
    number: str
    channel: str
    status: str = strawberry.field(description="Saleor's order status when last seen.")
    user_email: str | None
    created_at: datetime
    unaccepted_reason: str | None = strawberry.field(
        default=None,
        description="Why it came without acceptance, when known: FORESIGHT_UNREACHABLE (the "
        "storefront widget could not reach Foresight and let the buyer pay, as the channel's "
        "checkout fallback allows).",
    )


@strawberry.type
class PolicyQuery:
    policy_preview: PolicyPreview = strawberry.field(
        resolver=policy_preview,
        description="A draft body rendered as buyers would see it; nothing is stored "
        "(staff: MANAGE_SETTINGS).",
    )

    @strawberry.field(description="Every policy with its versions (staff: MANAGE_ORDERS).")
    async def policies(self, info: Info) -> list[Policy]:
        context = info.context
        context.staff(MANAGE_ORDERS)
        rows = await service.list_policies(context.session, context.installation.id)
        counts = await service.acceptance_counts(
            context.session, context.installation.id, [v.id for p in rows for v in p.versions]
        )
        return [Policy.of(row, counts) for row in rows]

    @strawberry.field(
        description=(
            "The disclosures that apply to a checkout now, read from Saleor (never from the "
            "browser). Answered from a cache until Saleor reports the checkout changed."
        ),
        metadata=ASKS_SALEOR,
    )
    async def checkout_disclosures(
        self, info: Info, checkout_id: strawberry.ID, language_code: str | None = None
    ) -> CheckoutDisclosures:
        context = info.context
        facts, language, shown = await _disclosures(context, str(checkout_id), language_code)
        held = await acceptance.standing(context.session, context.installation.id, facts, shown)
        if held is not None:
            # an acceptance shows as standing only for the cart as Saleor has it now: the
            # cache may trail a change whose webhook has not arrived yet (one more read, on a
            # reload of an accepted checkout only)
            facts, language, shown = await _disclosures(
                context, str(checkout_id), language_code, fresh=True
            )
            held = await acceptance.standing(context.session, context.installation.id, facts, shown)
        channel_rules = await rules.get(context.session, context.installation.id, facts.channel)
        return CheckoutDisclosures(
            checkout_id=checkout_id,
            language_code=language,
            disclosures=[Disclosure.of(d) for d in shown],
            acceptance=CheckoutAcceptance.of(held) if held is not None else None,
            checkout_fallback=CheckoutFallback.of(channel_rules.checkout_fallback),
        )

    @strawberry.field(
        description=(
            "What the buyer accepted for an order, with the full text of each version. "
            "The order's customer, a guest with the order's email, or staff."
        )
    )
    async def order_acceptances(
        self, info: Info, order_id: strawberry.ID, email: str | None = None
    ) -> list[Acceptance]:
        context = info.context
        order = await readable_order(context, str(order_id), email)
        rows = await binding.accepted_for_order(
            context.session, context.installation.id, order.saleor_id
        )
        return [Acceptance.of(row) for row in rows]

    @strawberry.field(
        description=(
            "Orders that arrived without every required acceptance, oldest first; in a strict "
            "channel they stay UNCONFIRMED until staff settle them (staff: MANAGE_ORDERS)."
        )
    )
    async def orders_awaiting_acceptance(
        self, info: Info, channel: str | None = None, first: int = 100
    ) -> list[OrderAwaitingAcceptance]:
        context = info.context
        context.staff(MANAGE_ORDERS)
        query = (
            select(Order)
            .where(
                Order.installation_id == context.installation.id,
                Order.acceptance_status == AcceptanceStatus.MISSING,
            )
            .order_by(Order.created_at)
            .limit(max(1, min(first, 500)))
        )
        if channel is not None:
            query = query.where(Order.channel_slug == channel)
        return [
            OrderAwaitingAcceptance(
                order_id=strawberry.ID(order.saleor_id),
                number=order.number,
                channel=order.channel_slug,
                status=order.status,
                user_email=order.user_email,
                created_at=order.created_at,
                unaccepted_reason=order.unaccepted_reason,
            )
            for order in await context.session.scalars(query)
        ]

    @strawberry.field(
        description="Recompute every version and record hash and the chain (staff: MANAGE_ORDERS)."
    )
    async def acceptance_verify(
        self, info: Info, order_id: strawberry.ID | None = None
    ) -> AcceptanceVerification:
        context = info.context
        context.staff(MANAGE_ORDERS)
        report = await verify.verify(context.session, context.installation.id)
        acceptances = []
        if order_id is not None:
            order = await readable_order(context, str(order_id))
            rows = await binding.accepted_for_order(
                context.session, context.installation.id, order.saleor_id
            )
            acceptances = [Acceptance.of(row) for row in rows]
        return AcceptanceVerification(
            valid=report.ok,
            records_checked=report.records_checked,
            tampered_records=[strawberry.ID(str(i)) for i in report.tampered_records],
            tampered_versions=[strawberry.ID(str(i)) for i in report.tampered_versions],
            broken_links=[strawberry.ID(str(i)) for i in report.broken_links],
            order_acceptances=acceptances,
        )


async def _disclosures(
    context: Context, checkout_id: str, language_code: str | None, *, fresh: bool = False
) -> tuple[CheckoutFacts, str | None, list[DomainDisclosure]]:
    """The checkout's facts (from the cache unless ``fresh``), the language to show and what
    applies; no connection is held while Saleor answers."""
    await context.release()
    try:
        checkout = await read_checkout(
            context.state, context.installation, checkout_id, fresh=fresh
        )
    except SaleorError as exc:
        raise SaleorUnreachable("Saleor could not be asked about this checkout.") from exc
    if checkout is None:
        raise NotFound("No such checkout.")
    facts = checkout_facts(checkout)
    language = normalise_language(language_code) if language_code else facts.language
    shown = await disclosure.disclosures_for(
        context.session, context.installation.id, facts, language
    )
    return facts, language, shown
