"""The API of a shop's storefront origins: which pages may call Foresight (CORS), for staff."""
