"""The per-request context every resolver gets: who asks, for which Saleor, and the database."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from ..client_address import client_address
from ..plugin.models import Installation
from ..plugin.state import AppState
from ..plugin.tokens import Customer, Staff, Viewer
from .errors import PermissionDenied


@dataclass
class Context:
    request: Request
    state: AppState
    installation: Installation
    viewer: Viewer | None
    # reads of this request; a mutation writes in its own ``transaction()``
    session: AsyncSession
    loaders: dict[str, Any] = field(default_factory=dict)

    def transaction(self) -> AbstractAsyncContextManager[AsyncSession]:
        """A unit of work for a mutation: committed when the block ends, rolled back on error."""
        return self.state.sessionmaker.begin()

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
