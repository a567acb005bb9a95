"""The claim mutations, one per module, gathered into the domain's Mutation class."""

from __future__ import annotations

import strawberry

from .claim_assign import claim_assign
from .claim_create import claim_create
from .claim_escalate import claim_escalate
from .claim_guidance_shown import claim_guidance_shown
from .claim_message_send import claim_message_send
from .claim_note_add import claim_note_add
from .claim_offer import claim_offer
from .claim_offer_accept import claim_offer_accept
from .claim_offer_decline import claim_offer_decline
from .claim_photo_upload_create import claim_photo_upload_create
from .claim_reject import claim_reject
from .claim_request_info import claim_request_info
from .claim_resolution_retry import claim_resolution_retry
from .claim_resolve import claim_resolve
from .claim_settings_update import claim_settings_update
from .claim_withdraw import claim_withdraw

BUYER = "The order's customer, or a guest with the order's email."
STAFF = "Needs MANAGE_ORDERS."


@strawberry.type
class ClaimMutation:
    claim_photo_upload_create = strawberry.mutation(
        resolver=claim_photo_upload_create,
        description="A ticket to upload one photo for a claim straight to storage; name the "
        f"upload in claimCreate or claimMessageSend. {BUYER} Staff may too.",
    )
    claim_create = strawberry.mutation(
        resolver=claim_create, description=f"File a claim about an order. {BUYER}"
    )
    claim_guidance_shown = strawberry.mutation(
        resolver=claim_guidance_shown,
        description="Record that the buyer was shown a reason's guidance (claimOptions) on "
        f"the order, for the report of claims the guidance prevented. {BUYER} Staff's views "
        "are not recorded (NOT_ALLOWED).",
    )
    claim_message_send = strawberry.mutation(
        resolver=claim_message_send,
        description=f"A message in the claim's thread, with photos. {BUYER} Or staff.",
    )
    claim_offer_accept = strawberry.mutation(
        resolver=claim_offer_accept,
        description=f"Accept the offer on the table; Saleor carries it out. {BUYER}",
    )
    claim_offer_decline = strawberry.mutation(
        resolver=claim_offer_decline, description=f"Decline the offer on the table. {BUYER}"
    )
    claim_escalate = strawberry.mutation(
        resolver=claim_escalate,
        description=f"Dispute a rejection or a missed deadline (once). {BUYER}",
    )
    claim_withdraw = strawberry.mutation(
        resolver=claim_withdraw, description=f"Take the claim back. {BUYER}"
    )
    claim_assign = strawberry.mutation(
        resolver=claim_assign, description=f"Give a claim to a staff member. {STAFF}"
    )
    claim_request_info = strawberry.mutation(
        resolver=claim_request_info, description=f"Ask the buyer for more. {STAFF}"
    )
    claim_offer = strawberry.mutation(
        resolver=claim_offer, description=f"Offer the buyer a resolution. {STAFF}"
    )
    claim_reject = strawberry.mutation(
        resolver=claim_reject, description=f"Reject a claim, saying why. {STAFF}"
    )
    claim_resolve = strawberry.mutation(
        resolver=claim_resolve,
        description="Carry a resolution out in Saleor now, or settle the claim with nothing "
        f"to do in Saleor. {STAFF}",
    )
    claim_note_add = strawberry.mutation(
        resolver=claim_note_add, description=f"An internal note buyers never see. {STAFF}"
    )
    claim_resolution_retry = strawberry.mutation(
        resolver=claim_resolution_retry,
        description=f"Try a failed resolution again. {STAFF}",
    )
    claim_settings_update = strawberry.mutation(
        resolver=claim_settings_update,
        description="Change how claims run in this shop. Needs MANAGE_SETTINGS.",
    )
