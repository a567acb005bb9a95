"""The claims API's per-request loaders: a claim's events and an event's photos, in batches,
and the installation's claim settings, read once per request."""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from ...claims import config
from ...claims.models import ClaimEvent, ClaimPhoto, ClaimSettings, PhotoStatus


class ClaimSettingsByInstallationIdLoader(DataLoader[uuid.UUID, ClaimSettings]):
    """The settings (or their defaults), once per request however many fields ask."""

    def __init__(self, session: AsyncSession) -> None:
        super().__init__(load_fn=self._load)
        self._session = session

    async def _load(self, keys: list[uuid.UUID]) -> list[ClaimSettings]:
        return [await config.get(self._session, key) for key in keys]


class ClaimEventsByClaimIdLoader(DataLoader[uuid.UUID, list[ClaimEvent]]):
    """One query per batch of claims, oldest event first."""

    def __init__(self, session: AsyncSession, installation_id: uuid.UUID) -> None:
        super().__init__(load_fn=self._load)
        self._session = session
        self._installation_id = installation_id

    async def _load(self, keys: list[uuid.UUID]) -> list[list[ClaimEvent]]:
        found: dict[uuid.UUID, list[ClaimEvent]] = defaultdict(list)
        rows = await self._session.scalars(
            select(ClaimEvent)
            .where(
                ClaimEvent.installation_id == self._installation_id,
                ClaimEvent.claim_id.in_(set(keys)),
            )
            .order_by(ClaimEvent.sequence)
        )
        for row in rows:
            found[row.claim_id].append(row)
        return [found.get(key, []) for key in keys]


class ClaimPhotosByEventIdLoader(DataLoader[uuid.UUID, list[ClaimPhoto]]):
    """The accepted photos sent with each event, one query per batch of events."""

    def __init__(self, session: AsyncSession, installation_id: uuid.UUID) -> None:
        super().__init__(load_fn=self._load)
        self._session = session
        self._installation_id = installation_id

    async def _load(self, keys: list[uuid.UUID]) -> list[list[ClaimPhoto]]:
        found: dict[uuid.UUID, list[ClaimPhoto]] = defaultdict(list)
        rows = await self._session.scalars(
            select(ClaimPhoto)
            .where(
                ClaimPhoto.installation_id == self._installation_id,
                ClaimPhoto.event_id.in_(set(keys)),
                ClaimPhoto.status == PhotoStatus.ACCEPTED,
            )
            .order_by(ClaimPhoto.created_at)
        )
        for row in rows:
            assert row.event_id is not None
            found[row.event_id].append(row)
        return [found.get(key, []) for key in keys]
