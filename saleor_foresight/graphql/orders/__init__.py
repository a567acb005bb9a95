"""The API of Foresight's own record of orders: how bringing in the older ones stands."""
