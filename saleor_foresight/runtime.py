"""The composition root: what a running Foresight holds for its requests, webhooks and jobs.

``AppState`` owns the settings, the two database pools, object storage, the HTTP client and
the Saleor client factory made from it (``client_for``/``client_of``), the webhook intake, and
the job handlers' registry (``job_handlers``): each handler is given the storage, settings
and clients it needs here, so no domain builds them again and the Saleor edge (``plugin/``)
never imports the domains that import it. Built by ``build_state`` (the app factory, the CLI,
the demo), never at import time.

Two connection pools per process, so a storefront burst never starves Saleor:

* ``engine``/``sessionmaker`` — the request pool (``FORESIGHT_DB_POOL_SIZE`` +
  ``FORESIGHT_DB_MAX_OVERFLOW``): GraphQL, Dashboard pages, uploads, and the jobs a request
  tries at once after its commit (``run_job_now``). A request holds at most one of its
  connections at a time and none while it waits on Saleor or storage; one that cannot get a
  connection within ``FORESIGHT_DB_POOL_TIMEOUT`` seconds is answered 503 (``graphql/endpoint``).
* ``webhook_engine``/``webhook_sessionmaker`` — a small reserved pool
  (``FORESIGHT_DB_WEBHOOK_POOL_SIZE``, no overflow) for Saleor's webhook deliveries and the
  background job worker, which a burst of storefront requests cannot reach. A delivery waits
  up to ``WEBHOOK_POOL_TIMEOUT`` for one of them (then 500, and Saleor retries).

Connections are not all a delivery needs: it needs the event loop too. A process runs at
most ``FORESIGHT_GRAPHQL_CONCURRENCY`` GraphQL requests at once (``graphql_slots``; by
default pool size + overflow, as each holds at most one connection at a time); the rest
wait for a turn without using CPU or a connection, and are answered 503 after
``FORESIGHT_GRAPHQL_QUEUE_TIMEOUT`` seconds. A delivery arriving mid-burst so
shares the loop with a bounded number of requests, not with the whole burst. A limit alone
would not do: every other route also takes connections, and a delivery would queue behind
whatever held them.

Each process opens at most ``size + overflow + webhook size`` connections: mind
PostgreSQL's ``max_connections`` across workers.
"""

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
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from .claims.photos import CLAIM_PHOTOS
from .claims.worker import CLAIMS_JOB, claims_handler
from .db import PoolLimits, create_engine, create_sessionmaker
from .dispatch.service import DISPATCH_UPLOADS
from .errors import UnknownInstallation
from .evidence.service import EVIDENCE_PACK, evidence_pack_handler
from .jobs.queue import Handler, Worker
from .orders.backfill import BACKFILL_JOB
from .photos.images import ImageLimits
from .photos.sweep import UPLOAD_SWEEP, upload_sweep_handler
from .plugin import installations
from .plugin.channels import ChannelReads, channel_reads
from .plugin.claims_saleor import ClaimsSaleorClient
from .plugin.keys import KeyStore
from .plugin.models import Installation
from .plugin.origins import PreflightOrigins
from .plugin.saleor_client import SaleorClient
from .plugin.saleor_jobs import saleor_call_handler
from .plugin.saleor_orders import ReadOrder, order_backfill_handler
from .plugin.shared_reads import (
    NO_SUCH_CHECKOUT_TTL,
    NO_SUCH_ORDER_TTL,
    ORDER_READ_TTL,
    SharedReads,
)
from .plugin.webhook_sync import WEBHOOK_SYNC, webhook_sync_handler
from .plugin.webhooks.intake import Intake
from .saleor_calls import SALEOR_CALL
from .settings import Settings
from .storage import Storage, build_storage

logger = logging.getLogger(__name__)

# seconds a delivery waits for a reserved connection: Saleor 3.23 waits 18 s for an answer
# (WEBHOOK_WAITING_FOR_RESPONSE_TIMEOUT), and a delivery that waits is better than a 500
WEBHOOK_POOL_TIMEOUT = 10.0


@dataclass
class AppState:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    http: httpx.AsyncClient
    webhook_engine: AsyncEngine
    webhook_sessionmaker: async_sessionmaker[AsyncSession]
    storage: Storage
    keys: KeyStore = field(init=False)
    storefront_origins: PreflightOrigins = field(init=False)
    checkout_reads: SharedReads[dict[str, Any]] = field(init=False)
    order_reads: SharedReads[ReadOrder] = field(init=False)
    channel_reads: ChannelReads = field(init=False)
    intake: Intake = field(init=False)
    # the background worker, on the reserved pool; ``run_job_now`` uses the request pool
    worker: Worker = field(init=False)
    _request_worker: Worker = field(init=False, repr=False)
    _image_decodes: RunVar[CapacityLimiter] = field(init=False, repr=False)
    _graphql_slots: RunVar[CapacityLimiter] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        refetch = self.settings.jwks_refetch_interval
        self.keys = KeyStore(self.sessionmaker, self._fetch_jwks, refetch)
        self.storefront_origins = PreflightOrigins(self.sessionmaker)
        self.checkout_reads = SharedReads(NO_SUCH_CHECKOUT_TTL)
        self.order_reads = SharedReads(NO_SUCH_ORDER_TTL, ORDER_READ_TTL)
        self.channel_reads = channel_reads()
        self.intake = Intake(
            self.webhook_sessionmaker,
            KeyStore(self.webhook_sessionmaker, self._fetch_jwks, refetch),
            self.settings,
        )
        self.worker = self._worker(self.webhook_sessionmaker)
        self._request_worker = self._worker(self.sessionmaker)
        self._image_decodes = RunVar("image_decodes")
        self._graphql_slots = RunVar("graphql_slots")

    def _worker(self, sessionmaker: async_sessionmaker[AsyncSession]) -> Worker:
        """The job worker, every handler on the connections of ``sessionmaker``."""
        return Worker(sessionmaker, self.job_handlers(sessionmaker))

    def job_handlers(self, sessionmaker: async_sessionmaker[AsyncSession]) -> dict[str, Handler]:
        """Every job kind's handler, on the connections of ``sessionmaker``, with this
        process's storage, settings and Saleor clients."""

        async def installation(installation_id: uuid.UUID) -> Installation:
            async with sessionmaker() as session:
                found = await session.get(Installation, installation_id)
            if found is None:
                raise UnknownInstallation(f"no installation {installation_id}")
            return found

        async def active(installation_id: uuid.UUID) -> Installation:
            found = await installation(installation_id)
            if not found.active:
                raise UnknownInstallation("the installation was removed")
            return found

        async def claims_saleor(installation_id: uuid.UUID) -> ClaimsSaleorClient:
            return ClaimsSaleorClient(self.client_of(await active(installation_id)))

        return {
            SALEOR_CALL: saleor_call_handler(installation, self.client_of),
            CLAIMS_JOB: claims_handler(sessionmaker, claims_saleor),
            EVIDENCE_PACK: evidence_pack_handler(sessionmaker, self.storage),
            WEBHOOK_SYNC: webhook_sync_handler(sessionmaker, installation, self.client_of),
            BACKFILL_JOB: order_backfill_handler(
                sessionmaker, installation, self.client_of, self.settings.backfill_page_size
            ),
            UPLOAD_SWEEP: upload_sweep_handler(
                sessionmaker, self.storage, (DISPATCH_UPLOADS, CLAIM_PHOTOS)
            ),
        }

    @property
    def image_decodes(self) -> CapacityLimiter:
        """The process's limit on photos read and decoded at once (confirms, claim photos).

        Made on first use in the running event loop, one per loop: an anyio limiter belongs
        to the loop it was made in, and this state may be built before any loop runs."""
        return _limiter(self._image_decodes, self.settings.image_decode_concurrency)

    @property
    def graphql_slots(self) -> CapacityLimiter:
        """The process's limit on GraphQL requests run at once (see the module docstring)."""
        return _limiter(self._graphql_slots, self.settings.graphql_slots)

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
        """Try a job at once, after its transaction committed; a failure is left to retries.

        On the request pool: a burst of requests that each try their job cannot take the
        connections reserved for webhooks. No free connection is a failure like any other —
        the job is stored, and the background worker runs it."""
        try:
            await self._request_worker.run_once(job_id=job_id)
        except PoolTimeout:
            logger.warning("job %s left to the worker: no database connection free", job_id)

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

    async def _fetch_jwks(self, api_url: str) -> Mapping[str, Any]:
        return await self.client_for(api_url, None).fetch_jwks()

    async def close(self) -> None:
        await self.storage.close()
        await self.http.aclose()
        await self.engine.dispose()
        await self.webhook_engine.dispose()


def _limiter(slot: RunVar[CapacityLimiter], size: int) -> CapacityLimiter:
    """The running event loop's limiter kept in ``slot``, made on first use."""
    try:
        return slot.get()
    except LookupError:
        limiter = CapacityLimiter(size)
        slot.set(limiter)
        return limiter


def build_state(settings: Settings, transport: httpx.AsyncBaseTransport | None = None) -> AppState:
    url = settings.sqlalchemy_url
    engine = create_engine(
        url,
        PoolLimits(settings.db_pool_size, settings.db_max_overflow, settings.db_pool_timeout),
    )
    webhook_engine = create_engine(
        url, PoolLimits(settings.db_webhook_pool_size, 0, WEBHOOK_POOL_TIMEOUT)
    )
    http = httpx.AsyncClient(transport=transport, follow_redirects=False)
    return AppState(
        settings,
        engine,
        create_sessionmaker(engine),
        http,
        webhook_engine,
        create_sessionmaker(webhook_engine),
        build_storage(settings),
    )
