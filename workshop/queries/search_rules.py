"""The one set of search rules every list uses: pinyin initials and part numbers without dashes (the
search_keys index), a name by any contained word, a work order number by any tail (33, 0033, 2612-0033)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from workshop.db.id_lists import among
from workshop.db.models import WorkOrder
from workshop.db.models.customers import SEARCH_KEY_LEN, SearchKey, search_text
from workshop.domain.text import halfwidth

_TOP = "\U0010ffff"
MAX_REFS = 400


def key_refs(session: Session, kind: str, typed: str, limit: int = MAX_REFS) -> list[int]:
    """Ids of `kind` (part, labor) whose stored keys start with the typed text (pinyin initials, code tails)."""
    key = search_text(typed)[:SEARCH_KEY_LEN]
    if len(key) < 2:
        return []
    stmt = (select(SearchKey.ref_id).where(SearchKey.key >= key, SearchKey.key < key + _TOP, SearchKey.kind == kind)
            .limit(limit * 4))
    return sorted(set(session.scalars(stmt)))[:limit]


def words(typed: str) -> list[str]:
    return halfwidth(typed or "").split()


def contains_every_word(column: InstrumentedAttribute[str], typed: str) -> ColumnElement[bool]:
    """The column holds each typed word somewhere ("机油" finds "0W-20 全合成机油")."""
    ws = words(typed)
    if not ws:
        return false()
    return and_(*(column.contains(w, autoescape=True) for w in ws))


def number_tail(session: Session, typed: str) -> ColumnElement[bool] | None:
    """The work orders whose number ends with the typed digits, dash or not: 33, 0033, 2612-0033, 26120033 (None:
    not a tail). On PostgreSQL their ids are read from the keys first, an index-only range, and given as one array:
    as a subquery, it walked every order by date looking for a tail its statistics thought common (85-160 ms for
    "40", 7 ms for "30", both 1,500 orders). SQLite plans the subquery well, and binding 1,500 ids costs it more."""
    tail = search_text(typed)
    if not tail or not tail.isdigit() or len(tail) < 2:
        return None
    refs = select(SearchKey.ref_id).where(SearchKey.key == tail[:SEARCH_KEY_LEN], SearchKey.kind == "wo")
    if session.get_bind().dialect.name != "postgresql":
        return WorkOrder.id.in_(refs)
    return among(session, WorkOrder.id, list(session.scalars(refs)))


def catalog_condition(session: Session, kind: str, id_column: InstrumentedAttribute[int],
                      code_column: InstrumentedAttribute[str], name_column: InstrumentedAttribute[str],
                      typed: str) -> ColumnElement[bool]:
    """Code from its start, code without dashes or by its tail, name by contained words, pinyin initials."""
    text = halfwidth(typed or "").strip()
    if not text:
        return false()
    upper = text.upper()
    ids = key_refs(session, kind, text)
    return or_(and_(code_column >= upper, code_column < upper + _TOP), contains_every_word(name_column, text),
               id_column.in_(ids) if ids else false())


def catalog_ids(session: Session, kind: str, id_column: InstrumentedAttribute[int],
                code_column: InstrumentedAttribute[str], name_column: InstrumentedAttribute[str], typed: str,
                limit: int) -> list[int]:
    """The ids `catalog_condition` finds, the first `limit` by code, each rule its own query merged here: one OR
    of them ordered by code made the database walk the whole catalog in code order reading every row's name
    (20,000 parts: ~20 ms for a word few names hold); a plain scan of the names is a tenth of that."""
    text = halfwidth(typed or "").strip()
    if not text:
        return []
    upper = text.upper()
    found: dict[int, str] = {}
    by_code = (select(id_column, code_column).where(code_column >= upper, code_column < upper + _TOP)
               .order_by(code_column).limit(limit))
    found.update((i, c) for i, c in session.execute(by_code))
    by_name = select(id_column, code_column).where(contains_every_word(name_column, text))
    cap = limit * 20
    rows = session.execute(by_name.limit(cap)).all()  # a plain scan: fast when few names hold the word
    if len(rows) >= cap:  # a common word: walking in code order stops after the first `limit`
        rows = session.execute(by_name.order_by(code_column).limit(limit)).all()
    found.update((i, c) for i, c in rows)
    ids = key_refs(session, kind, text)
    if ids:
        found.update((i, c) for i, c in session.execute(select(id_column, code_column).where(id_column.in_(ids))))
    return [i for i, _code in sorted(found.items(), key=lambda kv: kv[1])[:limit]]
