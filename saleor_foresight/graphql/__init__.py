"""The public GraphQL API (strawberry) at ``/graphql/``: per-domain Query/Mutation classes
merged in ``schema.py``; a typed request context in ``context.py``."""
