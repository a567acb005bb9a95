"""The claims API: buyers see what the shop knows, file claims and answer offers; staff
answer on a deadline and resolve. Translates to and from ``saleor_foresight.claims``."""
