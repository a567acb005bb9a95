"""Whose order is it: the rule every buyer- and staff-facing field about an order goes through.

* staff with MANAGE_ORDERS may read any order of their Saleor;
* a customer (verified access token) may read the orders placed under their user id;
* a guest must give the order's ID **and** the email it was placed with (Saleor shows an order
  to anyone holding its ID; Foresight asks for more).
Anything else is "not found", so the answer never tells a stranger that an order exists.
"""

from __future__ import annotations

import hmac

from ..orders import record
from ..orders.models import Order
from ..plugin.tokens import Customer, Staff
from .context import Context
from .errors import NotFound

MANAGE_ORDERS = "MANAGE_ORDERS"


async def readable_order(context: Context, order_id: str, email: str | None = None) -> Order:
    """The order if the viewer may read it, else NotFound."""
    order = await record.get_order(context.session, context.installation.id, order_id)
    if order is None or not may_read(context, order, email):
        raise NotFound("No such order.")
    return order


def may_read(context: Context, order: Order, email: str | None) -> bool:
    viewer = context.viewer
    if isinstance(viewer, Staff):
        return viewer.has(MANAGE_ORDERS)
    if isinstance(viewer, Customer) and order.user_id is not None:
        return hmac.compare_digest(viewer.user_id, order.user_id)
    if email and order.user_email:
        given = email.strip().casefold().encode()
        return hmac.compare_digest(given, order.user_email.strip().casefold().encode())
    return False
