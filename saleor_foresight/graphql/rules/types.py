"""GraphQL types of a channel's rules (translations of ``rules.decide.Rules``)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import strawberry

from ...rules.decide import Rules, tidy
from ...rules.errors import RulesError
from ...rules.errors import RulesErrorCode as DomainErrorCode

RulesErrorCode = DomainErrorCode
strawberry.enum(RulesErrorCode, name="ChannelRulesErrorCode")

CURRENCY_NOTE = "In the channel's currency (``currency``)."


@strawberry.type(
    description=(
        "A channel's Foresight rules. Every amount is in the channel's currency; an empty "
        "threshold is no rule."
    )
)
class ChannelRules:
    channel: str
    currency: str | None = strawberry.field(
        description="The channel's currency; null until rules are saved or an order is seen."
    )
    instant_refund_below: Decimal | None = strawberry.field(
        description="Refund at once, without a return, an order strictly below this amount, "
        f"once its expected delivery date has passed. {CURRENCY_NOTE}"
    )
    tracked_shipping_above: Decimal | None = strawberry.field(
        description="Ship an order strictly above this amount with a tracking number. "
        + CURRENCY_NOTE
    )
    signature_above: Decimal | None = strawberry.field(
        description="Ask for a signature on delivery strictly above this amount; 750 unless "
        "changed, in the shop's currency (PayPal and eBay ask for one above 750 USD). "
        + CURRENCY_NOTE
    )
    updated_at: datetime | None
    updated_by: str | None

    @classmethod
    def of(cls, rules: Rules) -> ChannelRules:
        return cls(
            channel=rules.channel,
            currency=rules.currency,
            instant_refund_below=_tidy(rules.instant_refund_below),
            tracked_shipping_above=_tidy(rules.tracked_shipping_above),
            signature_above=_tidy(rules.signature_above),
            updated_at=rules.updated_at,
            updated_by=rules.updated_by,
        )


def _tidy(amount: Decimal | None) -> Decimal | None:
    return None if amount is None else tidy(amount)


@strawberry.input(description="What to change: a field left out keeps its value; null clears it.")
class ChannelRulesInput:
    currency: str | None = strawberry.field(
        default=None,
        description="ISO 4217 code; needed until an order of the channel is on record, and "
        "then it must be the orders' currency.",
    )
    instant_refund_below: Decimal | None = strawberry.UNSET
    tracked_shipping_above: Decimal | None = strawberry.UNSET
    signature_above: Decimal | None = strawberry.UNSET

    def amounts(self) -> dict[str, Decimal | None]:
        given: dict[str, Any] = {
            "instant_refund_below": self.instant_refund_below,
            "tracked_shipping_above": self.tracked_shipping_above,
            "signature_above": self.signature_above,
        }
        return {name: value for name, value in given.items() if value is not strawberry.UNSET}


API_FIELDS = {
    "instant_refund_below": "instantRefundBelow",
    "tracked_shipping_above": "trackedShippingAbove",
    "signature_above": "signatureAbove",
}


@strawberry.type(description="An expected failure of a channel rules operation.")
class ChannelRulesError:
    field: str | None
    code: RulesErrorCode
    message: str

    @classmethod
    def of(cls, error: RulesError) -> ChannelRulesError:
        field = API_FIELDS.get(error.field, error.field) if error.field else None
        return cls(field=field, code=error.code, message=error.message)
