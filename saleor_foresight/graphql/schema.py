"""The public schema, merged from each domain's Query and Mutation classes."""

from __future__ import annotations

from importlib.resources import files

import strawberry
from strawberry.tools import merge_types

from .core.queries import CoreQuery
from .policies.mutations import PolicyMutation
from .policies.queries import PolicyQuery

QUERIES: tuple[type, ...] = (CoreQuery, PolicyQuery)
MUTATIONS: tuple[type, ...] = (PolicyMutation,)

Query = merge_types("Query", QUERIES)
Mutation = merge_types("Mutation", MUTATIONS) if MUTATIONS else None

schema = strawberry.Schema(query=Query, mutation=Mutation)

SDL_FILE = "schema.graphql"


def sdl() -> str:
    return schema.as_str() + "\n"


def committed_sdl() -> str:
    """The SDL committed beside this module (what clients build against)."""
    return (files(__package__) / SDL_FILE).read_text()
