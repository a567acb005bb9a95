"""The ORM refuses to rewrite what must not change.

- a published ``policy_version``: only ``superseded_at`` may be set;
- the ``policy_translation`` rows of a published version: no insert, update or delete;
- an ``acceptance``: only ``order_id`` and ``bound_at`` may be set (binding); no delete;
- an ``acceptance_item``: no update, no delete.

Each refusal is a ``PolicyError`` with code IMMUTABLE, raised from the flush. These guard
against mistakes in our own code; plain SQL goes past them, and ``verify`` is what catches
that. Imported by the package, so the listeners are in place whenever the models are.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapper

from .errors import PolicyError, PolicyErrorCode
from .models import Acceptance, AcceptanceItem, PolicyTranslation, PolicyVersion, VersionStatus


def _changed_columns(target: Any) -> set[str]:
    state = inspect(target)
    changed = set()
    for column in state.mapper.column_attrs:
        history = state.attrs[column.key].history
        if history.added and list(history.added) != list(history.deleted):
            changed.add(column.key)
    return changed


def _refuse(message: str) -> PolicyError:
    return PolicyError(PolicyErrorCode.IMMUTABLE, message)


@event.listens_for(PolicyVersion, "before_update")
def _published_version(_mapper: Mapper[Any], _conn: Connection, target: Any) -> None:
    status = inspect(target).attrs.status.history
    was = status.deleted[0] if status.deleted else target.status
    if was == VersionStatus.PUBLISHED and _changed_columns(target) - {"superseded_at"}:
        raise _refuse(f"published version {target.id} cannot change")


def _published_translation(_mapper: Mapper[Any], conn: Connection, target: Any) -> None:
    status = conn.scalar(select(PolicyVersion.status).where(PolicyVersion.id == target.version_id))
    if status == VersionStatus.PUBLISHED:
        raise _refuse(f"version {target.version_id} is published: its translations cannot change")


@event.listens_for(Acceptance, "before_update")
def _acceptance(_mapper: Mapper[Any], _conn: Connection, target: Any) -> None:
    if _changed_columns(target) - {"order_id", "bound_at"}:
        raise _refuse(f"acceptance {target.id} is append-only: only its binding may be set")


def _record(_mapper: Mapper[Any], _conn: Connection, target: Any) -> None:
    raise _refuse(f"{type(target).__name__} {target.id} is append-only")


for _event in ("before_insert", "before_update", "before_delete"):
    event.listen(PolicyTranslation, _event, _published_translation)
event.listen(Acceptance, "before_delete", _record)
event.listen(AcceptanceItem, "before_update", _record)
event.listen(AcceptanceItem, "before_delete", _record)
