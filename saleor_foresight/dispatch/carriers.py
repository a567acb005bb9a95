"""Where a buyer follows a parcel: the carrier's tracking page, when Foresight knows the carrier.

Saleor keeps a fulfillment's tracking number but not its carrier, so the carrier is read from
the order's shipping method name (a shop names its methods "DHL Paket", "UPS Standard", ...)
and, failing that, from a tracking number whose form belongs to one carrier alone (UPS's
``1Z…``). A parcel whose carrier is unknown shows its number without a link: a wrong link
is worse than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True)
class Carrier:
    name: str
    tracking_url: str  # with ``{number}``, percent-encoded when filled in


CARRIERS: dict[str, Carrier] = {
    "dhl": Carrier("DHL", "https://www.dhl.com/global-en/home/tracking.html?tracking-id={number}"),
    "ups": Carrier("UPS", "https://www.ups.com/track?tracknum={number}"),
    "fedex": Carrier("FedEx", "https://www.fedex.com/fedextrack/?trknbr={number}"),
    "usps": Carrier("USPS", "https://tools.usps.com/go/TrackConfirmAction?tLabels={number}"),
    "dpd": Carrier("DPD", "https://tracking.dpd.de/status/en_US/parcel/{number}"),
    "gls": Carrier("GLS", "https://gls-group.com/track/{number}"),
    "royal mail": Carrier(
        "Royal Mail", "https://www.royalmail.com/track-your-item#/tracking-results/{number}"
    ),
}
_NAMED = re.compile(r"\b(" + "|".join(re.escape(k) for k in CARRIERS) + r")\b", re.IGNORECASE)
_UPS_NUMBER = re.compile(r"^1Z[0-9A-Z]{16}$")


def carrier_of(shipping_method_name: str | None, tracking_number: str) -> Carrier | None:
    """The carrier the shipping method names, else the one the number's form belongs to."""
    named = _NAMED.search(shipping_method_name or "")
    if named:
        return CARRIERS[named.group(1).lower()]
    if _UPS_NUMBER.match(tracking_number.strip().upper()):
        return CARRIERS["ups"]
    return None


def tracking_url(carrier: Carrier | None, tracking_number: str) -> str | None:
    number = tracking_number.strip()
    if carrier is None or not number:
        return None
    return carrier.tracking_url.format(number=quote(number, safe=""))
