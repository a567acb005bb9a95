"""Start the demo: embedded settings only, a sandbox Saleor, seeded data, the demo pages."""

from __future__ import annotations

import asyncio
import json
import secrets
from pathlib import Path
from typing import Any

from starlette.applications import Starlette

from .. import migrate
from ..app import create_app
from ..errors import ConfigurationError
from ..runtime import AppState, build_state
from ..settings import Settings
from .routes import ROUTES
from .sandbox import SandboxSaleor
from .seed import RECORDED_API_URL, load_vectors, photograph_parcels, seed


def demo_settings(settings: Settings) -> Settings:
    """The demo runs only on the embedded default: never against a production database."""
    if not settings.embedded:
        raise ConfigurationError(
            "FORESIGHT_DATABASE_URL: the demo runs only on the embedded default; "
            "unset it (demo mode can't be switched on in production settings)"
        )
    return settings.model_copy(update={"run_worker": True})


def build_demo(settings: Settings, vectors_dir: Path | None) -> tuple[Starlette, SandboxSaleor]:
    settings = demo_settings(settings)
    vectors = load_vectors(vectors_dir) if vectors_dir and vectors_dir.is_dir() else []
    recorded_jwks: list[dict[str, Any]] = []
    if vectors_dir and (vectors_dir / "jwks.json").is_file():
        recorded_jwks = json.loads((vectors_dir / "jwks.json").read_text())["keys"]
    sandbox = SandboxSaleor(
        api_url=RECORDED_API_URL, app_token=secrets.token_urlsafe(24), extra_jwks=recorded_jwks
    )
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate.upgrade(settings.sqlalchemy_url)
    asyncio.run(_seed(settings, sandbox, vectors))
    app = create_app(settings, saleor_transport=sandbox.transport())
    app.state.demo = sandbox
    app.router.routes[0:0] = ROUTES
    return app, sandbox


async def _seed(settings: Settings, sandbox: SandboxSaleor, vectors: list[Any]) -> None:
    state: AppState = build_state(settings, sandbox.transport())
    try:
        await seed(state, sandbox, vectors)
        await photograph_parcels(state, state.storage, sandbox)
    finally:
        await state.close()
