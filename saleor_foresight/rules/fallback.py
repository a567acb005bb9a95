"""The checkout fallback: what the storefront widget does when Foresight cannot be reached.

``HOLD`` keeps the pay button disabled (the buyer cannot pay until Foresight answers);
``RELEASE`` (the default) lets the buyer pay after ``release_after_seconds`` and shows the
shop's own ``message`` (None: the widget's neutral wording, which never names Foresight). An
order placed that way arrives without acceptance and is flagged; in a strict channel it stays
UNCONFIRMED until staff act.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ..text import is_blank
from .errors import RulesError, RulesErrorCode

DEFAULT_RELEASE_AFTER_SECONDS = 4
MIN_RELEASE_AFTER_SECONDS = 1
MAX_RELEASE_AFTER_SECONDS = 60
MESSAGE_LENGTH = 500  # channel_rules.unreachable_message
FIELDS = ("when_unreachable", "release_after_seconds", "unreachable_message")


class WhenUnreachable(StrEnum):
    HOLD = "HOLD"
    RELEASE = "RELEASE"


@dataclass(frozen=True)
class CheckoutFallback:
    when_unreachable: WhenUnreachable = WhenUnreachable.RELEASE
    release_after_seconds: int = DEFAULT_RELEASE_AFTER_SECONDS
    message: str | None = None


def checked(changes: Mapping[str, Any]) -> dict[str, Any]:
    """The fallback fields given, validated; a blank message is None (the default wording)."""
    found: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in FIELDS:
            raise ValueError(f"not a fallback field: {name}")
        if name == "when_unreachable":
            if value is None:
                raise RulesError(RulesErrorCode.REQUIRED, "Choose HOLD or RELEASE.", name)
            found[name] = WhenUnreachable(value).value
        elif name == "release_after_seconds":
            if value is None:
                raise RulesError(RulesErrorCode.REQUIRED, "Name the seconds to wait.", name)
            if not MIN_RELEASE_AFTER_SECONDS <= value <= MAX_RELEASE_AFTER_SECONDS:
                raise RulesError(
                    RulesErrorCode.INVALID,
                    f"Wait between {MIN_RELEASE_AFTER_SECONDS} and "
                    f"{MAX_RELEASE_AFTER_SECONDS} seconds.",
                    name,
                )
            found[name] = value
        else:
            text = None if value is None or is_blank(value) else str(value).strip()
            if text is not None and len(text) > MESSAGE_LENGTH:
                raise RulesError(
                    RulesErrorCode.TOO_LONG,
                    f"The message has at most {MESSAGE_LENGTH} characters.",
                    name,
                )
            found[name] = text
    return found
