"""How failures reach API clients.

Expected failures are typed results in the payload (``errors: [XxxError!]!`` with ``field``,
``code`` and ``message``, as Saleor does), built from the domain's ``DomainError`` by
``payload_errors``: its ``field`` names the domain's argument in snake_case, the payload's the
API's in camelCase, by strawberry's own converter (the one that names the schema's fields), so
``return_window_days`` is answered ``returnWindowDays``; a resolver whose argument the API
names otherwise (a claim's ``claim_id`` is the argument ``id``) says so in ``renamed``.
Unexpected ones are GraphQL errors: those Foresight raises on purpose carry
``extensions.code``; anything else is masked as an internal error.

A request the client got wrong never is: an error raised before any resolver ran (it has no
``path``) is about the document or its variables, and says so with its own message and a
code — ``GRAPHQL_PARSE_FAILED`` (syntax), ``BAD_USER_INPUT`` (a variable of the wrong type,
unfit text) or ``GRAPHQL_VALIDATION_FAILED`` (anything else the document asks wrongly).

HTTP status. A request refused before any resolver ran (a document that does not parse or
validate, variables that do not coerce, a document past the limits) is HTTP 400; once the
operation ran, the answer is HTTP 200 whatever its fields' errors (``graphql/endpoint.py``).

Logs (``log_error``, what the schema's ``process_errors`` calls). A client's mistake — a
request error, or an ``ApiError`` (unknown order, bad ID, refused proof, a permission it
lacks, too many guesses) — is logged at INFO with its code, never with a traceback: it is
the client's to fix, not the operator's. No database connection in time is a WARNING (the
client is told to retry). Anything else is a bug and is logged at ERROR with its traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from graphql import GraphQLError, GraphQLSyntaxError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from strawberry.utils.str_converters import to_camel_case

from ..errors import DomainError, ForesightError

logger = logging.getLogger(__name__)


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


class SaleorUnreachable(ApiError):
    """Saleor had to be asked and did not answer (its client retried what it may)."""

    code = "SALEOR_UNAVAILABLE"


BAD_USER_INPUT = "BAD_USER_INPUT"

PayloadError = TypeVar("PayloadError")
NOT_RENAMED: Mapping[str, str] = {}


def payload_error(
    error_type: Callable[..., PayloadError],
    error: DomainError[Any],
    renamed: Mapping[str, str] = NOT_RENAMED,
    **extra: object,
) -> PayloadError:
    """A domain's refusal as its payload's error type (see the module docstring); ``extra``
    fills the fields a type has beyond ``field``, ``code`` and ``message``."""
    field = error.field and (renamed.get(error.field) or to_camel_case(error.field))
    return error_type(field=field or None, code=error.code, message=error.message, **extra)


def payload_errors(
    error_type: Callable[..., PayloadError],
    error: DomainError[Any],
    renamed: Mapping[str, str] = NOT_RENAMED,
) -> list[PayloadError]:
    """A payload's ``errors`` for one refusal."""
    return [payload_error(error_type, error, renamed)]


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


def is_client_mistake(error: GraphQLError) -> bool:
    """A refusal of what the client asked (see the module docstring), not a failure of ours."""
    original = error.original_error
    return isinstance(original, ApiError) or (original is None and error.path is None)


def log_error(error: GraphQLError) -> None:
    """Log one error of an operation at the level it deserves (see the module docstring)."""
    if is_client_mistake(error):
        code = format_error(error)["extensions"]["code"]
        path = ".".join(str(p) for p in error.path or ())
        logger.info("GraphQL refused %s%s: %s", code, f" at {path}" if path else "", error.message)
    elif isinstance(error.original_error, PoolTimeout):
        logger.warning("GraphQL answered busy: no database connection in time")
    else:
        logger.error(
            "GraphQL failed at %s: %s",
            ".".join(str(p) for p in error.path or ()) or "(request)",
            error.message,
            exc_info=error.original_error or True,
        )
