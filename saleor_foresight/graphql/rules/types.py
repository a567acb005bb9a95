"""GraphQL types of a channel's rules (translations of ``rules.decide.Rules``)."""

from __future__ import annotations

import logging
from datetime import datetime
from decimal import Decimal
from typing import Any

import strawberry

from ...errors import ForesightError
from ...plugin import strict_mode
from ...rules import fallback
from ...rules.decide import Rules, tidy
from ...rules.errors import RulesErrorCode as DomainErrorCode
from ..context import Info

logger = logging.getLogger(__name__)

RulesErrorCode = DomainErrorCode
strawberry.enum(RulesErrorCode, name="ChannelRulesErrorCode")
WhenUnreachable = fallback.WhenUnreachable
strawberry.enum(
    WhenUnreachable,
    name="WhenUnreachable",
    description="What the storefront widget does with the pay button when Foresight cannot "
    "be reached: HOLD it disabled, or RELEASE it after a few seconds.",
)


@strawberry.type(
    description="What the storefront widget does when Foresight cannot be reached. The order "
    "then arrives without acceptance and is flagged; in a strict channel it stays UNCONFIRMED."
)
class CheckoutFallback:
    when_unreachable: WhenUnreachable
    release_after_seconds: int = strawberry.field(
        description="With RELEASE: the seconds the widget waits for Foresight before it lets "
        "the buyer pay."
    )
    message: str | None = strawberry.field(
        description="With RELEASE: the shop's words shown to the buyer; null for the widget's "
        "neutral wording (English and German built in)."
    )

    @classmethod
    def of(cls, chosen: fallback.CheckoutFallback) -> CheckoutFallback:
        return cls(
            when_unreachable=chosen.when_unreachable,
            release_after_seconds=chosen.release_after_seconds,
            message=chosen.message,
        )


@strawberry.input(description="What to change: a field left out keeps its value.")
class CheckoutFallbackInput:
    when_unreachable: WhenUnreachable | None = strawberry.UNSET
    release_after_seconds: int | None = strawberry.field(
        default=strawberry.UNSET,
        description=f"{fallback.MIN_RELEASE_AFTER_SECONDS} to "
        f"{fallback.MAX_RELEASE_AFTER_SECONDS}; "
        f"{fallback.DEFAULT_RELEASE_AFTER_SECONDS} unless changed.",
    )
    message: str | None = strawberry.field(
        default=strawberry.UNSET,
        description=f"Up to {fallback.MESSAGE_LENGTH} characters; null or blank for the "
        "widget's neutral wording.",
    )

    def changes(self) -> dict[str, Any]:
        given: dict[str, Any] = {
            "when_unreachable": self.when_unreachable,
            "release_after_seconds": self.release_after_seconds,
            "unreachable_message": self.message,
        }
        return {name: value for name, value in given.items() if value is not strawberry.UNSET}


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
    checkout_fallback: CheckoutFallback
    updated_at: datetime | None
    updated_by: str | None

    @strawberry.field(
        description="Whether strict mode (FORESIGHT_STRICT_ACCEPTANCE_CHANNELS) covers the "
        "channel: its orders are confirmed only once acceptance is complete."
    )
    def strict_acceptance(self, info: Info) -> bool:
        return info.context.state.settings.strict_acceptance(self.channel)

    @strawberry.field(
        description="Whether Saleor confirms every new order of the channel by itself "
        "(orderSettings.automaticallyConfirmAllNewOrders), read from Saleor; then strict mode "
        "cannot hold an order. Asked only for a strict channel: null when strict mode is off "
        "for it, when Saleor could not be asked, or has no such channel."
    )
    async def confirms_new_orders_automatically(self, info: Info) -> bool | None:
        context = info.context
        if not context.state.settings.strict_acceptance(self.channel):
            return None
        await context.release()  # no connection held while Saleor answers
        try:
            confirming = await strict_mode.confirming_automatically(context.saleor)
        except ForesightError as exc:
            logger.warning("channels' order settings could not be read: %s", exc)
            return None
        return confirming.get(self.channel)

    @classmethod
    def of(cls, rules: Rules) -> ChannelRules:
        return cls(
            channel=rules.channel,
            currency=rules.currency,
            instant_refund_below=_tidy(rules.instant_refund_below),
            tracked_shipping_above=_tidy(rules.tracked_shipping_above),
            signature_above=_tidy(rules.signature_above),
            checkout_fallback=CheckoutFallback.of(rules.checkout_fallback),
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
    checkout_fallback: CheckoutFallbackInput | None = strawberry.field(
        default=strawberry.UNSET,
        description="What the storefront widget does when Foresight cannot be reached; "
        "needs no currency.",
    )

    def fallback_changes(self) -> dict[str, Any]:
        chosen = self.checkout_fallback
        return {} if chosen is None or chosen is strawberry.UNSET else chosen.changes()

    def amounts(self) -> dict[str, Decimal | None]:
        given: dict[str, Any] = {
            "instant_refund_below": self.instant_refund_below,
            "tracked_shipping_above": self.tracked_shipping_above,
            "signature_above": self.signature_above,
        }
        return {name: value for name, value in given.items() if value is not strawberry.UNSET}


# the domain's names the API nests in ``checkoutFallback`` (``graphql/errors.payload_errors``)
RENAMED = {
    "when_unreachable": "checkoutFallback.whenUnreachable",
    "release_after_seconds": "checkoutFallback.releaseAfterSeconds",
    "unreachable_message": "checkoutFallback.message",
}


@strawberry.type(description="An expected failure of a channel rules operation.")
class ChannelRulesError:
    field: str | None
    code: RulesErrorCode
    message: str
