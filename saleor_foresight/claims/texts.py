"""What Foresight tells a buyer about each claim reason: a message key with its parameters.

The guidance (``guidance.py``) decides what to say; a ``Text`` says it without a language.
``english`` words it for the record and for API clients (days as ISO dates); the storefront
widget words the same key in the buyer's language (``web/static/widget/i18n.js``,
``claims.explain.<KEY>``), formatting each day as a day of the shop's calendar, so a German
page reads German and a day never slips into the buyer's time zone. A key added here needs
its words in every language the widget ships (a test holds them to it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

Param = str | int | date

ENGLISH: dict[str, str] = {
    "CANCELLED": "The order was cancelled.",
    "NOT_SHIPPED": (
        "Nothing has been shipped yet. If you no longer want the order, ask the shop to cancel "
        "it instead."
    ),
    "CANCEL_OPEN": (
        "Nothing has been shipped yet. If you no longer want the order, ask the shop to cancel "
        "it: the shop answers your request here."
    ),
    "CANCEL_SHIPPED": (
        "The order has shipped, so it can no longer be cancelled: return it, or tell us what "
        "is wrong with it."
    ),
    "NOT_RECEIVED_OPEN": (
        "Your parcel was sent on {shipped}. It was expected by {expected}. Tell us it has not "
        "arrived."
    ),
    "NOT_RECEIVED_OPEN_TRACKED": (
        "Your parcel was sent on {shipped} with tracking number {tracking}. It was expected by "
        "{expected}. Tell us it has not arrived."
    ),
    "NOT_RECEIVED_WAIT": (
        "Your parcel was sent on {shipped} and is expected by {expected}. If it has not arrived "
        "by {opens}, report it here; you may report it earlier if you must."
    ),
    "NOT_RECEIVED_WAIT_TRACKED": (
        "Your parcel was sent on {shipped} with tracking number {tracking} and is expected by "
        "{expected}. If it has not arrived by {opens}, report it here; you may report it "
        "earlier if you must."
    ),
    "NOT_RECEIVED_BLOCKED": (
        "Your parcel was sent on {shipped} and is expected by {expected}. If it has not arrived "
        "by {opens}, report it here, not before."
    ),
    "NOT_RECEIVED_BLOCKED_TRACKED": (
        "Your parcel was sent on {shipped} with tracking number {tracking} and is expected by "
        "{expected}. If it has not arrived by {opens}, report it here, not before."
    ),
    "DAMAGED": "Tell us what is damaged, with photos of the item and the box.",
    "NOT_AS_DESCRIBED": "Tell us what differs from the description, with photos.",
    "WRONG_ITEM": "Tell us what you received instead, with a photo.",
    "MISSING_ITEMS": "Tell us which items are missing from the parcel.",
    "COLOUR": "Tell us how the colour differs, with a photo taken in daylight.",
    "COLOUR_ACCEPTED": (
        'When you ordered, on {accepted}, you accepted "{title}": "{label}". If the colour is '
        "still clearly not what you expected, tell us, with a photo taken in daylight."
    ),
    "RETURN_NONE": "Returns are not accepted.",
    "RETURN_NONE_ACCEPTED": 'You accepted "{title}" on {accepted}: returns are not accepted.',
    "RETURN_ENDED": (
        "Returns are accepted within {days} days of delivery. The return window ended on {ends}."
    ),
    "RETURN_ENDED_ACCEPTED": (
        'You accepted "{title}" on {accepted}: returns are accepted within {days} days of '
        "delivery. The return window ended on {ends}."
    ),
    "RETURN_OPEN": (
        "Returns are accepted within {days} days of delivery. Your return window is open until "
        "{ends}."
    ),
    "RETURN_OPEN_ACCEPTED": (
        'You accepted "{title}" on {accepted}: returns are accepted within {days} days of '
        "delivery. Your return window is open until {ends}."
    ),
    "OTHER": "Tell us what is wrong.",
}


@dataclass(frozen=True)
class Text:
    key: str
    params: Mapping[str, Param] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.key not in ENGLISH:
            raise ValueError(f"no words for the claim text {self.key!r}")


def english(text: Text) -> str:
    values = {
        name: value.isoformat() if isinstance(value, date) else str(value)
        for name, value in text.params.items()
    }
    return ENGLISH[text.key].format(**values)
