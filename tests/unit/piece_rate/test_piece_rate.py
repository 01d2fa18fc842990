"""W7 piece-rate pay: billed hours of settled work × share × the team's piece rate in force at the settlement,
less comebacks (same vehicle, same job, within 30 days); the month closes once and afterwards changes only by
a dated correction. The statement of one technician is checked against a month computed by hand."""

from __future__ import annotations

import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.helpers import front_desk_screens_data as data
from tests.helpers.piece_rate_data import at, job, november
from workshop.db.models import AuditEntry, LaborLine, PieceRateStatement
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput, PermissionDenied, RuleViolation
from workshop.domain.piece_rate import job_pay, month_bounds, month_of
from workshop.domain.roles import Actor, Role
from workshop.domain.work_order import State
from workshop.services import piece_rate

NOV = "2026-11"
D = Decimal


def test_w7_month_bounds_are_shop_time() -> None:
    start, end = month_bounds(month_of(NOV))
    assert (start, end) == (at(2026, 10, 31, 16), at(2026, 11, 30, 16))
    assert job_pay(D("2.0"), D("60"), D("20")) == D("24.00")
    with pytest.raises(InvalidInput, match="年-月"):
        month_of("十一月")


def test_w7_statement_matches_the_hand_computed_month(db: Database, people: dict[Role, Actor]) -> None:
    ids = november(db, people)
    st = piece_rate.statement_of(db, NOV, ids["tech"])
    assert [(j.description, j.billed_hours, j.piece_rate, j.pay) for j in st.jobs] == [
        ("更换机油机滤", D("1.50"), D("20.00"), D("30.00")),
        ("更换前刹车片", D("1.20"), D("20.00"), D("24.00")),
        ("更换机油机滤", D("1.50"), D("22.00"), D("33.00")),
    ]
    assert [(b.description, b.pay, b.deduction) for b in st.comebacks] == [("更换前刹车片", D("24.00"), D("24.00"))]
    assert (st.billed_hours, st.gross, st.deduction, st.net, st.closed) == (
        D("4.20"), D("87.00"), D("24.00"), D("63.00"), False)
    summary = {s.name: (s.billed_hours, s.gross, s.deduction, s.net) for s in piece_rate.payroll_summary(db, NOV)}
    assert summary == {"technician": (D("4.20"), D("87.00"), D("24.00"), D("63.00")),
                       "team_leader": (D("0.80"), D("16.00"), D("16.00"), D("0.00")),
                       "painter": (D("3.00"), D("90.00"), D("0.00"), D("90.00"))}
    october = piece_rate.statement_of(db, "2026-10", ids["tech"])
    assert (october.gross, october.deduction) == (D("30.00"), D("0.00"))


def test_w7_comeback_deduction_rate_is_a_setting(db: Database, people: dict[Role, Actor]) -> None:
    ids = november(db, people)
    from workshop.services.settings import set_setting

    set_setting(db.uow(), people[Role.SERVICE_DIRECTOR], "comeback_deduction_pct", "50")
    st = piece_rate.statement_of(db, NOV, ids["tech"])
    assert (st.deduction, st.net) == (D("12.00"), D("75.00"))
    set_setting(db.uow(), people[Role.SERVICE_DIRECTOR], "comeback_days", "20")  # 22 days: no comeback
    assert piece_rate.statement_of(db, NOV, ids["tech"]).deduction == D("0.00")


def test_w7_closed_month_changes_only_by_a_dated_correction(db: Database, people: dict[Role, Actor]) -> None:
    ids = november(db, people)
    manager, tech = people[Role.WORKSHOP_MANAGER], people[Role.TECHNICIAN]
    with pytest.raises(PermissionDenied):
        piece_rate.close_month(db.uow(), tech, NOV, now=at(2026, 12, 2))
    with pytest.raises(RuleViolation, match="还没有结束"):
        piece_rate.close_month(db.uow(), manager, "2026-12", now=at(2026, 12, 2))
    with pytest.raises(RuleViolation, match="还没有结账"):
        piece_rate.add_correction(db.uow(), manager, NOV, ids["tech"], "10", "漏记工时", now=at(2026, 12, 2))
    closed = piece_rate.close_month(db.uow(), manager, NOV, now=at(2026, 12, 2))
    assert {s.name: s.net for s in closed}["technician"] == D("63.00")
    with pytest.raises(RuleViolation, match="已经结账"):
        piece_rate.close_month(db.uow(), people[Role.SERVICE_DIRECTOR], NOV, now=at(2026, 12, 3))
    # a work order settled back in November after the close does not move the closed figures
    car = data.add_car(db, "赵强", "13600136000", "粤B·11111")
    job(db, car, people[Role.ADVISOR].user_id, at(2026, 11, 20, 1), [(None, "检查异响", "1.0", "机修",
                                                                      [(ids["tech"], "100")])])
    st = piece_rate.statement_of(db, NOV, ids["tech"])
    assert (st.gross, st.net, st.closed) == (D("87.00"), D("63.00"), True)
    with pytest.raises(InvalidInput):
        piece_rate.add_correction(db.uow(), manager, NOV, ids["tech"], "abc", "漏记工时", now=at(2026, 12, 5))
    with pytest.raises(InvalidInput):
        piece_rate.add_correction(db.uow(), manager, NOV, ids["tech"], "10", "", now=at(2026, 12, 5))
    fix = piece_rate.add_correction(db.uow(), manager, NOV, ids["tech"], "22.00", "11-20 检查异响 结账后补记",
                                    now=at(2026, 12, 5, 3))
    piece_rate.add_correction(db.uow(), manager, NOV, ids["tech"], "-2.5", "多算", now=at(2026, 12, 6, 3))
    assert fix.entry_date.isoformat() == "2026-12-05"
    st = piece_rate.statement_of(db, NOV, ids["tech"])
    assert ([c.amount for c in st.corrections], st.correction_total, st.net) == (
        [D("22.00"), D("-2.50")], D("19.50"), D("82.50"))
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(PieceRateStatement)) == 3
        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.action.like("piece_rate.%"))))
        assert actions == ["piece_rate.close", "piece_rate.correct", "piece_rate.correct"]


def test_w7_statement_pdf_and_excel_and_payroll_summary(db: Database, people: dict[Role, Actor],
                                                        tmp_path: Path) -> None:
    from workshop.printing import piece_rate as printing
    from workshop.services.shop_profile import save_shop_profile

    save_shop_profile(db.uow(), people[Role.ADMIN], name="深圳鹏城大众4S店", address="深圳市南山区科技园",
                      phone="0755-86001234")
    ids = november(db, people)
    st = printing.statement_pdf(db, NOV, ids["tech"], tmp_path / "st.pdf")
    assert st.net == D("63.00")
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "st.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    for expected in ("深圳鹏城大众4S店", "计件工资单", "2026-11", "technician", "更换前刹车片", "¥87.00", "¥24.00",
                     "¥63.00", "0755-86001234"):
        assert expected in text, expected
    fonts = subprocess.run(["pdffonts", str(tmp_path / "st.pdf")], capture_output=True, text=True, check=True).stdout
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # every font embedded
    printing.payroll_pdf(db, NOV, tmp_path / "sum.pdf")
    summary = subprocess.run(["pdftotext", "-layout", str(tmp_path / "sum.pdf"), "-"], capture_output=True,
                             text=True, check=True).stdout
    assert "计件工资汇总" in summary and "painter" in summary and "¥153.00" in summary  # 63 + 0 + 90
    printing.payroll_xlsx(db, NOV, tmp_path / "sum.xlsx")
    printing.statement_xlsx(db, NOV, ids["tech"], tmp_path / "st.xlsx")
    with zipfile.ZipFile(tmp_path / "sum.xlsx") as z:
        names = z.namelist()
        strings = z.read("xl/sharedStrings.xml").decode()
        first = z.read("xl/worksheets/sheet1.xml").decode()
    assert "xl/worksheets/sheet4.xml" in names  # the summary, then a sheet per technician
    assert "应发" in strings and "<v>63</v>" in first and "<v>90</v>" in first


def test_w7_a_job_pays_back_once_in_the_month_of_its_first_comeback(db: Database,
                                                                     people: dict[Role, Actor]) -> None:
    """RO-A (car E, brakes, settled 10-10) comes back 10-25 and again 11-05: October takes its pay back,
    November not again. RO-D (car F, a line without an operation, settled 10-20) comes back 11-02 with the same
    text: November takes it back. (November reads its comebacks from its own visits only.)"""
    ids = november(db, people)
    adv, tech = people[Role.ADVISOR].user_id, ids["tech"]
    with db.read() as s:
        brakes = s.scalar(select(func.min(LaborLine.operation_id)).where(LaborLine.description == "更换前刹车片"))
    car_e = data.add_car(db, "赵敏", "13600136000", "粤B·13579")
    car_f = data.add_car(db, "孙丽", "13300133000", "粤B·97531")
    job(db, car_e, adv, at(2026, 10, 10), [(brakes, "更换前刹车片", "2.0", "机修", [(tech, "100")])])
    for opened in (at(2026, 10, 25), at(2026, 11, 5)):
        job(db, car_e, adv, opened, [(brakes, "更换前刹车片", "2.0", "机修", [(tech, "100")])],
            state=State.IN_PROGRESS)
    job(db, car_f, adv, at(2026, 10, 20), [(None, "底盘异响检查", "1.0", "机修", [(tech, "100")])])
    job(db, car_f, adv, at(2026, 11, 2), [(None, "底盘异响检查", "1.0", "机修", [(tech, "100")])],
        state=State.IN_PROGRESS)
    october = piece_rate.statement_of(db, "2026-10", tech)
    assert [(b.description, b.deduction) for b in october.comebacks] == [("更换前刹车片", D("40.00"))]
    november_ = piece_rate.statement_of(db, NOV, tech)
    assert sorted((b.description, b.deduction) for b in november_.comebacks) == [
        ("底盘异响检查", D("20.00")), ("更换前刹车片", D("24.00"))]
    assert (november_.deduction, november_.net) == (D("44.00"), D("43.00"))


def test_w7_payroll_summary_equals_the_sums_of_the_statements_jobs(db: Database, people: dict[Role, Actor]) -> None:
    """The summary sums the jobs in SQL; each technician's figures are those of their statement's job lines:
    across the mid-month rate change, a line nobody was dispatched to (the work order's technician, 100 %),
    a line without a team (the technician's own team's rate), an ended share (not paid) and three shares."""
    from workshop.db.models import LaborAssignment, WorkOrder
    from workshop.domain.clock import utcnow

    ids = november(db, people)
    adv, tech, lead, painter = people[Role.ADVISOR].user_id, ids["tech"], ids["lead"], ids["painter"]
    car = data.add_car(db, "周杰", "13200132000", "粤B·86420")
    nobody = job(db, car, adv, at(2026, 11, 16, 2), [(None, "四轮定位", "1.0", "机修", [])])
    no_team = job(db, car, adv, at(2026, 11, 10, 2), [(None, "喷漆修补", "0.7", "", [(painter, "100")])])
    three = job(db, car, adv, at(2026, 11, 20, 2), [(None, "发动机大修", "10.0", "机修",
                                                     [(tech, "33.3"), (lead, "33.3"), (painter, "33.4")])])
    ended = job(db, car, adv, at(2026, 11, 21, 2), [(None, "更换火花塞", "0.9", "机修", [(lead, "100")])])
    with db.uow() as uow:
        uow.session.get_one(WorkOrder, nobody).technician_id = lead
        for a in uow.session.scalars(select(LaborAssignment).where(LaborAssignment.work_order_id == ended)):
            a.ended_at = utcnow()
        uow.commit()
    assert no_team and three
    summary = piece_rate.payroll_summary(db, NOV)
    full = piece_rate.payroll_summary(db, NOV, jobs=True)
    assert [s.jobs for s in summary] == [(), (), ()]
    by_jobs = {s.name: (sum((j.billed_hours for j in s.jobs), D(0)), sum((j.pay for j in s.jobs), D(0)),
                        s.deduction, s.net) for s in full}
    assert {s.name: (s.billed_hours, s.gross, s.deduction, s.net) for s in summary} == by_jobs
    assert by_jobs["team_leader"][:2] == (D("0.80") + D("1.00") + D("3.33"), D("16.00") + D("22.00") + D("73.26"))
    assert by_jobs["painter"][:2] == (D("3.00") + D("0.70") + D("3.34"), D("90.00") + D("21.00") + D("73.48"))
    assert [s.comebacks for s in summary] == [s.comebacks for s in full]
