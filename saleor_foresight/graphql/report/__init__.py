"""The report API: what Foresight did, by month and channel, for staff. Translates
``saleor_foresight.report``."""
