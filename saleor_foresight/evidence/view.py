"""What a pack shows, gathered while its ZIP streams: read by the summary and evidence.json."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .gather import Facts
from .models import DisputeReason, Provider
from .providers import ProviderFile
from .providers.limits import PAYPAL, STRIPE, Adjustments, Limits
from .readiness import Readiness


@dataclass(frozen=True)
class PackRequest:
    id: uuid.UUID
    provider: Provider
    reason: DisputeReason | None
    created_at: datetime
    requested_by: str

    @property
    def reasons(self) -> list[DisputeReason]:
        return [self.reason] if self.reason is not None else list(DisputeReason)


@dataclass(frozen=True)
class PackFile:
    path: str
    role: str
    content_type: str
    byte_size: int
    sha256: str

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "role": self.role,
            "content_type": self.content_type,
            "byte_size": self.byte_size,
            "sha256": self.sha256,
        }


@dataclass(frozen=True)
class PhotoCheck:
    photo_id: uuid.UUID
    path: str | None
    recorded_sha256: str
    computed_sha256: str | None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None and self.recorded_sha256 == self.computed_sha256


@dataclass
class PackView:
    """Everything the summary and evidence.json show, filled in as the ZIP streams."""

    facts: Facts
    request: PackRequest
    readiness: Readiness | None
    files: list[PackFile] = field(default_factory=list)
    photo_paths: dict[uuid.UUID, str] = field(default_factory=dict)
    photo_checks: list[PhotoCheck] = field(default_factory=list)
    provider_files: list[ProviderFile] = field(default_factory=list)
    provider_requests: dict[str, Any] = field(default_factory=dict)
    adjustments: Adjustments = field(default_factory=Adjustments)

    @property
    def limits(self) -> Limits | None:
        return {Provider.PAYPAL: PAYPAL, Provider.STRIPE: STRIPE}.get(self.request.provider)

    @property
    def verified(self) -> bool:
        claim_ok = self.facts.claim is None or bool(self.facts.claim.log.get("ok", False))
        return (
            self.facts.chain.ok
            and all(c.ok for c in self.facts.record_checks)
            and all(c.ok for c in self.photo_checks)
            and claim_ok
        )
