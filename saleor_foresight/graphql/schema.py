"""The public schema, merged from each domain's Query and Mutation classes."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.extensions import AddValidationRules, ParserCache
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from .channels.queries import ChannelQuery
from .claims.mutations import ClaimMutation
from .claims.queries import ClaimQuery
from .core.queries import CoreQuery
from .dispatch.mutations import DispatchMutation
from .dispatch.queries import DispatchQuery
from .errors import log_error
from .evidence.mutations import EvidenceMutation
from .evidence.queries import EvidenceQuery
from .limits import DocumentLimits
from .notifications.mutations import NotificationMutation
from .notifications.queries import NotificationQuery
from .orders.queries import OrderQuery
from .origins.mutations import StorefrontOriginsMutation
from .origins.queries import StorefrontOriginsQuery
from .policies.mutations import PolicyMutation
from .policies.queries import PolicyQuery
from .report.queries import ReportQuery
from .rules.mutations import RulesMutation
from .rules.queries import RulesQuery
from .text_input import UnfitStringLiteral

QUERIES: tuple[type, ...] = (
    CoreQuery,
    PolicyQuery,
    DispatchQuery,
    ClaimQuery,
    EvidenceQuery,
    RulesQuery,
    NotificationQuery,
    ReportQuery,
    StorefrontOriginsQuery,
    OrderQuery,
    ChannelQuery,
)
MUTATIONS: tuple[type, ...] = (
    PolicyMutation,
    DispatchMutation,
    ClaimMutation,
    EvidenceMutation,
    RulesMutation,
    NotificationMutation,
    StorefrontOriginsMutation,
)

Query = merge_types("Query", QUERIES)
Mutation = merge_types("Mutation", MUTATIONS) if MUTATIONS else None


class ForesightSchema(strawberry.Schema):
    """Strawberry's schema, logging a client's mistakes at INFO without a traceback and only
    our own failures at ERROR with one (``graphql/errors.log_error``)."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            log_error(error)


# storefronts send the same few documents over and over: parse, measure and validate each
# once; a document past the limits (graphql/limits.py) is refused before it is validated
schema = ForesightSchema(
    query=Query,
    mutation=Mutation,
    extensions=[
        lambda: AddValidationRules([UnfitStringLiteral]),
        lambda: ParserCache(maxsize=256),
        lambda: DocumentLimits(maxsize=256),
    ],
)


def sdl() -> str:
    return schema.as_str() + "\n"
