"""Proof of dispatch: staff photograph each parcel, the buyer sees a safe copy.

``service`` (ticket, confirm, hide: the steps of ``photos.pipeline``), ``queries`` (an
order's photos, the packing queue), ``models``, ``errors``. No HTTP, no GraphQL.
"""
