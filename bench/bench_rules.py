"""The risk-ranked packing queue and the monthly report, on a shop with many orders.

    python -m bench.bench_rules [--orders 20000] [--database-url postgresql://...]

The database must be empty (a fresh SQLite file by default).

Seeds one installation with ``--orders`` shipped orders over twelve months (one parcel each,
a third untracked, none photographed: every parcel is in the queue), a claim on every tenth
order, a guidance view on every fifth, a refund on every twentieth, and channel rules.
Prints the median time of the queue's first page (20 parcels, riskiest first) and of a
twelve-month report, beside the time of merely reading the rows the report reads (a floor).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from cryptography.fernet import Fernet, MultiFernet
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight import migrate
from saleor_foresight.claims.models import Claim, ClaimLogHead, ClaimResolution, GuidanceView
from saleor_foresight.db import create_engine
from saleor_foresight.dispatch.queries import packing_queue
from saleor_foresight.orders.models import Fulfillment, Order
from saleor_foresight.plugin import installations
from saleor_foresight.report.monthly import monthly
from saleor_foresight.report.period import period
from saleor_foresight.rules import service as rules
from saleor_foresight.settings import to_async_url

START = datetime(2026, 1, 1, tzinfo=UTC)
BATCH = 2000


async def seed(maker: async_sessionmaker[AsyncSession], orders: int) -> uuid.UUID:
    async with maker.begin() as session:
        installation = await installations.save(
            session,
            MultiFernet([Fernet(Fernet.generate_key())]),
            installations.NewInstallation(
                "https://saleor.bench/graphql/", "saleor.bench", "3.23", "QXBwOjE=", "t", {}
            ),
        )
        shop = installation.id
        await rules.update(session, shop, "default-channel", "EUR", {
            "tracked_shipping_above": Decimal(150), "instant_refund_below": Decimal(25),
        }, "owner@example.com")  # fmt: skip
        session.add(ClaimLogHead(installation_id=shop, sequence=0, head_hash="0" * 64, claims=0))
    rows: dict[str, list[dict[str, Any]]] = {"o": [], "f": [], "c": [], "g": [], "r": []}
    for n in range(orders):
        at = START + timedelta(minutes=n * 525600 // orders)
        order_id, claim_id = uuid.uuid4(), uuid.uuid4()
        rows["o"].append({
            "id": order_id, "installation_id": shop, "saleor_id": f"O{n}", "number": str(n),
            "channel_slug": "default-channel", "status": "FULFILLED", "created_at": at,
            "currency": "EUR", "total_gross": Decimal(10 + (n * 37) % 900),
            "foresight_metadata": {}, "source_version": at,
        })  # fmt: skip
        rows["f"].append({
            "id": uuid.uuid4(), "installation_id": shop, "order_id": order_id,
            "saleor_id": f"F{n}", "number": 1, "status": "FULFILLED",
            "tracking_number": "" if n % 3 == 0 else f"DHL-{n}", "created_at": at,
            "lines": [], "source_version": at, "recorded_at": at,
        })  # fmt: skip
        if n % 5 == 0:
            rows["g"].append({
                "id": uuid.uuid4(), "installation_id": shop, "order_id": order_id,
                "reason": "NOT_RECEIVED", "availability": "OPEN", "first_shown_at": at,
                "last_shown_at": at, "times": 1,
            })  # fmt: skip
        if n % 10 == 0:
            rows["c"].append({
                "id": claim_id, "installation_id": shop, "number": n // 10 + 1,
                "order_id": order_id, "reason": "NOT_RECEIVED", "wished_resolution": "REFUND",
                "status": "RESOLVED" if n % 20 == 0 else "OPEN", "buyer_escalated": False,
                "created_at": at + timedelta(days=1), "updated_at": at,
            })  # fmt: skip
        if n % 20 == 0:
            rows["r"].append({
                "id": uuid.uuid4(), "installation_id": shop, "claim_id": claim_id,
                "kind": "REFUND", "status": "DONE", "lines": [], "currency": "EUR",
                "granted_amount": Decimal(20), "include_shipping": False, "attempts": 0,
                "runs": 0, "created_at": at, "confirmed_at": at + timedelta(days=2),
                "decided_by_rule": "instant_refund_below" if n % 40 == 0 else None,
            })  # fmt: skip
    for key, table in [("o", Order), ("f", Fulfillment), ("c", Claim), ("g", GuidanceView),
                       ("r", ClaimResolution)]:  # fmt: skip
        for start in range(0, len(rows[key]), BATCH):
            async with maker.begin() as session:
                await session.execute(insert(table), rows[key][start : start + BATCH])
    return shop


async def median_ms(run: Callable[[], Awaitable[Any]], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        await run()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


async def main(orders: int, database_url: str | None, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = to_async_url(database_url or f"sqlite:///{folder}/bench.db")
        await asyncio.to_thread(migrate.upgrade, url)
        engine = create_engine(url)
        maker = async_sessionmaker(engine, expire_on_commit=False)
        shop = await seed(maker, orders)
        year = period("2026-01", "2026-12")

        async def queue() -> None:
            async with maker() as session:
                assert len(await packing_queue(session, shop, limit=20)) == 20

        async def report() -> None:
            async with maker() as session:
                assert (await monthly(session, shop, year)).rows

        async def floor() -> None:
            async with maker() as session:
                await session.execute(
                    select(
                        Fulfillment.created_at, Fulfillment.tracking_number, Order.total_gross
                    ).join(Order, Order.id == Fulfillment.order_id)
                )
                for column in (Claim.created_at, GuidanceView.first_shown_at,
                               ClaimResolution.confirmed_at):  # fmt: skip
                    await session.execute(select(column))

        await queue()  # warm up
        await report()
        results = {
            "packing queue, first page": await median_ms(queue, repeat),
            "report, 12 months": await median_ms(report, repeat),
            "reading the same rows": await median_ms(floor, repeat),
        }
        await engine.dispose()
    print(f"{orders} orders on {url.split(':', 1)[0]}, median of {repeat}:")
    for name, ms in results.items():
        print(f"  {name:28} {ms:8.1f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=20000)
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=9)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.orders, arguments.database_url, arguments.repeat))
