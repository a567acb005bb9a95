"""The evidence pack API: ask for a pack, fetch it, and see which orders are ready for which
dispute. Staff only (MANAGE_ORDERS)."""
