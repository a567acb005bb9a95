"""The ORM refuses to rewrite what must not change.

- a published ``policy_version``: only ``superseded_at`` may be set;
- the ``policy_translation`` rows of a published version: no insert, update or delete;
- an ``acceptance``: only ``order_id`` and ``bound_at`` may be set (binding); no delete;
- an ``acceptance_item``: no update, no delete.

Each refusal is a ``PolicyError`` with code IMMUTABLE, raised from the flush. These guard
against mistakes in our own code; plain SQL goes past them, and ``verify`` is what catches
that. The records' guards are the ledger's (``ledger.guards.append_only``), as for the claim
log. Imported by the package, so the listeners are in place whenever the models are.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapper

from ..ledger.guards import append_only, changed_columns
from .errors import PolicyError, PolicyErrorCode
from .models import Acceptance, AcceptanceItem, PolicyTranslation, PolicyVersion, VersionStatus


def _refuse(message: str) -> PolicyError:
    return PolicyError(PolicyErrorCode.IMMUTABLE, message)


@event.listens_for(PolicyVersion, "before_update")
def _published_version(_mapper: Mapper[Any], _conn: Connection, target: Any) -> None:
    status = inspect(target).attrs.status.history
    was = status.deleted[0] if status.deleted else target.status
    if was == VersionStatus.PUBLISHED and changed_columns(target) - {"superseded_at"}:
        raise _refuse(f"published version {target.id} cannot change")


def _published_translation(_mapper: Mapper[Any], conn: Connection, target: Any) -> None:
    status = conn.scalar(select(PolicyVersion.status).where(PolicyVersion.id == target.version_id))
    if status == VersionStatus.PUBLISHED:
        raise _refuse(f"version {target.version_id} is published: its translations cannot change")


for _event in ("before_insert", "before_update", "before_delete"):
    event.listen(PolicyTranslation, _event, _published_translation)
append_only(Acceptance, _refuse, settable=("order_id", "bound_at"))
append_only(AcceptanceItem, _refuse)
