"""Whose order is it: the rule every buyer- and staff-facing field about an order goes through.

* staff with MANAGE_ORDERS may read any order of their Saleor;
* a customer (verified access token) may read the orders placed under their user id;
* a guest must give the order's ID **and** the email it was placed with (Saleor shows an order
  to anyone holding its ID; Foresight asks for more). Wrong emails are limited per order and
  per client address (``orders/guest_access.py``): past the limit any guess, right or wrong,
  answers TOO_MANY_ATTEMPTS.
Anything else is "not found", so the answer never tells a stranger that an order exists.
"""

from __future__ import annotations

import asyncio
import hmac

from ..orders import guest_access, record
from ..orders.models import Order
from ..plugin.tokens import Customer, Staff
from ..text import is_blank
from .context import Context
from .errors import NotFound, TooManyAttempts

MANAGE_ORDERS = "MANAGE_ORDERS"
GUESSES = "GuestGuessesByOrderAndEmail"


async def readable_order(context: Context, order_id: str, email: str | None = None) -> Order:
    """The order if the viewer may read it, else NotFound."""
    order = await record.get_order(context.session, context.installation.id, order_id)
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
    guesses: dict[tuple[str, str], asyncio.Future[bool]] = context.loaders.setdefault(GUESSES, {})
    guess = guesses.get((key, given))
    if guess is None:
        guess = guesses[key, given] = asyncio.ensure_future(_guess(context, order, key, given))
    return await guess


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
