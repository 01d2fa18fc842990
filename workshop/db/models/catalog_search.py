"""Search keys of the catalogs (parts, labor operations) in the same `search_keys` index as customers and
vehicles (see customers.py): the part number without dashes and its tails, the pinyin initials of the name
(jylq → 机油滤清器) and their tails. Computed once when the record is written; a name's contained words are
matched on the (small) catalog table itself."""

from __future__ import annotations

from sqlalchemy import Connection, delete, event, insert, inspect, select
from sqlalchemy.orm import Mapper

from workshop.db.models.customers import SearchKey, _suffixes, search_text
from workshop.db.models.parts import Part
from workshop.db.models.work_orders import LaborOperation
from workshop.domain.text import pinyin_initials

KINDS = ("part", "labor")


def catalog_search_keys(code: str, name: str) -> list[str]:
    """The code without dashes and its tails of 3+ characters; the name's pinyin initials and their tails."""
    keys = _suffixes(search_text(code), 3)
    keys += _suffixes(pinyin_initials(name), 2, max_start=12)
    return list(dict.fromkeys(keys))


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


def rebuild_catalog_keys(connection: Connection, batch: int = 5000) -> int:
    """The catalogs' keys again from the tables (after a bulk Core load or an upgrade). Returns rows written."""
    connection.execute(delete(SearchKey).where(SearchKey.kind.in_(KINDS)))
    written = 0
    sources = (("part", select(Part.id, Part.part_no, Part.name)),
               ("labor", select(LaborOperation.id, LaborOperation.code, LaborOperation.name)))
    for kind, query in sources:
        rows: list[dict[str, object]] = []
        for ref_id, code, name in connection.execute(query.order_by(query.selected_columns[0])):
            rows += [{"key": k, "kind": kind, "ref_id": ref_id} for k in catalog_search_keys(code, name)]
            if len(rows) >= batch:
                connection.execute(insert(SearchKey), rows)
                written += len(rows)
                rows = []
        if rows:
            connection.execute(insert(SearchKey), rows)
            written += len(rows)
    return written
