"""The API tests' shop: the installed Saleor's order, complete with evidence, in the app's
own database and media folder."""

from __future__ import annotations

from sqlalchemy import select
from starlette.applications import Starlette

from saleor_foresight.plugin.models import Installation
from saleor_foresight.runtime import AppState
from tests.evidence.factories import Shop, complete_order
from tests.saleor_double import SaleorDouble


async def shop_of(app: Starlette, saleor: SaleorDouble, **options: object) -> Shop:
    state: AppState = app.state.foresight
    async with state.sessionmaker() as session:
        installation = await session.scalar(
            select(Installation).where(Installation.saleor_api_url == saleor.api_url)
        )
    assert installation is not None
    return await complete_order(
        state.sessionmaker,
        app.state.storage,
        installation_id=installation.id,
        **options,  # type: ignore[arg-type]
    )
