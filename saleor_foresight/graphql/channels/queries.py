"""shopChannels: the shop's channels read from Saleor, for staff who pick one on a page."""

from __future__ import annotations

import strawberry

from ...errors import SaleorError
from ...plugin import channels
from ...plugin.tokens import MANAGE_SETTINGS as MANAGE_SETTINGS
from ...plugin.tokens import Staff
from ..context import MANAGE_ORDERS, Info
from ..errors import PermissionDenied, SaleorUnreachable
from .types import ShopChannel


@strawberry.type
class ChannelQuery:
    @strawberry.field(
        description="The shop's channels with their names and currencies, read from Saleor "
        "with the app token (kept a minute), active ones first. Staff with MANAGE_ORDERS or "
        "MANAGE_SETTINGS. Saleor not answering is an error with code SALEOR_UNAVAILABLE."
    )
    async def shop_channels(self, info: Info) -> list[ShopChannel]:
        context = info.context
        viewer = context.viewer
        if not isinstance(viewer, Staff):
            raise PermissionDenied("This needs a staff member's Dashboard token.")
        if not (viewer.has(MANAGE_ORDERS) or viewer.has(MANAGE_SETTINGS)):
            raise PermissionDenied("This needs the MANAGE_ORDERS or MANAGE_SETTINGS permission.")
        await context.release()  # no connection held while Saleor answers
        try:
            found = await channels.shop_channels(
                context.saleor, context.installation.id, context.state.channel_reads
            )
        except SaleorError as exc:
            raise SaleorUnreachable("Saleor could not be asked for its channels.") from exc
        return [ShopChannel.of(channel) for channel in found]
