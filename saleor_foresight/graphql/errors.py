"""How failures reach API clients.

Expected failures are typed results in the payload (``errors: [XxxError!]!`` with ``field``,
``code`` and ``message``, as Saleor does). Unexpected ones are GraphQL errors: those Foresight
raises on purpose carry ``extensions.code``; anything else is masked as an internal error.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError, GraphQLSyntaxError

from ..errors import ForesightError


class ApiError(ForesightError):
    """A refusal shown as a GraphQL error with ``extensions.code``."""

    code = "BAD_REQUEST"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PermissionDenied(ApiError):
    code = "PERMISSION_DENIED"


class NotFound(ApiError):
    code = "NOT_FOUND"


class InvalidId(ApiError):
    code = "INVALID_ID"


def _syntax_code(error: GraphQLSyntaxError) -> str:
    """The parser's refusals of a document past the limits (``graphql/limits.py``) by name."""
    if "Document contains more than" in error.message:
        return "TOO_MANY_TOKENS"
    if "nested too deeply" in error.message:
        return "TOO_DEEP"
    return "GRAPHQL_PARSE_FAILED"


def format_error(error: GraphQLError) -> dict[str, Any]:
    """A GraphQL error as JSON; internal failures say nothing of their cause."""
    original = error.original_error
    if original is None or isinstance(original, ApiError):
        formatted = error.formatted
        if isinstance(original, ApiError):
            formatted["extensions"] = {"code": original.code}
        elif isinstance(error, GraphQLSyntaxError):
            formatted["extensions"] = {"code": _syntax_code(error)}
        return dict(formatted)
    return {
        "message": "Internal error.",
        "locations": error.formatted.get("locations"),
        "path": error.path,
        "extensions": {"code": "INTERNAL_ERROR"},
    }
