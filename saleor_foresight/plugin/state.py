"""What a running Foresight holds for its requests: settings, database, HTTP client, intake."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import httpx
from anyio import CapacityLimiter
from anyio.lowlevel import RunVar
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from ..claims.photos import CLAIM_PHOTOS
from ..claims.worker import CLAIMS_JOB, claims_handler
from ..db import create_engine, create_sessionmaker
from ..dispatch.images import ImageLimits
from ..dispatch.sweep import DISPATCH_UPLOADS, UPLOAD_SWEEP, upload_sweep_handler
from ..errors import UnknownInstallation
from ..evidence.service import EVIDENCE_PACK, evidence_pack_handler
from ..jobs.queue import Worker
from ..settings import Settings
from . import installations
from .checkout_reads import CheckoutReads
from .keys import KeyStore
from .models import Installation
from .origins import PreflightOrigins
from .saleor_client import SaleorClient
from .saleor_jobs import SALEOR_CALL, saleor_call_handler
from .webhook_sync import WEBHOOK_SYNC, webhook_sync_handler
from .webhooks.intake import Intake

logger = logging.getLogger(__name__)


@dataclass
class AppState:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    http: httpx.AsyncClient
    keys: KeyStore = field(init=False)
    storefront_origins: PreflightOrigins = field(init=False)
    checkout_reads: CheckoutReads = field(init=False)
    intake: Intake = field(init=False)
    worker: Worker = field(init=False)
    _image_decodes: RunVar[CapacityLimiter] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.keys = KeyStore(
            self.sessionmaker, self._fetch_jwks, self.settings.jwks_refetch_interval
        )
        self.storefront_origins = PreflightOrigins(self.sessionmaker)
        self.checkout_reads = CheckoutReads()
        self.intake = Intake(self.sessionmaker, self.keys, self.settings)
        self.worker = Worker(
            self.sessionmaker,
            {
                SALEOR_CALL: saleor_call_handler(self._installation, self.client_of),
                CLAIMS_JOB: claims_handler(self.sessionmaker, self._installation, self.client_of),
                EVIDENCE_PACK: evidence_pack_handler(self.sessionmaker, self.settings),
                WEBHOOK_SYNC: webhook_sync_handler(
                    self.sessionmaker, self._installation, self.client_of
                ),
                UPLOAD_SWEEP: upload_sweep_handler(
                    self.sessionmaker, self.settings, (DISPATCH_UPLOADS, CLAIM_PHOTOS)
                ),
            },
        )
        self._image_decodes = RunVar("image_decodes")

    @property
    def image_decodes(self) -> CapacityLimiter:
        """The process's limit on photos read and decoded at once (confirms, claim photos).

        Made on first use in the running event loop, one per loop: an anyio limiter belongs
        to the loop it was made in, and this state may be built before any loop runs."""
        try:
            return self._image_decodes.get()
        except LookupError:
            limiter = CapacityLimiter(self.settings.image_decode_concurrency)
            self._image_decodes.set(limiter)
            return limiter

    @property
    def image_limits(self) -> ImageLimits:
        """What an uploaded photo may be, and the limiter its decode waits for."""
        return ImageLimits(
            max_bytes=self.settings.upload_max_bytes,
            max_decoded_bytes=self.settings.image_max_decoded_bytes,
            decodes=self.image_decodes,
        )

    @property
    def claim_image_limits(self) -> ImageLimits:
        """A claim photo's limits: a buyer's (or a guest's) photo may cost less memory."""
        return replace(
            self.image_limits,
            max_decoded_bytes=min(
                self.settings.image_max_decoded_bytes, self.settings.claim_photo_max_decoded_bytes
            ),
        )

    def client_for(self, api_url: str, token: str | None) -> SaleorClient:
        return SaleorClient(
            api_url,
            token,
            http=self.http,
            timeout=self.settings.saleor_timeout,
            attempts=self.settings.saleor_attempts,
            backoff=self.settings.saleor_backoff,
        )

    def client_of(self, installation: Installation) -> SaleorClient:
        """A client speaking to the installation's Saleor with its app token."""
        token = installations.app_token(self.settings.cipher, installation)
        return self.client_for(installation.saleor_api_url, token)

    async def run_job_now(self, job_id: uuid.UUID) -> None:
        """Try a job at once, after its transaction committed; a failure is left to retries."""
        await self.worker.run_once(job_id=job_id)

    async def run_worker(self, poll_interval: float = 1.0) -> None:
        """Run due jobs until cancelled (started by the app's lifespan)."""
        while True:
            try:
                report = await self.worker.run_once()
            except Exception:
                logger.exception("job worker pass failed")
                report = None
            if report is None or not (report.done or report.retried or report.failed):
                await asyncio.sleep(poll_interval)

    async def _installation(self, installation_id: uuid.UUID) -> Installation:
        async with self.sessionmaker() as session:
            installation = await session.get(Installation, installation_id)
        if installation is None:
            raise UnknownInstallation(f"no installation {installation_id}")
        return installation

    async def _fetch_jwks(self, api_url: str) -> Mapping[str, Any]:
        return await self.client_for(api_url, None).fetch_jwks()

    async def close(self) -> None:
        await self.http.aclose()
        await self.engine.dispose()


def build_state(settings: Settings, transport: httpx.AsyncBaseTransport | None = None) -> AppState:
    engine = create_engine(settings.sqlalchemy_url)
    http = httpx.AsyncClient(transport=transport, follow_redirects=False)
    return AppState(settings, engine, create_sessionmaker(engine), http)
