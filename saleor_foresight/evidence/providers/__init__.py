"""Provider mappings: the pack's evidence in the shape PayPal's and Stripe's APIs take.

``limits`` (file types, sizes and text lengths each provider takes, and fitting to them),
``paypal`` (provide-evidence bodies per dispute reason), ``stripe`` (the dispute's
``evidence`` object). Foresight never sends them: staff (or their tools) do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ProviderFile:
    """A file of the provider's folder in the ZIP, as it would be uploaded."""

    path: str
    role: str
    content_type: str
    byte_size: int
    sha256: str

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "name": self.name,
            "role": self.role,
            "content_type": self.content_type,
            "byte_size": self.byte_size,
            "sha256": self.sha256,
        }
