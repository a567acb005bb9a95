"""The per-request context every resolver gets: who asks, for which Saleor, and the database."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

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
        """The buyer's address: the trusted proxy's header when configured, else the socket."""
        header = self.state.settings.trusted_proxy_header
        if header:
            forwarded = self.request.headers.get(header)
            if forwarded:
                # a proxy appends the address it saw last: that one it vouches for
                return forwarded.split(",")[-1].strip() or None
        return self.request.client.host if self.request.client else None

    @property
    def user_agent(self) -> str:
        return self.request.headers.get("user-agent", "")[:512]


Info = strawberry.Info[Context, None]
