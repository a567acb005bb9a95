"""Who is asking: a Saleor customer access token, or the Dashboard's token for our app.

Both are RS256 JWTs signed by the installation's Saleor (``plugin/signature.py`` checks the
signature, expiry and issuer). A token that does not verify is refused, never treated as a
guest. A Dashboard token must be for *this* app on *this* Saleor (``app`` claim) and belong
to a staff user; what it may do is decided by the staff member's ``user_permissions``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import SignatureError
from .keys import KeyStore
from .models import Installation
from .signature import check_unverified_claims, verify_saleor_jwt

CUSTOMER_TOKEN = "access"  # noqa: S105 (a token type, not a secret)
# The Saleor permissions Foresight asks of staff (a Dashboard token's ``user_permissions``).
MANAGE_ORDERS = "MANAGE_ORDERS"
MANAGE_SETTINGS = "MANAGE_SETTINGS"
DASHBOARD_TOKEN = "thirdparty"  # noqa: S105 (a token type, not a secret)


@dataclass(frozen=True)
class Customer:
    user_id: str
    email: str


@dataclass(frozen=True)
class Staff:
    user_id: str
    email: str
    permissions: frozenset[str]

    def has(self, permission: str) -> bool:
        return permission in self.permissions


Viewer = Customer | Staff


async def identify(keys: KeyStore, installation: Installation, token: str) -> Viewer:
    """The viewer a bearer token proves, or SignatureError.

    A token under a key id we do not hold refetches Saleor's keys only when its claims could
    be genuine (issuer, type, expiry), so forged tokens cannot spend the refetch that Saleor's
    own deliveries need after a key rotation (``plugin/keys.py``)."""
    issuer, types = installation.saleor_api_url, (CUSTOMER_TOKEN, DASHBOARD_TOKEN)
    claims = await keys.verify(
        installation,
        lambda jwks: verify_saleor_jwt(token, jwks, issuer=issuer, token_type=types),
        before_refetch=lambda: check_unverified_claims(token, issuer=issuer, token_type=types),
    )
    return viewer_from_claims(installation, claims)


def viewer_from_claims(installation: Installation, claims: Mapping[str, Any]) -> Viewer:
    user_id, email = claims.get("user_id"), claims.get("email")
    if not isinstance(user_id, str) or not user_id or not isinstance(email, str):
        raise SignatureError("token names no user")
    if claims.get("type") == CUSTOMER_TOKEN:
        return Customer(user_id=user_id, email=email)
    if claims.get("app") != installation.app_id:
        raise SignatureError("Dashboard token issued for another app")
    if claims.get("is_staff") is not True:
        raise SignatureError("Dashboard token of a user who is not staff")
    permissions = claims.get("user_permissions")
    if not isinstance(permissions, list) or not all(isinstance(p, str) for p in permissions):
        raise SignatureError("Dashboard token without user_permissions")
    return Staff(user_id=user_id, email=email, permissions=frozenset(permissions))
