"""Search keys of the catalogs (parts, labor operations) and of work order numbers in the same `search_keys`
index as customers and vehicles (see customers.py): the part number without dashes and its tails, the pinyin
initials of the name (jylq → 机油滤清器) and their tails; the digits of a work order number and their tails
(RO2612-0033: 26120033 … 0033, 33), looked up by equality. Computed once when the record is written; a name's
contained words are matched on the (small) catalog table itself."""

from __future__ import annotations

from sqlalchemy import Connection, delete, event, insert, inspect, select
from sqlalchemy.orm import Mapper

from workshop.db.models.customers import SearchKey, _suffixes, search_text
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


@event.listens_for(Part, "after_insert")
def _part_inserted(_m: Mapper[Part], connection: Connection, target: Part) -> None:
    _replace(connection, "part", target.id, catalog_search_keys(target.part_no, target.name))


@event.listens_for(Part, "after_update")
def _part_updated(_m: Mapper[Part], connection: Connection, target: Part) -> None:
    if _changed(target, "part_no", "name"):
        _replace(connection, "part", target.id, catalog_search_keys(target.part_no, target.name))


@event.listens_for(Part, "after_delete")
def _part_deleted(_m: Mapper[Part], connection: Connection, target: Part) -> None:
    _replace(connection, "part", target.id, [])


@event.listens_for(LaborOperation, "after_insert")
def _labor_inserted(_m: Mapper[LaborOperation], connection: Connection, target: LaborOperation) -> None:
    _replace(connection, "labor", target.id, catalog_search_keys(target.code, target.name))


@event.listens_for(LaborOperation, "after_update")
def _labor_updated(_m: Mapper[LaborOperation], connection: Connection, target: LaborOperation) -> None:
    if _changed(target, "code", "name"):
        _replace(connection, "labor", target.id, catalog_search_keys(target.code, target.name))


@event.listens_for(LaborOperation, "after_delete")
def _labor_deleted(_m: Mapper[LaborOperation], connection: Connection, target: LaborOperation) -> None:
    _replace(connection, "labor", target.id, [])


@event.listens_for(WorkOrder, "after_insert")
def _work_order_inserted(_m: Mapper[WorkOrder], connection: Connection, target: WorkOrder) -> None:
    _replace(connection, "wo", target.id, number_tail_keys(target.number))


@event.listens_for(WorkOrder, "after_update")
def _work_order_updated(_m: Mapper[WorkOrder], connection: Connection, target: WorkOrder) -> None:
    if _changed(target, "number"):
        _replace(connection, "wo", target.id, number_tail_keys(target.number))


@event.listens_for(WorkOrder, "after_delete")
def _work_order_deleted(_m: Mapper[WorkOrder], connection: Connection, target: WorkOrder) -> None:
    _replace(connection, "wo", target.id, [])


def rebuild_catalog_keys(connection: Connection, batch: int = 5000) -> int:
    """The catalogs' keys again from the tables (after a bulk Core load or an upgrade). Returns rows written."""
    connection.execute(delete(SearchKey).where(SearchKey.kind.in_(KINDS)))
    written = 0
    sources = (("part", select(Part.id, Part.part_no, Part.name).order_by(Part.id)),
               ("labor", select(LaborOperation.id, LaborOperation.code, LaborOperation.name).order_by(LaborOperation.id)),
               ("wo", select(WorkOrder.id, WorkOrder.number, WorkOrder.number).order_by(WorkOrder.id)))
    for kind, query in sources:
        rows: list[dict[str, object]] = []
        for ref_id, code, name in connection.execute(query):
            keys = number_tail_keys(code) if kind == "wo" else catalog_search_keys(code, name)
            rows += [{"key": k, "kind": kind, "ref_id": ref_id} for k in keys]
            if len(rows) >= batch:
                connection.execute(insert(SearchKey), rows)
                written += len(rows)
                rows = []
        if rows:
            connection.execute(insert(SearchKey), rows)
            written += len(rows)
    return written
