"""R3: work the customer declined (an added item declined, a suggestion at QC) stays on the vehicle until done
or dismissed, is shown at the next reception and can be added to the new work order in one step."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.helpers.declined_data import declined_pads, finish
from tests.helpers.front_desk_data import (
    BRAKE_PADS,
    PADS,
    add_shop,
    inspected_order,
    open_order,
    started_order,
)
from workshop.db.models import AuditEntry, DeclinedWork
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput, PermissionDenied, RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.domain.vehicle import make_vin
from workshop.queries.declined_work import (
    declined_for_vehicle,
    declined_report,
    declined_totals,
    open_declined_work,
    totals_by_customer,
)
from workshop.services import declined_work, front_desk

D = Decimal


def test_r3_a_declined_item_stays_on_the_vehicle_with_its_value(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    number = declined_pads(db, people, shop)
    rows = declined_for_vehicle(db, shop.vehicle.id)
    assert len(rows) == 1
    r = rows[0]
    assert (r.description, r.source, r.state, r.amount, r.work_order) == (
        "更换前刹车片", "declined_item", "open", D("680.00"), number)
    assert r.hint().startswith("上次建议：更换前刹车片，") and r.hint().endswith(" 拒绝")
    assert r.hint("en").startswith("Last suggested: 更换前刹车片, ")


def test_r3_one_click_adds_it_to_the_new_work_order(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    first = declined_pads(db, people, shop)
    finish(db, people, first, shop)
    new = open_order(db, people, shop, with_lines=False)
    open_id = declined_for_vehicle(db, shop.vehicle.id)[0].id
    info = declined_work.take_up_declined_work(db.uow(), people[Role.ADVISOR], open_id, new.number,
                                               expected_version=new.version)
    assert [ln.operation_code for ln in info.labor_lines] == [BRAKE_PADS]
    assert [p.part_no for p in info.part_lines] == [PADS]
    assert info.labor_lines[0].added_item_id is None  # asked for at reception: an ordinary line
    assert declined_for_vehicle(db, shop.vehicle.id) == []
    done = declined_for_vehicle(db, shop.vehicle.id, open_only=False)[0]
    assert done.state == "done" and done.taken_into == new.number
    with pytest.raises(RuleViolation, match="已经处理过"):  # a second click adds nothing twice
        declined_work.take_up_declined_work(db.uow(), people[Role.ADVISOR], open_id, new.number,
                                            expected_version=info.version)


def test_r3_a_qc_suggestion_is_noted_and_goes_into_the_requested_items(db: Database,
                                                                        people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    number = inspected_order(db, people, shop).number
    qc = people[Role.QC_INSPECTOR]
    with pytest.raises(InvalidInput):
        declined_work.note_qc_suggestion(db.uow(), qc, number, description="  ")
    with pytest.raises(PermissionDenied):
        declined_work.note_qc_suggestion(db.uow(), people[Role.TECHNICIAN], number, description="更换雨刮片")
    s = declined_work.note_qc_suggestion(db.uow(), qc, number, description="雨刮片老化，建议更换", amount="120")
    assert s.source == "qc_suggestion" and s.amount == D("120.00")
    assert declined_for_vehicle(db, shop.vehicle.id)[0].hint().endswith(" 质检建议")
    wo = front_desk.get_work_order(db, number)
    front_desk.settle_work_order(db.uow(), people[Role.ADVISOR], number, expected_version=wo.version)
    new = open_order(db, people, shop, with_lines=False)
    info = declined_work.take_up_declined_work(db.uow(), people[Role.ADVISOR], s.id, new.number,
                                               expected_version=new.version)
    assert info.requested_items.endswith("；雨刮片老化，建议更换")


def test_r3_a_qc_suggestion_only_on_a_finished_car(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    number = started_order(db, people, shop).number
    with pytest.raises(RuleViolation, match="竣工"):
        declined_work.note_qc_suggestion(db.uow(), people[Role.QC_INSPECTOR], number, description="更换雨刮片")
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(DeclinedWork)) == 0


def test_r3_dismissed_with_who_and_why(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    declined_pads(db, people, shop)
    open_id = declined_for_vehicle(db, shop.vehicle.id)[0].id
    with pytest.raises(InvalidInput):
        declined_work.dismiss_declined_work(db.uow(), people[Role.ADVISOR], open_id, reason="")
    done = declined_work.dismiss_declined_work(db.uow(), people[Role.ADVISOR], open_id, reason="客户已在外面换过")
    assert done.state == "dismissed"
    row = declined_for_vehicle(db, shop.vehicle.id, open_only=False)[0]
    assert row.close_reason == "客户已在外面换过"
    with db.read() as s:
        d = s.get(DeclinedWork, open_id)
        assert d is not None and d.closed_by == people[Role.ADVISOR].user_id and d.closed_at is not None
        assert s.scalar(select(func.count()).select_from(AuditEntry)
                        .where(AuditEntry.action == "declined_work.dismiss")) == 1


def test_r3_another_vehicle_refused_and_nothing_half_written(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    declined_pads(db, people, shop)
    other = add_shop(db, people, plate="粤B·54321", vin=make_vin("LSVAU2180N2654321"))
    wo = open_order(db, people, other, with_lines=False)
    open_id = declined_for_vehicle(db, shop.vehicle.id)[0].id
    with pytest.raises(RuleViolation, match="另一辆车"):
        declined_work.take_up_declined_work(db.uow(), people[Role.ADVISOR], open_id, wo.number,
                                            expected_version=wo.version)
    assert front_desk.get_work_order(db, wo.number).labor_lines == ()
    assert declined_for_vehicle(db, shop.vehicle.id)[0].state == "open"


def test_r3_report_of_open_declined_work_by_customer_and_value(db: Database, people: dict[Role, Actor]) -> None:
    assert open_declined_work(db) == []  # an empty shop
    shop = add_shop(db, people)
    declined_pads(db, people, shop)
    other = add_shop(db, people, plate="粤B·54321", vin=make_vin("LSVAU2180N2654321"))
    number = inspected_order(db, people, other).number
    declined_work.note_qc_suggestion(db.uow(), people[Role.QC_INSPECTOR], number, description="更换雨刮片",
                                     amount="120")
    declined_work.note_qc_suggestion(db.uow(), people[Role.QC_INSPECTOR], number, description="四轮定位")
    rows = open_declined_work(db)
    assert rows[0].description == "更换前刹车片"  # the customer with the most value first
    totals = totals_by_customer(rows)
    assert [(t.items, t.value) for t in totals] == [(1, D("680.00")), (2, D("120.00"))]
    assert declined_totals(db) == totals  # the same, counted in SQL
    report = declined_report(db, limit=1)  # the screen's read: the first lines, the whole report's counts
    assert report.customers == totals and [r.description for r in report.lines] == ["更换前刹车片"]
    assert (report.customer_count, report.items, report.value) == (2, 3, D("800.00"))
    top = declined_report(db, limit=1, shown=1)  # the customers listed cut to one: the counts are still all
    assert top.customers == totals[:1] and (top.customer_count, top.items, top.value) == (2, 3, D("800.00"))
    assert declined_report(db, source="declined_item", limit=0, shown=0).customers == []
    assert declined_totals(db, source="qc_suggestion") == totals_by_customer(open_declined_work(db, source="qc_suggestion"))
    assert len(open_declined_work(db, source="qc_suggestion")) == 2


def test_r3_the_report_leaves_out_the_shops_own_cars_which_keep_it_for_their_next_visit(
        db: Database, people: dict[Role, Actor]) -> None:
    """A QC suggestion on an internal work order (the shop's own car) stays on that car for its next reception,
    but customer service's report of work to sell again does not list it."""
    shop = add_shop(db, people)
    declined_pads(db, people, shop)
    own = add_shop(db, people, plate="粤B·00001", vin=make_vin("LSVAU2180N2600001"))
    number = inspected_order(db, people, own, kind="internal", internal_department="销售部").number
    declined_work.note_qc_suggestion(db.uow(), people[Role.QC_INSPECTOR], number, description="更换轮胎",
                                     amount="2400")
    assert [r.description for r in declined_for_vehicle(db, own.vehicle.id)] == ["更换轮胎"]
    assert [r.description for r in open_declined_work(db)] == ["更换前刹车片"]
    assert [(t.items, t.value) for t in declined_totals(db)] == [(1, D("680.00"))]
    assert open_declined_work(db, source="qc_suggestion") == declined_totals(db, source="qc_suggestion") == []


def test_r3_report_declined_work_as_table_csv_json_and_xlsx(db: Database, people: dict[Role, Actor],
                                                             tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from python_calamine import CalamineWorkbook

    from workshop.cli import main

    assert main(["--db", db.url, "report", "declined-work"]) == 0  # an empty shop: a header and no lines
    capsys.readouterr()
    shop = add_shop(db, people)
    declined_pads(db, people, shop)
    assert main(["--db", db.url, "report", "declined-work"]) == 0
    out = capsys.readouterr().out
    assert "更换前刹车片" in out and "680.00" in out and "张伟" in out
    assert main(["--db", db.url, "--lang", "en", "report", "declined-work", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["rows"][0]["Item"] == "更换前刹车片" and doc["total"] == "680.00"
    assert doc["customers"] == [{"customer": "张伟", "phone": "13800138000", "items": 1, "value": "680.00"}]
    csv_file = tmp_path / "declined.csv"
    assert main(["--db", db.url, "report", "declined-work", "--format", "csv", "--out", str(csv_file)]) == 0
    assert csv_file.read_text(encoding="utf-8-sig").splitlines()[0].startswith("客户,电话,车牌,项目")
    xlsx = tmp_path / "declined.xlsx"
    assert main(["--db", db.url, "report", "declined-work", "--format", "xlsx", "--out", str(xlsx)]) == 0
    sheet = CalamineWorkbook.from_path(str(xlsx)).get_sheet_by_index(0).to_python()
    assert sheet[1][3] == "更换前刹车片" and sheet[1][5] == 680.0
    assert main(["--db", db.url, "report", "work_orders_per_day", "--format", "xlsx"]) != 0  # a sentence, no file
