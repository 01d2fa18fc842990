"""Issue 19, one search everywhere: pinyin initials (computed when the record is written, in search_keys),
a work order number by any tail, a part number without dashes, a part name by any contained word. SQLite and
PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from tests.helpers import front_desk_screens_data as data
from tests.helpers.numbers import hand_number
from workshop.db.models import Part
from workshop.db.models.customers import SearchKey, rebuild_search_keys
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.domain.text import pinyin_initials
from workshop.queries import customers, stock, work_orders
from workshop.queries.work_orders import WorkOrderFilter


def test_desk_pinyin_initials_of_names() -> None:
    assert pinyin_initials("张三") == "ZS"
    assert pinyin_initials("机油滤清器") == "JYLQQ"
    assert pinyin_initials("0W-20 全合成机油") == "0W20QHCJY"
    assert pinyin_initials("") == ""


def test_desk_search_customers_by_pinyin_initials(db: Database) -> None:
    a = data.add_car(db, "张三", "13800138000", "粤B·12345")
    data.add_car(db, "李四", "13900139000", "粤A·88888")
    assert [h.customer_id for h in customers.search(db, "zs")] == [a.customer_id]
    assert [h.customer_id for h in customers.search(db, "ZS")] == [a.customer_id]
    with db.uow() as uow:  # the keys were written with the record, and follow a change of name
        from workshop.db.models import Customer

        uow.session.get(Customer, a.customer_id).name = "王五"
        uow.commit()
    assert customers.search(db, "zs") == []
    assert [h.customer_id for h in customers.search(db, "ww")] == [a.customer_id]


def test_desk_part_picker_finds_contained_words_pinyin_and_numbers_without_dashes(db: Database) -> None:
    oil = data.add_part(db, "08880-83456", "0W-20 全合成机油")
    flt = data.add_part(db, "15400-RTA-003", "机油滤清器（凯美瑞）")
    data.add_part(db, "04465-02220", "前刹车片")

    def found(typed: str) -> set[int]:
        return {r.id for r in work_orders.find_parts(db, typed)}

    assert found("机油") == {oil, flt}  # from the middle of the name
    assert found("全合成 机油") == {oil}  # every word, in any place
    assert found("jylq") == {flt}
    assert found("QHCJY") == {oil}
    assert found("15400RTA003") == {flt} and found("15400-RTA") == {flt}
    assert found("RTA003") == {flt}  # the tail of the number
    assert found("0888") == {oil}  # from its start, as before
    assert found("xyzq") == set()
    # the stock screen follows the same rules
    assert {r.part_id for r in stock.stock_list(db, search="jylq")} == {flt}
    assert {r.part_id for r in stock.stock_list(db, search="15400RTA003")} == {flt}


def test_desk_labor_picker_finds_pinyin_and_contained_words(db: Database) -> None:
    op = data.add_labor_operation(db, "JX0101", "更换机油机滤")
    data.add_labor_operation(db, "BP0201", "前保险杠喷漆")
    assert [r.id for r in work_orders.find_labor_operations(db, "ghjy")] == [op]
    assert [r.id for r in work_orders.find_labor_operations(db, "机滤")] == [op]
    assert [r.id for r in work_orders.find_labor_operations(db, "jx01")] == [op]


def test_desk_work_order_filter_finds_a_number_by_any_tail(db: Database, people: dict[Role, Actor]) -> None:
    # VINs, phones and plates that hold no 0033, so only the number itself can match
    car = data.add_car(db, "张三", "13800138000", "粤B·12345", vin16="LFV2A21K1ABCDEFH")
    other_car = data.add_car(db, "李四", "13900139000", "粤A·88888", vin16="LFV2A21K1HGFEDCB")
    number = hand_number("RO", 33)  # RO9900-0033
    other = hand_number("RO", 1234)
    wid = data.add_work_order(db, car, people[Role.ADVISOR].user_id, number=number)
    data.add_work_order(db, other_car, people[Role.ADVISOR].user_id, number=other)

    def found(typed: str) -> set[str]:
        return {r.number for r in work_orders.list_work_orders(db, WorkOrderFilter(text=typed))}

    month = number[2:6]
    for typed in ("33", "0033", f"{month}-0033", f"{month}0033", number, number.lower()):
        assert number in found(typed), typed
    assert other not in found("0033")
    assert found("4433") == set()
    assert any(r.id == wid for r in work_orders.list_work_orders(db, WorkOrderFilter(text="zs")))


def test_desk_rebuilt_index_holds_the_catalog_and_pinyin_keys(db: Database, people: dict[Role, Actor]) -> None:
    data.add_part(db, "15400-RTA-003", "机油滤清器")
    car = data.add_car(db, "张三", "13800138000", "粤B·12345")
    wid = data.add_work_order(db, car, people[Role.ADVISOR].user_id, number=hand_number("RO", 33))
    with db.read() as s:
        before = sorted(s.execute(select(SearchKey.key, SearchKey.kind, SearchKey.ref_id)).all())
    with db.engine.begin() as conn:
        rebuild_search_keys(conn)
    with db.read() as s:
        after = sorted(s.execute(select(SearchKey.key, SearchKey.kind, SearchKey.ref_id)).all())
        part_id = s.scalar(select(Part.id))
    assert after == before
    assert ("JYLQQ", "part", part_id) in after and any(k == "ZS" and kind == "name" for k, kind, _ in after)
    assert ("0033", "wo", wid) in after and ("33", "wo", wid) in after


def test_desk_work_order_search_pages_newest_first_by_keyset_and_offset(db: Database,
                                                                        people: dict[Role, Actor]) -> None:
    """The typed-text search merges its ways of finding (number, tail, car, customer) newest first: the pages by
    keyset and by offset are the same, with no work order twice, and the other filters still apply."""
    from datetime import UTC, datetime, timedelta

    from workshop.domain.work_order import State

    car = data.add_car(db, "王五", "13700137000", "粤C·55555", vin16="LFV2A21K1ZXCVBNM")
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    for i in range(7):
        data.add_work_order(db, car, people[Role.ADVISOR].user_id, number=hand_number("RO", 100 + i),
                            opened_at=start + timedelta(hours=i), state=State.STARTED if i % 2 else State.DRAFT)
    everything = work_orders.list_work_orders(db, WorkOrderFilter(text="粤C55555"))
    assert [r.opened_at for r in everything] == sorted((r.opened_at for r in everything), reverse=True)
    assert len(everything) == 7
    first = work_orders.list_work_orders(db, WorkOrderFilter(text="粤C55555"), limit=3)
    after = (first[-1].opened_at, first[-1].id)
    second = work_orders.list_work_orders(db, WorkOrderFilter(text="粤C55555"), limit=3, after=after)
    by_offset = work_orders.list_work_orders(db, WorkOrderFilter(text="粤C55555"), limit=3, offset=3)
    assert [r.id for r in first + second] == [r.id for r in everything[:6]]
    assert [r.id for r in by_offset] == [r.id for r in second]
    drafts = work_orders.list_work_orders(db, WorkOrderFilter(text="粤C55555", states=(State.DRAFT.value,)))
    assert len(drafts) == 4 and all(r.state == State.DRAFT.value for r in drafts)


def test_desk_work_order_search_of_a_long_history_gives_the_same_pages_read_back_in_bands(
        db: Database, people: dict[Role, Actor]) -> None:
    """A car's orders are read back from now in widening date bands (90 days, a year, three years, then the
    rest) until enough are found: every page, by keyset and by offset, is the newest-first list of them all,
    whichever band the page ends in, an order opened after `now` included."""
    from datetime import UTC, datetime, timedelta

    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    car = data.add_car(db, "赵六", "13600136000", "粤D·66666", vin16="LFV2A21K1ZXCVBNP")
    days_back = (-1, 10, 11, 100, 400, 401, 1200, 2000, 2001)  # -1: opened after `now` (a clock ahead)
    for i, d in enumerate(days_back):
        data.add_work_order(db, car, people[Role.ADVISOR].user_id, number=hand_number("RO", 200 + i),
                            opened_at=now - timedelta(days=d, hours=i))
    flt = WorkOrderFilter(text="粤D66666")
    everything = work_orders.list_work_orders(db, flt, now=now)
    assert len(everything) == len(days_back)
    assert [r.opened_at for r in everything] == sorted((now - timedelta(days=d, hours=i))
                                                       for i, d in enumerate(days_back))[::-1]
    for limit in (1, 2, 3, 4, 6, 8):
        pages, after = [], None
        while len(pages) < len(everything):
            page = work_orders.list_work_orders(db, flt, limit=limit, after=after, now=now)
            assert page, limit
            pages += page
            after = (page[-1].opened_at, page[-1].id)
        assert [r.id for r in pages] == [r.id for r in everything], limit
        for offset in range(0, len(everything), limit):
            by_offset = work_orders.list_work_orders(db, flt, limit=limit, offset=offset, now=now)
            assert [r.id for r in by_offset] == [r.id for r in everything[offset:offset + limit]], (limit, offset)


def test_desk_work_order_tail_search_lists_the_newest_opened_first_whatever_order_they_were_written_in(
        db: Database, people: dict[Role, Actor]) -> None:
    """A tail found by its keys (on PostgreSQL an id list read first) still lists by when the orders were opened,
    not by id: an order written later with an earlier opening time (a desk's clock behind) sorts by that time;
    the other filters and the keyset pages apply to it as to any branch."""
    from datetime import UTC, datetime, timedelta

    from workshop.domain.work_order import State

    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    hours = (5, 1, 7, 3, 6, 2)
    for i, h in enumerate(hours):  # RO9900-0033, -0133, ... written in this order, opened at these hours
        car = data.add_car(db, f"客户{i}", f"1370013700{i}", f"粤E·2{i}{i}{i}{i}", vin16=f"LFV2A21K1ZXCVBR{i}")
        data.add_work_order(db, car, people[Role.ADVISOR].user_id, number=hand_number("RO", 33 + 100 * i),
                            opened_at=start + timedelta(hours=h), state=State.STARTED if i % 2 else State.DRAFT)
    everything = work_orders.list_work_orders(db, WorkOrderFilter(text="33"))
    assert [r.opened_at for r in everything] == [start + timedelta(hours=h) for h in sorted(hours, reverse=True)]
    pages, after = [], None
    while len(pages) < len(everything):
        page = work_orders.list_work_orders(db, WorkOrderFilter(text="33"), limit=2, after=after)
        assert page
        pages += page
        after = (page[-1].opened_at, page[-1].id)
    assert [r.id for r in pages] == [r.id for r in everything]
    drafts = work_orders.list_work_orders(db, WorkOrderFilter(text="33", states=(State.DRAFT.value,)), limit=2)
    assert [r.opened_at for r in drafts] == [start + timedelta(hours=h) for h in (7, 6)]
