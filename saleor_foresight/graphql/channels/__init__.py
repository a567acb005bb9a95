"""The API of the shop's channels as Saleor lists them, for the staff pages' channel picker."""
