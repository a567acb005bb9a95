"""The app manifest Saleor reads when an admin installs Foresight, built from settings."""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..settings import Settings
from ..web.dashboard import dashboard_app_url, dashboard_extensions
from .webhooks import WEBHOOKS

APP_ID = "app.foresight"
APP_NAME = "Foresight"
REQUIRED_SALEOR_VERSION = ">=3.22 <4"  # order-details widgets arrived in 3.22

# The least the planned features need:
PERMISSIONS = [
    # read orders and fulfillments in webhooks, write the order's private metadata,
    # orderConfirm (strict acceptance), orderNoteAdd, orderGrantRefundCreate and
    # orderFulfillmentReturnProducts for claim resolutions
    "MANAGE_ORDERS",
    # read a checkout's lines with the app token (never trust the client) and write the
    # acceptance reference into the checkout's private metadata
    "MANAGE_CHECKOUTS",
    # transactionRequestRefundForGrantedRefund: carry out a refund the shop granted
    "HANDLE_PAYMENTS",
]


def build_manifest(settings: Settings) -> dict[str, Any]:
    base = settings.base_url
    return {
        "id": APP_ID,
        "version": __version__,
        "name": APP_NAME,
        "about": (
            "Stops buyer disputes before they reach PayPal or the card issuer: discloses return "
            "terms and colour warnings at checkout and records acceptance, keeps dispatch photos, "
            "runs in-shop claims and builds evidence packs."
        ),
        "author": "Foresight",
        "permissions": PERMISSIONS,
        "appUrl": dashboard_app_url(base),
        "tokenTargetUrl": f"{base}/api/register",
        "requiredSaleorVersion": REQUIRED_SALEOR_VERSION,
        "homepageUrl": settings.homepage_url or f"{base}/",
        "supportUrl": settings.support_url or f"{base}/",
        "webhooks": [
            {
                "name": webhook.name,
                "asyncEvents": [webhook.event],
                "query": webhook.subscription,
                "targetUrl": f"{base}{webhook.path}",
                "isActive": True,
            }
            for webhook in WEBHOOKS
        ],
        "extensions": dashboard_extensions(base),
    }
