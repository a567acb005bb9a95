"""What a running Foresight holds for its requests: settings, database, HTTP client, intake."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from ..db import create_engine, create_sessionmaker
from ..settings import Settings
from .keys import KeyStore
from .saleor_client import SaleorClient
from .webhooks.intake import Intake


@dataclass
class AppState:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    http: httpx.AsyncClient
    keys: KeyStore = field(init=False)
    intake: Intake = field(init=False)

    def __post_init__(self) -> None:
        self.keys = KeyStore(
            self.sessionmaker, self._fetch_jwks, self.settings.jwks_refetch_interval
        )
        self.intake = Intake(self.sessionmaker, self.keys)

    def client_for(self, api_url: str, token: str | None) -> SaleorClient:
        return SaleorClient(
            api_url,
            token,
            http=self.http,
            timeout=self.settings.saleor_timeout,
            attempts=self.settings.saleor_attempts,
            backoff=self.settings.saleor_backoff,
        )

    async def _fetch_jwks(self, api_url: str) -> Mapping[str, Any]:
        return await self.client_for(api_url, None).fetch_jwks()

    async def close(self) -> None:
        await self.http.aclose()
        await self.engine.dispose()


def build_state(settings: Settings, transport: httpx.AsyncBaseTransport | None = None) -> AppState:
    engine = create_engine(settings.sqlalchemy_url)
    http = httpx.AsyncClient(transport=transport, follow_redirects=False)
    return AppState(settings, engine, create_sessionmaker(engine), http)
