"""The dispatch API's per-request loader: a fulfillment's photos, in batches."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from ...dispatch import queries
from ...dispatch.models import DispatchPhoto


class DispatchPhotosByFulfillmentIdLoader(DataLoader[uuid.UUID, list[DispatchPhoto]]):
    """One query per batch of fulfillments; hidden photos only for a viewer who may see them."""

    def __init__(
        self, session: AsyncSession, installation_id: uuid.UUID, *, include_hidden: bool
    ) -> None:
        super().__init__(load_fn=self._load)
        self._session = session
        self._installation_id = installation_id
        self._include_hidden = include_hidden

    async def _load(self, keys: list[uuid.UUID]) -> list[list[DispatchPhoto]]:
        found = await queries.photos_by_fulfillment(
            self._session, self._installation_id, keys, include_hidden=self._include_hidden
        )
        return [found.get(key, []) for key in keys]
