"""Does strict mode hold anything? Only where Saleor leaves new orders unconfirmed.

Strict mode (``FORESIGHT_STRICT_ACCEPTANCE_CHANNELS``) keeps an order without acceptance
UNCONFIRMED by not confirming it; a channel whose ``orderSettings.automaticallyConfirmAllNewOrders``
is on has Saleor confirm every new order itself, so there strict mode holds nothing. This reads
that setting from Saleor with the app token (``ChannelsOrderSettings``) and names the strict
channels it defeats, for ``saleor-foresight check`` and the Dashboard's Rules tab.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..settings import Settings
from .saleor_client import SaleorClient


async def confirming_automatically(client: SaleorClient) -> dict[str, bool]:
    """Every channel of the Saleor ``client`` speaks to (with the installation's app token):
    does it confirm new orders by itself?"""
    return await client.channels_confirming_automatically()


def unheld(settings: Settings, confirming: Mapping[str, bool]) -> list[str]:
    """The strict channels whose new orders Saleor confirms itself, by slug."""
    return sorted(
        slug
        for slug, automatic in confirming.items()
        if automatic and settings.strict_acceptance(slug)
    )


WARNING = (
    "Saleor confirms every new order of {channels} by itself (Configuration → Channels → "
    "“Automatically confirm all new orders” is on), so strict mode cannot hold an order "
    "without acceptance there: turn that setting off."
)
