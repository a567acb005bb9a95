"""The evidence mutations, one per module, gathered into the domain's Mutation class."""

from __future__ import annotations

import strawberry

from .evidence_pack_create import EvidencePackCreate, evidence_pack_create


@strawberry.type
class EvidenceMutation:
    evidence_pack_create: EvidencePackCreate = strawberry.mutation(
        resolver=evidence_pack_create,
        description="Build the evidence pack of an order or a claim, shaped for PayPal, Stripe "
        "or neither, in the background; fetch it with evidencePack(id) until READY. Needs "
        "MANAGE_ORDERS.",
    )
