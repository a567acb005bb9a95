"""Random sequences of claims filed, claims withdrawn and returns made in Saleor: a claim is
accepted exactly when it fits in what was ordered, less what live claims hold and what came
back outside claims."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.claims import service
from saleor_foresight.claims.errors import ClaimError, ClaimErrorCode
from saleor_foresight.claims.quantities import claimable
from saleor_foresight.orders import record
from tests.claims.support import BUYER, LINE_A, LINE_B, day, file, order_snapshot
from tests.factories import make_installation

ORDERED = {LINE_A: 3, LINE_B: 2}
lines = st.sampled_from([LINE_A, LINE_B])
operations = st.lists(
    st.one_of(
        st.tuples(st.just("file"), lines, st.integers(1, 3)),
        st.tuples(st.just("withdraw"), st.integers(0, 5), st.just(0)),
        st.tuples(st.just("return"), lines, st.integers(1, 2)),
    ),
    max_size=10,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations)
async def test_claims_never_exceed_ordered_less_claimed_and_returned(
    sessionmaker: async_sessionmaker[AsyncSession], ops: list[tuple[str, str | int, int]]
) -> None:
    # given a shop of its own for this example, and an order of 3 shirts and 2 scarves
    async with sessionmaker.begin() as session:
        shop = await make_installation(session, f"https://{uuid.uuid4().hex}.test/graphql/")
        snapshot = order_snapshot(quantities=(ORDERED[LINE_A], ORDERED[LINE_B]))
        await record.apply_snapshot(session, shop.id, snapshot, datetime.now(UTC))
    live: dict[uuid.UUID, tuple[str, int]] = {}
    returned: Counter[str] = Counter()

    for kind, target, quantity in ops:
        async with sessionmaker.begin() as session:
            order = await record.get_order(session, shop.id, snapshot.saleor_id)
            assert order is not None
            if kind == "file":
                line = str(target)
                held = sum(q for k, q in live.values() if k == line)
                fits = held + returned[line] + quantity <= ORDERED[line]
                try:
                    claim = await file(session, order, lines=((line, quantity),))
                except ClaimError as refused:
                    assert refused.code is ClaimErrorCode.QUANTITY_EXCEEDED
                    assert not fits
                else:
                    assert fits
                    live[claim.id] = (line, quantity)
            elif kind == "withdraw" and live:
                claim_id = sorted(live)[int(target) % len(live)]
                await service.withdraw(session, shop.id, claim_id, BUYER, day(11))
                del live[claim_id]
            elif kind == "return":
                line = str(target)
                returned[line] = min(ORDERED[line], returned[line] + quantity)
                back = tuple((k, q) for k, q in returned.items() if q)
                newer = replace(order_snapshot(returned=back), lines=snapshot.lines)
                await record.apply_snapshot(session, shop.id, newer, datetime.now(UTC))
        async with sessionmaker() as session:
            order = await record.get_order(session, shop.id, snapshot.saleor_id)
            assert order is not None
            left = await claimable(session, order)
        # then what is left is what the model says, never below zero
        for line, ordered in ORDERED.items():
            held = sum(q for k, q in live.values() if k == line)
            assert left[line] == max(0, ordered - held - returned[line])
