"""The proof-of-dispatch API: staff upload and hide photos, buyers read them, staff's packing
queue. Translates to and from ``saleor_foresight.dispatch``."""
