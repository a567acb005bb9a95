"""The edge's half of the free-text rule (``text.py``): no string input holds unfit text.

A request body is JSON, so a lone surrogate (``"\\ud800"``) or NUL can sit in any variable,
its keys, the query text or the operation name; ``unfit_request`` finds the first one before
anything runs. A string literal of the document can spell NUL too (``"\\u0000"``): the
``UnfitStringLiteral`` validation rule refuses it. Either answers a client error, whatever the
field, so no resolver, hash or database ever sees such text.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError, StringValueNode, ValidationRule

from ..text import unfit


def unfit_request(document: dict[str, Any]) -> str | None:
    """Why a request's query, operation name or variables cannot be taken, or None."""
    for name in ("query", "operationName"):
        value = document.get(name)
        if isinstance(value, str) and (reason := unfit(value)) is not None:
            return f"{name} {reason}."
    return _unfit_value(document.get("variables"), "variables")


def _unfit_value(value: Any, where: str) -> str | None:
    if isinstance(value, str):
        reason = unfit(value)
        return None if reason is None else f"{where} {reason}."
    if isinstance(value, dict):
        for key, item in value.items():
            if (reason := unfit(key)) is not None:
                return f"A name in {where} {reason}."
            if (found := _unfit_value(item, f"{where}.{key}")) is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            if (found := _unfit_value(item, f"{where}[{index}]")) is not None:
                return found
    return None


class UnfitStringLiteral(ValidationRule):
    """A string literal of the document holds unfit text (NUL written as ``\\u0000``)."""

    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        reason = unfit(node.value)
        if reason is not None:
            self.report_error(GraphQLError(f"A string {reason}.", node))
