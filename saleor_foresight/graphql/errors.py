"""How failures reach API clients.

Expected failures are typed results in the payload (``errors: [XxxError!]!`` with ``field``,
``code`` and ``message``, as Saleor does). Unexpected ones are GraphQL errors: those Foresight
raises on purpose carry ``extensions.code``; anything else is masked as an internal error.

A request the client got wrong never is: an error raised before any resolver ran (it has no
``path``) is about the document or its variables, and says so with its own message and a
code — ``GRAPHQL_PARSE_FAILED`` (syntax), ``BAD_USER_INPUT`` (a variable of the wrong type,
unfit text) or ``GRAPHQL_VALIDATION_FAILED`` (anything else the document asks wrongly).
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


class TooManyAttempts(ApiError):
    code = "TOO_MANY_ATTEMPTS"


BAD_USER_INPUT = "BAD_USER_INPUT"


def format_error(error: GraphQLError) -> dict[str, Any]:
    """A GraphQL error as JSON; internal failures say nothing of their cause."""
    original = error.original_error
    if error.path is None and not isinstance(original, ApiError):
        return {
            "message": error.message,
            "locations": error.formatted.get("locations"),
            # a refusal that names its code (graphql/limits.py) keeps it
            "extensions": {
                "code": (error.extensions or {}).get("code") or _request_error_code(error)
            },
        }
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


def _request_error_code(error: GraphQLError) -> str:
    """The code of an error in the document or its variables (graphql-core's wording)."""
    if isinstance(error, GraphQLSyntaxError):
        return _syntax_code(error)
    if error.message.startswith("Syntax Error"):
        return "GRAPHQL_PARSE_FAILED"
    if error.message.startswith("Variable '$") or error.message.startswith("A string holds"):
        return BAD_USER_INPUT
    return "GRAPHQL_VALIDATION_FAILED"
