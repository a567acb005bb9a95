"""Whose order is it: the rule every buyer- and staff-facing field about an order goes through.

* staff with MANAGE_ORDERS may read any order of their Saleor;
* a customer (verified access token) may read the orders placed under their user id;
* a guest must give the order's ID **and** the email it was placed with (Saleor shows an order
  to anyone holding its ID; Foresight asks for more). Wrong emails are limited per order and
  per client address (``orders/guest_access.py``): past the limit any guess, right or wrong,
  answers TOO_MANY_ATTEMPTS.
Anything else is "not found", so the answer never tells a stranger that an order exists.

An order Foresight does not hold (placed before the install, and not brought in by the
backfill yet) is read from Saleor with the app token, recorded the way a webhook records it,
and answered — but only for a viewer who could then read it: staff with MANAGE_ORDERS, or a
buyer whose proof matches what Saleor answered (the customer's user id, or the order's email).
The proof is compared after reading; on a mismatch nothing is recorded and the answer is the
same "not found" as for an order that does not exist. A buyer's read spends the guest limits
first (a refused client never reaches Saleor) and a miss counts as a wrong guess; IDs that
are not an order's are never sent, and Saleor's "no such order" is remembered for a while
(``plugin/saleor_orders.py``), so no caller can make Foresight ask Saleor without limit.
"""

from __future__ import annotations

import hmac

from sqlalchemy.exc import IntegrityError

from ..errors import SaleorError
from ..orders import guest_access, record
from ..orders.models import Order
from ..plugin.saleor_orders import ReadOrder, read_order
from ..plugin.tokens import Customer, Staff
from ..text import is_blank
from .context import MANAGE_ORDERS, Context
from .errors import NotFound, SaleorUnreachable, TooManyAttempts

__all__ = ["MANAGE_ORDERS"]


async def readable_order(context: Context, order_id: str, email: str | None = None) -> Order:
    """The order if the viewer may read it, else NotFound."""
    order = await record.get_order(context.session, context.installation.id, order_id)
    if order is None:
        order = await brought_in(context, order_id, email)
    allowed = await may_read(context, order, email, order_key=order_id)
    if order is None or not allowed:
        raise NotFound("No such order.")
    return order


async def may_read(
    context: Context, order: Order | None, email: str | None, *, order_key: str = ""
) -> bool:
    """Whether the viewer may read ``order`` (None: no order has the ID ``order_key``).

    A guest's email is a guess, limited per order and client: TooManyAttempts when used up."""
    viewer = context.viewer
    if isinstance(viewer, Staff):
        return order is not None and viewer.has(MANAGE_ORDERS)
    if isinstance(viewer, Customer) and order is not None and order.user_id is not None:
        return hmac.compare_digest(viewer.user_id, order.user_id)
    if email is None or is_blank(email):
        return False
    key = order.saleor_id if order is not None else order_key
    given = email.strip().casefold()
    # the fields of one request are resolved side by side: asking several is one guess
    return await context.loaders.guest_guess_by_order_and_email.load(
        (key, given), lambda: _guess(context, order, key, given)
    )


async def _guess(context: Context, order: Order | None, key: str, given: str) -> bool:
    """Whether ``given`` is the order's email, counted against the limits."""
    unit_of_work = context.state.sessionmaker.begin
    installation_id = context.installation.id
    try:
        await guest_access.check_allowed(unit_of_work, installation_id, key, context.client_ip)
    except guest_access.TooManyAttempts as refused:
        raise TooManyAttempts(str(refused)) from None
    right = (
        order is not None
        and bool(order.user_email)
        and hmac.compare_digest(
            given.encode(), (order.user_email or "").strip().casefold().encode()
        )
    )
    if not right:
        await guest_access.record_failure(unit_of_work, installation_id, key, context.client_ip)
    return right


async def brought_in(context: Context, order_id: str, email: str | None) -> Order | None:
    """An order Foresight does not hold, read from Saleor and recorded for a viewer whose
    proof matches it; None otherwise (see the module docstring). Once per request."""
    return await context.loaders.order_brought_in_by_id.load(
        order_id, lambda: _bring_in(context, order_id, email)
    )


async def _bring_in(context: Context, order_id: str, email: str | None) -> Order | None:
    viewer, installation_id = context.viewer, context.installation.id
    buyer = not isinstance(viewer, Staff)
    if isinstance(viewer, Staff) and not viewer.has(MANAGE_ORDERS):
        return None
    if viewer is None and (email is None or is_blank(email)):
        return None  # a guest without a proof: nothing to compare, nothing to ask
    unit_of_work = context.state.sessionmaker.begin
    if buyer:
        try:
            await guest_access.check_allowed(
                unit_of_work, installation_id, order_id, context.client_ip
            )
        except guest_access.TooManyAttempts as refused:
            raise TooManyAttempts(str(refused)) from None
    await context.release()  # no connection held while Saleor answers
    try:
        found = await read_order(
            context.state.order_reads,
            context.saleor,
            installation_id,
            order_id,
        )
    except SaleorError as exc:
        raise SaleorUnreachable("Saleor could not be asked about this order.") from exc
    if found is None or not _proves(viewer, email, found):
        if isinstance(viewer, Customer):  # a guest's miss is counted by may_read
            await guest_access.record_failure(
                unit_of_work, installation_id, order_id, context.client_ip
            )
        return None
    try:
        async with context.transaction() as session:
            await record.apply_snapshot(session, installation_id, found.snapshot, found.read_at)
    except IntegrityError:
        pass  # another request recorded it at the same moment: it is there
    return await record.get_order(context.session, installation_id, order_id)


def _proves(viewer: Staff | Customer | None, email: str | None, found: ReadOrder) -> bool:
    """Whether the viewer could read the order Saleor answered (the rule of ``may_read``)."""
    snapshot = found.snapshot
    if isinstance(viewer, Staff):
        return True
    if isinstance(viewer, Customer) and snapshot.user_id is not None:
        return hmac.compare_digest(viewer.user_id, snapshot.user_id)
    if email is None or is_blank(email) or not snapshot.user_email:
        return False
    given = email.strip().casefold().encode()
    return hmac.compare_digest(given, snapshot.user_email.strip().casefold().encode())
