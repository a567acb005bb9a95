"""The ORM refuses to rewrite or remove a chain's records: ``append_only``.

A listener on the mapped class raises, from the flush, the domain's own error when a row
would be deleted, or updated at all (with settable columns: updated beyond them). These
guard against mistakes in our own code; plain SQL goes past them, and ``Chain.verify`` is
what catches that. Each domain registers its tables when its package is imported.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapper

Refusal = Callable[[str], Exception]


def changed_columns(target: Any) -> set[str]:
    """The column attributes of ``target`` a flush would write a new value to."""
    state = inspect(target)
    changed = set()
    for column in state.mapper.column_attrs:
        history = state.attrs[column.key].history
        if history.added and list(history.added) != list(history.deleted):
            changed.add(column.key)
    return changed


def append_only(model: type[Any], refuse: Refusal, settable: Collection[str] = ()) -> None:
    """Refuse any delete of ``model``'s rows, and any update but of ``settable`` columns."""
    name = model.__name__

    def updated(_mapper: Mapper[Any], _conn: Connection, target: Any) -> None:
        if not settable or changed_columns(target) - set(settable):
            allowed = f": only {', '.join(sorted(settable))} may be set" if settable else ""
            raise refuse(f"{name} {target.id} is append-only{allowed}")

    def deleted(_mapper: Mapper[Any], _conn: Connection, target: Any) -> None:
        raise refuse(f"{name} {target.id} is append-only")

    event.listen(model, "before_update", updated)
    event.listen(model, "before_delete", deleted)
