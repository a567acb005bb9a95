"""A parcel's tracking page: from the shipping method's name, else the number's form."""

from __future__ import annotations

import pytest

from saleor_foresight.dispatch.carriers import carrier_of, tracking_url


@pytest.mark.parametrize(
    ("method", "number", "url"),
    [
        ("DHL Paket", "00340434161094042557",
         "https://www.dhl.com/global-en/home/tracking.html?tracking-id=00340434161094042557"),
        ("ups standard", "1Z999AA10123456784", "https://www.ups.com/track?tracknum=1Z999AA10123456784"),
        (None, "1Z999AA10123456784", "https://www.ups.com/track?tracknum=1Z999AA10123456784"),
        ("Royal Mail Tracked 48", "AB 123/45", "https://www.royalmail.com/track-your-item#/"
         "tracking-results/AB%20123%2F45"),
        ("Express", "00340434161094042557", None),  # unknown: no link rather than a wrong one
        ("Expedited", "UPS-looking", None),  # "ups" inside a word names no carrier
        ("DHL Paket", "   ", None),
    ],
)  # fmt: skip
def test_a_parcel_links_to_its_carrier_only_when_known(
    method: str | None, number: str, url: str | None
) -> None:
    assert tracking_url(carrier_of(method, number), number) == url
