"""Every mapped model, imported in one place so Alembic and tests see the whole schema."""

from .claims.models import (
    Claim,
    ClaimEvent,
    ClaimLine,
    ClaimLogHead,
    ClaimPhoto,
    ClaimResolution,
    ClaimSettings,
    GuidanceView,
)
from .db import Base
from .dispatch.models import DispatchPhoto, DispatchUpload
from .evidence.models import EvidencePack
from .jobs.models import Job
from .notifications.models import StaffNotification
from .orders.models import Fulfillment, GuestAttempt, Order, OrderBackfill, OrderLine
from .plugin.models import CheckoutCache, Installation, InstallationStatus, WebhookDelivery
from .policies.models import (
    Acceptance,
    AcceptanceChain,
    AcceptanceItem,
    Policy,
    PolicyTranslation,
    PolicyVersion,
)
from .rules.models import ChannelRules

__all__ = [
    "Acceptance",
    "AcceptanceChain",
    "AcceptanceItem",
    "Base",
    "ChannelRules",
    "CheckoutCache",
    "Claim",
    "ClaimEvent",
    "ClaimLine",
    "ClaimLogHead",
    "ClaimPhoto",
    "ClaimResolution",
    "ClaimSettings",
    "DispatchPhoto",
    "DispatchUpload",
    "EvidencePack",
    "Fulfillment",
    "GuestAttempt",
    "GuidanceView",
    "Installation",
    "InstallationStatus",
    "Job",
    "Order",
    "OrderBackfill",
    "OrderLine",
    "Policy",
    "PolicyTranslation",
    "PolicyVersion",
    "StaffNotification",
    "WebhookDelivery",
]
