"""Search keys of the catalogs (parts, labor operations) and of work order numbers in the same `search_keys`
index as customers and vehicles (see customers.py): the part number without dashes and its tails, the pinyin
initials of the name (jylq → 机油滤清器) and their tails; the digits of a work order number and their tails
(RO2612-0033: 26120033 … 0033, 33), looked up by equality. Computed once when the record is written; a name's
contained words are matched on the (small) catalog table itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, delete, event, insert, inspect, select
from sqlalchemy.orm import Mapper

from workshop.db.models.customers import SearchKey, _suffixes, search_text, write_keys
from workshop.db.models.parts import Part
from workshop.db.models.work_orders import LaborOperation, WorkOrder
from workshop.domain.text import pinyin_initials

KINDS = ("part", "labor", "wo")


def catalog_search_keys(code: str, name: str) -> list[str]:
    """The code without dashes and its tails of 3+ characters; the name's pinyin initials and their tails."""
    keys = _suffixes(search_text(code), 3)
    keys += _suffixes(pinyin_initials(name), 2, max_start=12)
    return list(dict.fromkeys(keys))


def number_tail_keys(number: str) -> list[str]:
    """The digits of a work order number (RO2612-0033 → 26120033) and each of its tails of 2+ digits."""
    digits = "".join(ch for ch in search_text(number) if ch.isdigit())
    return _suffixes(digits, 2)


def _replace(connection: Connection, kind: str, ref_id: int, keys: list[str]) -> None:
    connection.execute(delete(SearchKey).where(SearchKey.kind == kind, SearchKey.ref_id == ref_id))
    if keys:
        connection.execute(insert(SearchKey), [{"key": k, "kind": kind, "ref_id": ref_id} for k in keys])


def _changed(target: object, *names: str) -> bool:
    state = inspect(target)
    return any(state.attrs[n].history.has_changes() for n in names)


def _keep(model: type[Any], kind: str, fields: tuple[str, str], keys_of: Callable[[str, str], list[str]]) -> None:
    """Mapper events writing a model's keys when a row is inserted, its fields change, or it is deleted."""
    def keys(target: Any) -> list[str]:
        return keys_of(*(getattr(target, f) for f in fields))

    def inserted(_m: Mapper[Any], connection: Connection, target: Any) -> None:
        _replace(connection, kind, target.id, keys(target))

    def updated(_m: Mapper[Any], connection: Connection, target: Any) -> None:
        if _changed(target, *fields):
            _replace(connection, kind, target.id, keys(target))

    def deleted(_m: Mapper[Any], connection: Connection, target: Any) -> None:
        _replace(connection, kind, target.id, [])

    event.listen(model, "after_insert", inserted)
    event.listen(model, "after_update", updated)
    event.listen(model, "after_delete", deleted)


_keep(Part, "part", ("part_no", "name"), catalog_search_keys)
_keep(LaborOperation, "labor", ("code", "name"), catalog_search_keys)
_keep(WorkOrder, "wo", ("number", "number"), lambda number, _same: number_tail_keys(number))


def _tagged(kind: str, keys_of: Callable[[str, str], list[str]]) -> Callable[[str, str], list[tuple[str, str]]]:
    return lambda a, b: [(k, kind) for k in keys_of(a, b)]


def rebuild_catalog_keys(connection: Connection, batch: int = 5000) -> int:
    """The catalogs' and work orders' keys again from the tables (after a bulk Core load or an upgrade)."""
    connection.execute(delete(SearchKey).where(SearchKey.kind.in_(KINDS)))
    return write_keys(connection, (
        (select(Part.id, Part.part_no, Part.name).order_by(Part.id), _tagged("part", catalog_search_keys)),
        (select(LaborOperation.id, LaborOperation.code, LaborOperation.name).order_by(LaborOperation.id),
         _tagged("labor", catalog_search_keys)),
        (select(WorkOrder.id, WorkOrder.number, WorkOrder.number).order_by(WorkOrder.id),
         _tagged("wo", lambda number, _same: number_tail_keys(number))),
    ), batch)
