"""A durable job queue in the database: work that must happen after a change (calls to Saleor,
image processing, deadline checks) is enqueued in the same transaction as the change and run
by workers with retries and backoff. See ``queue.py``."""
