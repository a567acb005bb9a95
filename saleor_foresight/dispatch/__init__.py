"""Proof of dispatch: staff photograph each parcel, the buyer sees a safe copy.

``service`` (ticket, confirm, hide), ``queries`` (an order's photos, the packing queue),
``images`` (checks and renditions over bytes), ``models``, ``errors``. No HTTP, no GraphQL.
"""
