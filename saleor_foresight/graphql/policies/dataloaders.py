"""The policies API's per-request loaders: the languages buyers checked out in, read once."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from ...db import utcnow
from ...policies.service import SeenLanguage, checkout_languages

# how far back the languages buyers used count
LANGUAGES_SEEN_FOR = timedelta(days=90)


class CheckoutLanguagesByInstallationIdLoader(DataLoader[uuid.UUID, list[SeenLanguage]]):
    """The languages of the last 90 days' acceptances by channel, one query per request."""

    def __init__(self, session: AsyncSession) -> None:
        super().__init__(load_fn=self._load)
        self._session = session

    async def _load(self, keys: list[uuid.UUID]) -> list[list[SeenLanguage]]:
        since = utcnow() - LANGUAGES_SEEN_FOR
        return [await checkout_languages(self._session, key, since) for key in keys]
