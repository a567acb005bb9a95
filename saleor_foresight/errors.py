"""Foresight's exceptions, one tree with one root.

    ForesightError
    ├── ConfigurationError          a setting is missing or wrong; start-up stops
    ├── InstallationError           registration refused (carries a RegistrationErrorCode)
    ├── UnknownInstallation         no active installation for a Saleor API URL
    ├── SignatureError              a signature or token that does not verify
    │   ├── UnknownKeyId            the JWKS we hold has no key with that ``kid``
    │   └── KeyRefetchPending       … and this interval's one refetch is spent: try later
    ├── WebhookError                a delivery we refuse: not ours (event, recipient), or
    │                               malformed (carries a WebhookRefusal code)
    ├── DomainError[Code]           a domain refused a request: ``code`` (the domain's enum),
    │   │                           ``message`` for people, ``field`` in snake_case
    │   ├── PolicyError             policies/errors.py: a policy or acceptance refused
    │   │   ├── PolicyNotFound
    │   │   └── StaleDisclosures    what was accepted no longer applies (carries the fresh list)
    │   ├── PhotoError              photos/errors.py (ImageRejected: an upload's bytes);
    │   │                           dispatch and claims answer it in their own error
    │   ├── DispatchError           dispatch/errors.py
    │   ├── ClaimError              claims/errors.py
    │   ├── EvidenceError           evidence/errors.py
    │   ├── RulesError              rules/errors.py
    │   ├── ReportError             report/errors.py
    │   └── StorefrontOriginError   plugin/origins.py: an origin that is none, or one too many
    ├── StorefrontOriginsRefused    plugin/origins.py: every origin refused in one update
    ├── StorageError                storage/errors.py: missing, exists, too large, unreachable
    ├── ApiError                    graphql/errors.py: a refusal shown as a GraphQL error
    └── SaleorError                 a call to Saleor's API failed
        ├── SaleorUnavailable       network failure, timeout or 5xx after retries
        ├── SaleorOutcomeUnknown    a mutation that is not idempotent was sent and its answer
        │                           lost (timeout, dropped connection, 5xx): Saleor may have
        │                           done it, so read its state before sending it again
        ├── SaleorAuthError         Saleor refused our app token (401/403, PermissionDenied)
        ├── SaleorGraphQLError      the response carried top-level GraphQL errors
        └── SaleorMutationError     a mutation answered with ``errors: [{field, code, message}]``

The HTTP edge maps these in one place (``plugin/http.py``): signature and
installation failures are 401, a bad delivery is 400, Saleor failures are 502.
Messages never contain secrets (tokens, keys, signatures).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

Code = TypeVar("Code", bound=StrEnum)


class ForesightError(Exception):
    """Root of every error Foresight raises on purpose."""


class DomainError(ForesightError, Generic[Code]):
    """A domain refused a request: what went wrong (``code``), for whom to read
    (``message``) and which input (``field``, None when it is no single one)."""

    def __init__(self, code: Code, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class ConfigurationError(ForesightError):
    """A setting is missing or invalid. The message names the variable."""


class RegistrationErrorCode(StrEnum):
    SALEOR_URL_NOT_ALLOWED = "SALEOR_URL_NOT_ALLOWED"
    MISSING_SALEOR_API_URL = "MISSING_SALEOR_API_URL"
    MISSING_AUTH_TOKEN = "MISSING_AUTH_TOKEN"  # noqa: S105 (a code, not a secret)
    TOKEN_REFUSED = "TOKEN_REFUSED"  # noqa: S105 (a code, not a secret)
    JWKS_UNAVAILABLE = "JWKS_UNAVAILABLE"
    ALREADY_INSTALLED = "ALREADY_INSTALLED"  # active, as another app of that Saleor


class InstallationError(ForesightError):
    def __init__(self, code: RegistrationErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class UnknownInstallation(ForesightError):
    """No active installation is registered for this Saleor API URL."""


class SignatureError(ForesightError):
    """A webhook signature or a JWT that does not verify."""


class UnknownKeyId(SignatureError):
    """The key id is not in the JWKS we hold; the caller may refetch once."""

    def __init__(self, kid: str) -> None:
        super().__init__(f"no key with kid {kid!r} in the installation's JWKS")
        self.kid = kid


class KeyRefetchPending(SignatureError):
    """An unknown key id when the JWKS was refetched too recently to refetch again: the key
    may be Saleor's new one, so the sender should try again later (webhooks: 503)."""


class WebhookRefusal(StrEnum):
    """Why a delivery was refused (the ``code`` of the 4xx answer)."""

    INVALID = "INVALID"  # unknown event, not JSON, not an object
    WRONG_EVENT = "WRONG_EVENT"  # the body is another event than the route's
    WRONG_RECIPIENT = "WRONG_RECIPIENT"  # the body was built for another app
    INCOMPLETE = "INCOMPLETE"  # a field the handler needs is missing or malformed


class WebhookError(ForesightError):
    """A delivery we refuse: not ours, or not one we can take (unknown event, bad JSON,
    a snapshot missing what its handler needs). Final for Saleor (4xx), nothing stored."""

    def __init__(self, message: str, code: WebhookRefusal = WebhookRefusal.INVALID) -> None:
        super().__init__(message)
        self.code = code


class SaleorError(ForesightError):
    """A call to Saleor's GraphQL API failed."""


class SaleorUnavailable(SaleorError):
    """Saleor could not be reached, timed out or answered 5xx, after retries."""


class SaleorOutcomeUnknown(SaleorError):
    """A mutation Saleor may or may not have carried out: it was sent once (it is not
    idempotent, so the client never repeats it) and the answer was lost. The caller reads
    Saleor's state and adopts what is there before it tries again."""

    def __init__(self, operation: str, message: str) -> None:
        super().__init__(message)
        self.operation = operation


class SaleorAuthError(SaleorError):
    """Saleor refused the app token."""


@dataclass(frozen=True)
class SaleorErrorDetail:
    message: str
    code: str | None = None
    field: str | None = None


class SaleorGraphQLError(SaleorError):
    """Top-level GraphQL ``errors`` in Saleor's answer."""

    def __init__(self, operation: str, errors: Sequence[SaleorErrorDetail]) -> None:
        joined = "; ".join(e.message for e in errors)
        super().__init__(f"{operation}: {joined}")
        self.operation = operation
        self.errors = tuple(errors)


class SaleorMutationError(SaleorError):
    """A mutation payload's ``errors`` list was not empty."""

    def __init__(self, operation: str, errors: Sequence[SaleorErrorDetail]) -> None:
        joined = "; ".join(f"{e.field or '-'}: {e.code or '-'} {e.message}" for e in errors)
        super().__init__(f"{operation}: {joined}")
        self.operation = operation
        self.errors = tuple(errors)
