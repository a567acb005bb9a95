"""acceptDisclosures: the buyer accepts what applies to their checkout now.

The checkout is read fresh from Saleor (never the cache, never the browser). A superseded
version or a changed cart is STALE_DISCLOSURES with the fresh list. The record's reference is
written into the checkout's private metadata by a job (Saleor copies it to the order), tried
once the acceptance is committed; a retried call returns the same record and enqueues
nothing new.
"""

from __future__ import annotations

import json

import strawberry

from ....errors import SaleorError
from ....jobs.queue import attempt_after_commit
from ....plugin.checkouts import checkout_facts, read_checkout
from ....policies import acceptance as records
from ....policies.content import normalise_language
from ....policies.errors import PolicyError as DomainPolicyError
from ....policies.errors import PolicyErrorCode, StaleDisclosures
from ....saleor_calls import private_metadata
from ...context import Info
from ...errors import InvalidId, SaleorUnreachable, payload_errors
from ...ids import from_global_id
from ..types import Acceptance, Disclosure, PolicyError
from .common import RENAMED

METADATA_KEY = "foresight.acceptance"


@strawberry.type
class AcceptDisclosures:
    acceptance: Acceptance | None = None
    disclosures: list[Disclosure] = strawberry.field(
        default_factory=list,
        description="With STALE_DISCLOSURES: what applies now, to show and accept again.",
    )
    errors: list[PolicyError] = strawberry.field(default_factory=list)


def _refused(code: PolicyErrorCode, message: str, field: str) -> AcceptDisclosures:
    return AcceptDisclosures(errors=[PolicyError(field=field, code=code, message=message)])


async def accept_disclosures(
    info: Info,
    checkout_id: strawberry.ID,
    version_ids: list[strawberry.ID],
    language_code: str | None = None,
) -> AcceptDisclosures:
    context = info.context
    try:
        versions = [from_global_id(v, "PolicyVersion") for v in version_ids]
    except InvalidId as exc:
        return _refused(PolicyErrorCode.INVALID, exc.message, "versionIds")
    await context.release()  # no connection held while Saleor answers
    try:
        checkout = await read_checkout(
            context.state, context.installation, str(checkout_id), fresh=True
        )
    except SaleorError as exc:
        raise SaleorUnreachable("Saleor could not be asked about this checkout.") from exc
    if checkout is None:
        return _refused(PolicyErrorCode.NOT_FOUND, "No such checkout.", "checkoutId")
    customer = context.customer()
    owner = (checkout.get("user") or {}).get("id")
    if customer is not None and owner is not None and owner != customer.user_id:
        return _refused(PolicyErrorCode.NOT_FOUND, "No such checkout.", "checkoutId")
    facts = checkout_facts(checkout)
    who = records.Who(
        customer_user_id=customer.user_id if customer else None,
        email=checkout.get("email") or (customer.email if customer else None),
        ip=context.client_ip,
        user_agent=context.user_agent,
    )
    language = normalise_language(language_code) if language_code else facts.language
    try:
        async with context.transaction() as session:
            record = await records.accept(
                session, context.installation.id, facts, versions, who, language
            )
            job = await private_metadata(
                session,
                context.installation.id,
                facts.checkout_id,
                {METADATA_KEY: json.dumps(records.reference(record))},
                dedupe_key=f"acceptance-metadata:{record.id}",
            )
            attempt_after_commit(session, job)  # tried once the acceptance is committed
            loaded = await records.load(session, context.installation.id, record.id)
            result = AcceptDisclosures(acceptance=Acceptance.of(loaded))
    except StaleDisclosures as stale:
        return AcceptDisclosures(
            disclosures=[Disclosure.of(d) for d in stale.disclosures],
            errors=payload_errors(PolicyError, stale, RENAMED),
        )
    except DomainPolicyError as error:
        return AcceptDisclosures(errors=payload_errors(PolicyError, error, RENAMED))
    return result
