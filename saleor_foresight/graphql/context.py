"""The per-request context every resolver gets: who asks, for which Saleor, and the database.

Connections. A request holds at most one database connection at a time, and none while it
waits on Saleor or storage. ``session`` is the request's read session; it takes a
connection on its first query and keeps it until ``release()``. Every other unit of work
goes through the context — ``transaction()`` (a write, and after its commit the jobs it
queued to try at once), ``reading()`` (a short read of its own) — and each releases the read
session's connection first. A resolver that calls Saleor or storage itself calls ``release()``
before (``plugin.checkouts.read_checkout`` is such a call; the domain's photo checks take
``transaction`` and use no connection between its blocks).

What else a resolver reaches through the context is typed: ``storage`` (the app's object
storage), ``saleor`` (a client of the installation's Saleor with its app token, made on first
use) and ``loaders`` (this request's loaders, from the per-domain ``dataloaders`` modules,
reading on the read session).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import cached_property

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from ..client_address import client_address
from ..jobs.queue import attempts_after_commit
from ..plugin.models import Installation
from ..plugin.saleor_client import SaleorClient
from ..plugin.tokens import MANAGE_ORDERS as MANAGE_ORDERS
from ..plugin.tokens import Customer, Staff, Viewer
from ..runtime import AppState
from ..storage import Storage
from .claims.dataloaders import (
    ClaimEventsByClaimIdLoader,
    ClaimPhotosByEventIdLoader,
    ClaimSettingsByInstallationIdLoader,
)
from .dispatch.dataloaders import DispatchPhotosByFulfillmentIdLoader
from .errors import PermissionDenied
from .orders.dataloaders import GuestGuessByOrderAndEmailLoader, OrderBroughtInByIdLoader
from .policies.dataloaders import CheckoutLanguagesByInstallationIdLoader


@dataclass
class Loaders:
    """A request's loaders, each reading on the request's read session."""

    claim_events_by_claim_id: ClaimEventsByClaimIdLoader
    claim_photos_by_event_id: ClaimPhotosByEventIdLoader
    claim_settings_by_installation_id: ClaimSettingsByInstallationIdLoader
    checkout_languages_by_installation_id: CheckoutLanguagesByInstallationIdLoader
    dispatch_photos_by_fulfillment_id: DispatchPhotosByFulfillmentIdLoader
    guest_guess_by_order_and_email: GuestGuessByOrderAndEmailLoader
    order_brought_in_by_id: OrderBroughtInByIdLoader

    @classmethod
    def of(
        cls, session: AsyncSession, installation_id: uuid.UUID, viewer: Viewer | None
    ) -> Loaders:
        # hidden dispatch photos are staff's to see
        include_hidden = isinstance(viewer, Staff) and viewer.has(MANAGE_ORDERS)
        return cls(
            claim_events_by_claim_id=ClaimEventsByClaimIdLoader(session, installation_id),
            claim_photos_by_event_id=ClaimPhotosByEventIdLoader(session, installation_id),
            claim_settings_by_installation_id=ClaimSettingsByInstallationIdLoader(session),
            checkout_languages_by_installation_id=CheckoutLanguagesByInstallationIdLoader(session),
            dispatch_photos_by_fulfillment_id=DispatchPhotosByFulfillmentIdLoader(
                session, installation_id, include_hidden=include_hidden
            ),
            guest_guess_by_order_and_email=GuestGuessByOrderAndEmailLoader(),
            order_brought_in_by_id=OrderBroughtInByIdLoader(),
        )


@dataclass
class Context:
    request: Request
    state: AppState
    installation: Installation
    viewer: Viewer | None
    # reads of this request (see the module docstring); a mutation writes in ``transaction()``
    session: AsyncSession
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders.of(self.session, self.installation.id, self.viewer)

    @property
    def storage(self) -> Storage:
        return self.state.storage

    @cached_property
    def saleor(self) -> SaleorClient:
        """A client of the installation's Saleor with its app token, made on first use."""
        return self.state.client_of(self.installation)

    async def release(self) -> None:
        """Give the read session's connection back to the pool; what it loaded stays usable
        (sessions do not expire on commit, and the read session never writes), and its next
        query takes a connection again."""
        if self.session.in_transaction():
            await self.session.commit()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A unit of work for a mutation: committed when the block ends, rolled back on error.

        Once it committed, the jobs queued in it to try at once (``enqueue(...,
        attempt_now=True)``, ``jobs/queue.py``) are tried, in the order queued; they call
        Saleor, so the read session has let its connection go. A failure is left to the
        job's retries (``AppState.run_job_now``); after a rollback nothing is tried."""
        await self.release()
        async with self.state.sessionmaker.begin() as session:
            yield session
        await self.release()
        for job_id in attempts_after_commit(session):
            await self.state.run_job_now(job_id)

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncSession]:
        """A short read in a session of its own (closed when the block ends)."""
        await self.release()
        async with self.state.sessionmaker() as session:
            yield session

    def staff(self, permission: str) -> Staff:
        """The staff member asking, who must hold ``permission``; else PermissionDenied."""
        if not isinstance(self.viewer, Staff):
            raise PermissionDenied("This needs a staff member's Dashboard token.")
        if not self.viewer.has(permission):
            raise PermissionDenied(f"This needs the {permission} permission.")
        return self.viewer

    def customer(self) -> Customer | None:
        return self.viewer if isinstance(self.viewer, Customer) else None

    @property
    def client_ip(self) -> str | None:
        """The buyer's address: the socket peer, or what trusted proxies forwarded."""
        settings = self.state.settings
        return client_address(
            self.request.client.host if self.request.client else None,
            self.request.headers,
            settings.trusted_proxy_header,
            settings.trusted_proxy_networks,
        )

    @property
    def user_agent(self) -> str:
        return self.request.headers.get("user-agent", "")[:512]


Info = strawberry.Info[Context, None]
