"""The shop's channels, read from Saleor with the app token and kept a minute per installation.

The Dashboard pages name channels by picking one (its slug, name and currency), not by typing a
slug: every page that opens asks, so one read serves every page opened within ``CHANNELS_TTL``
seconds (and the pages opened while it is under way: ``SharedReads``). A channel added in Saleor
shows within the minute; a failed read is not kept. The reads are the process's
(``runtime.AppState.channel_reads``), keyed by installation.
"""

from __future__ import annotations

import uuid

from .saleor_client import SaleorClient
from .saleor_types import SaleorChannel
from .shared_reads import SharedReads

CHANNELS_TTL = 60.0
ChannelReads = SharedReads[tuple[SaleorChannel, ...]]


def channel_reads() -> ChannelReads:
    """What a process keeps of the channels it read: nothing of a missing answer, a minute of
    a list."""
    return SharedReads(0.0, CHANNELS_TTL)


async def shop_channels(
    client: SaleorClient, installation_id: uuid.UUID, reads: ChannelReads
) -> tuple[SaleorChannel, ...]:
    """The installation's channels, active ones first, each group by name."""

    async def fetch() -> tuple[SaleorChannel, ...]:
        found = await client.shop_channels()
        return tuple(sorted(found, key=lambda c: (not c.is_active, c.name.casefold(), c.slug)))

    channels = await reads.read((installation_id, "channels"), fetch)
    return channels or ()
