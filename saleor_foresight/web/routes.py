"""Routes serving the storefront widget and the Dashboard pages."""

from __future__ import annotations

from starlette.routing import BaseRoute

ROUTES: list[BaseRoute] = []
