"""Claims: a buyer's complaint about an order, run to a resolution carried out in Saleor.

``states`` (the state machine as a table), ``deadlines`` (business days in the shop's
zone), ``config`` (per-installation settings), ``guidance`` (what a buyer sees before
filing), ``service`` (buyer steps), ``staff`` (staff steps), ``transitions`` (taking one
step), ``log`` (the hash-chained event log), ``quantities``, ``photos``, ``resolution``
(offers and resolutions), ``carry_out`` (doing it in Saleor, through ``saleor_port``),
``sweep`` (missed deadlines), ``jobs`` and ``worker`` (the ``claims`` job), ``guards``
(the ORM refuses to rewrite or remove a claim event). No HTTP, no GraphQL.
"""

from . import guards as guards  # registers the ORM listeners
