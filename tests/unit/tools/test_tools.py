"""Special tools: T1 register, T2 lending and returns, T3 lost tools, and who may do what."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests.helpers.claims_tools_data import badge_of, disable, make_tool, make_work_order, shift
from workshop.db.models import AuditEntry, Tool, ToolCharge, ToolLoan
from workshop.db.uow import Database
from workshop.domain.clock import end_of_working_day, to_shop
from workshop.domain.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from workshop.domain.roles import Actor, Perm, Role
from workshop.queries import tools as tq
from workshop.services import tools
from workshop.services.settings import set_setting_as_system

pytestmark = pytest.mark.clock  # the shop's calendar: CI runs these again at a year end and after a year turn


def _counts(db: Database) -> tuple[int, int, int, int]:
    with db.read() as s:
        return (
            s.scalar(select(func.count()).select_from(Tool)) or 0,
            s.scalar(select(func.count()).select_from(ToolLoan)) or 0,
            s.scalar(select(func.count()).select_from(ToolCharge)) or 0,
            s.scalar(select(func.count()).select_from(AuditEntry)) or 0,
        )


def _tool_state(db: Database, code: str) -> str:
    with db.read() as s:
        state = s.scalar(select(Tool.state).where(Tool.code == code))
        assert state is not None
        return state


# ---- T1 ---------------------------------------------------------------------------------------------------


def test_t1_register_tool_with_code_model_location_price(db: Database, people: dict[Role, Actor]) -> None:
    info = tools.register_tool(
        db.uow(), people[Role.PARTS_CLERK], code=" ｖａｇ-1331 ", name="扭力扳手", brand="大众", model="VAG 1331",
        location="工具柜A-2", original_price="1,280.50",
    )
    assert (info.code, info.state, info.original_price) == ("VAG-1331", "in", Decimal("1280.50"))
    rows = tq.list_tools(db, search="1331")
    assert [r.code for r in rows] == ["VAG-1331"]
    assert rows[0].model == "VAG 1331" and rows[0].location == "工具柜A-2"
    assert tq.count_tools(db) == 1


def test_t1_tool_code_is_unique(db: Database, people: dict[Role, Actor]) -> None:
    clerk = people[Role.PARTS_CLERK]
    tools.register_tool(db.uow(), clerk, code="T10064", name="压缩器", original_price="500")
    before = _counts(db)
    with pytest.raises(RuleViolation, match="T10064"):
        tools.register_tool(db.uow(), clerk, code="t10064", name="另一个", original_price="600")
    assert _counts(db) == before


@pytest.mark.parametrize(
    "fields",
    [
        dict(code="", name="X", original_price="1"),
        dict(code="A B", name="X", original_price="1"),
        dict(code="工具1", name="X", original_price="1"),
        dict(code="OK1", name="", original_price="1"),
        dict(code="OK1", name="X", original_price="-5"),
        dict(code="OK1", name="X", original_price="0"),
        dict(code="OK1", name="X", original_price="abc"),
        dict(code="OK1", name="X" * 500, original_price="1"),
    ],
)
def test_t1_bad_register_input_refused_and_nothing_written(
    db: Database, people: dict[Role, Actor], fields: dict[str, str]
) -> None:
    before = _counts(db)
    with pytest.raises(InvalidInput):
        tools.register_tool(db.uow(), people[Role.PARTS_CLERK], **fields)  # type: ignore[arg-type]
    assert _counts(db) == before


def test_t1_retired_tool_stays_in_register_and_cannot_be_lent(db: Database, people: dict[Role, Actor]) -> None:
    make_tool(db, "T1")
    info = tools.retire_tool(db.uow(), people[Role.WORKSHOP_MANAGER], "T1", "磨损报废")
    assert info.state == "retired"
    with pytest.raises(RuleViolation, match="报废"):
        tools.lend_tool(db.uow(), people[Role.PARTS_CLERK], badge_of(db, people[Role.TECHNICIAN]), "T1")
    assert [r.state for r in tq.list_tools(db, state="retired")] == ["retired"]


# ---- T2 ---------------------------------------------------------------------------------------------------


def test_t2_lend_by_badge_then_tool_due_end_of_working_day(db: Database, people: dict[Role, Actor]) -> None:
    make_tool(db, "T10064")
    tech = people[Role.TECHNICIAN]
    loan = tools.lend_tool(db.uow(), people[Role.PARTS_CLERK], badge_of(db, tech).lower(), "t10064")
    assert loan.borrower_id == tech.user_id and loan.tool_code == "T10064"
    assert loan.due_at == end_of_working_day(loan.lent_at, time(18, 0))
    assert _tool_state(db, "T10064") == "out"
    out = tq.tools_out(db)
    assert [(r.tool_code, r.borrower_name) for r in out] == [("T10064", "technician")]
    assert tq.list_tools(db)[0].borrower_name == "technician"


def test_t2_due_time_follows_closing_time_setting(db: Database, people: dict[Role, Actor]) -> None:
    set_setting_as_system(db.uow(), "closing_time", "17:30")
    make_tool(db, "T2")
    loan = tools.lend_tool(db.uow(), people[Role.PARTS_CLERK], badge_of(db, people[Role.TECHNICIAN]), "T2")
    assert loan.due_at == end_of_working_day(loan.lent_at, time(17, 30))
    assert to_shop(loan.due_at).time() == time(17, 30)


def test_t2_out_tool_cannot_be_lent_again(db: Database, people: dict[Role, Actor]) -> None:
    make_tool(db, "T3")
    clerk = people[Role.PARTS_CLERK]
    tools.lend_tool(db.uow(), clerk, badge_of(db, people[Role.TECHNICIAN]), "T3")
    before = _counts(db)
    with pytest.raises(RuleViolation, match="technician"):
        tools.lend_tool(db.uow(), clerk, badge_of(db, people[Role.TEAM_LEADER]), "T3")
    assert _counts(db) == before


@pytest.mark.parametrize("state", ["lost", "retired"])
def test_t2_lost_or_retired_tool_cannot_be_lent(db: Database, people: dict[Role, Actor], state: str) -> None:
    make_tool(db, "T4", state=state)
    before = _counts(db)
    with pytest.raises(RuleViolation):
        tools.lend_tool(db.uow(), people[Role.PARTS_CLERK], badge_of(db, people[Role.TECHNICIAN]), "T4")
    assert _counts(db) == before


def test_t2_lending_to_disabled_user_refused(db: Database, people: dict[Role, Actor]) -> None:
    make_tool(db, "T5")
    badge = badge_of(db, people[Role.TECHNICIAN])
    disable(db, people[Role.TECHNICIAN])
    before = _counts(db)
    with pytest.raises(RuleViolation, match="停用"):
        tools.lend_tool(db.uow(), people[Role.PARTS_CLERK], badge, "T5")
    assert _counts(db) == before
    assert _tool_state(db, "T5") == "in"


def test_t2_unknown_badge_or_tool_refused(db: Database, people: dict[Role, Actor]) -> None:
    make_tool(db, "T6")
    clerk = people[Role.PARTS_CLERK]
    with pytest.raises(NotFound):
        tools.lend_tool(db.uow(), clerk, "EMP99999", "T6")
    with pytest.raises(NotFound):
        tools.lend_tool(db.uow(), clerk, badge_of(db, people[Role.TECHNICIAN]), "NOPE")
    with pytest.raises(InvalidInput):
        tools.lend_tool(db.uow(), clerk, "", "T6")
    with pytest.raises(InvalidInput):
        tools.lend_tool(db.uow(), clerk, badge_of(db, people[Role.TECHNICIAN]), "T6",
                        due_at=datetime(2020, 1, 1, tzinfo=UTC))
    assert _tool_state(db, "T6") == "in"


def test_t2_return_by_scanning_the_tool(db: Database, people: dict[Role, Actor]) -> None:
    make_tool(db, "T7")
    clerk = people[Role.PARTS_CLERK]
    tools.lend_tool(db.uow(), clerk, badge_of(db, people[Role.TECHNICIAN]), "T7")
    back = tools.return_tool(db.uow(), clerk, "T7")
    assert back.returned_at is not None
    assert _tool_state(db, "T7") == "in"
    assert tq.tools_out(db) == []
    with pytest.raises(RuleViolation, match="没有借出"):
        tools.return_tool(db.uow(), clerk, "T7")
    # and it can go out again
    again = tools.lend_tool(db.uow(), clerk, badge_of(db, people[Role.TEAM_LEADER]), "T7")
    assert again.borrower_name == "team_leader"


def test_t2_overdue_list_shows_borrower_and_hours_overdue(db: Database, people: dict[Role, Actor]) -> None:
    make_tool(db, "T8")
    make_tool(db, "T9")
    clerk = people[Role.PARTS_CLERK]
    late = tools.lend_tool(db.uow(), clerk, badge_of(db, people[Role.TECHNICIAN]), "T8")
    tools.lend_tool(db.uow(), clerk, badge_of(db, people[Role.TEAM_LEADER]), "T9")
    now = late.due_at - timedelta(minutes=30)  # T9 not yet due
    shift(db, ToolLoan, late.id, due_at=timedelta(hours=-24))
    rows = tq.overdue_loans(db, now=now)
    assert [(r.tool_code, r.borrower_name) for r in rows] == [("T8", "technician")]
    assert rows[0].hours_overdue == Decimal("23.5")
    figures = tq.tool_figures(db, now=now)
    assert (figures.total, figures.out, figures.overdue) == (2, 2, 1)


def test_t2_loan_tied_to_work_order_shows_at_settlement(db: Database, people: dict[Role, Actor]) -> None:
    make_tool(db, "T10")
    wo = make_work_order(db, people[Role.ADVISOR], kind="general")
    clerk = people[Role.PARTS_CLERK]
    tools.lend_tool(db.uow(), clerk, badge_of(db, people[Role.TECHNICIAN]), "T10", work_order_no=wo.number.lower())
    rows = tq.open_loans_for_work_order(db, wo.number)
    assert [(r.tool_code, r.work_order_no) for r in rows] == [("T10", wo.number)]
    tools.return_tool(db.uow(), clerk, "T10")
    assert tq.open_loans_for_work_order(db, wo.number) == []
    with pytest.raises(NotFound):
        tools.lend_tool(db.uow(), clerk, badge_of(db, people[Role.TECHNICIAN]), "T10", work_order_no="RO0000-0000")


# ---- T3 ---------------------------------------------------------------------------------------------------


def test_t3_lost_tool_charges_borrower_original_price(db: Database, people: dict[Role, Actor]) -> None:
    make_tool(db, "T11", price="860.00")
    clerk = people[Role.PARTS_CLERK]
    tools.lend_tool(db.uow(), clerk, badge_of(db, people[Role.TECHNICIAN]), "T11")
    charge = tools.declare_lost(db.uow(), clerk, "T11", "charge")
    assert (charge.kind, charge.amount, charge.user_id) == ("charge", Decimal("860.00"), people[Role.TECHNICIAN].user_id)
    assert _tool_state(db, "T11") == "lost"
    assert tq.tools_out(db) == []
    with pytest.raises(RuleViolation):
        tools.lend_tool(db.uow(), clerk, badge_of(db, people[Role.TEAM_LEADER]), "T11")
    month = to_shop(charge.at).strftime("%Y-%m")
    summary = tq.tool_charges_by_person(db, month)
    assert [(r.display_name, r.charges, r.total) for r in summary] == [("technician", 1, Decimal("860.00"))]


def test_t3_replacement_of_same_model_instead_of_charge(db: Database, people: dict[Role, Actor]) -> None:
    make_tool(db, "T12", model="T10064", price="860.00")
    clerk = people[Role.PARTS_CLERK]
    tools.lend_tool(db.uow(), clerk, badge_of(db, people[Role.TECHNICIAN]), "T12")
    with pytest.raises(InvalidInput):  # a replacement needs a note (what was handed in)
        tools.declare_lost(db.uow(), clerk, "T12", "replacement", "")
    charge = tools.declare_lost(db.uow(), clerk, "T12", "replacement", "交回同型号 T10064 新件")
    assert (charge.kind, charge.amount) == ("replacement", Decimal("0.00"))
    assert _tool_state(db, "T12") == "in"
    summary = tq.tool_charges_by_person(db, to_shop(charge.at).strftime("%Y-%m"))
    assert [(r.charges, r.replacements, r.total) for r in summary] == [(0, 1, Decimal("0.00"))]


def test_t3_only_a_tool_out_can_be_declared_lost(db: Database, people: dict[Role, Actor]) -> None:
    make_tool(db, "T13")
    before = _counts(db)
    with pytest.raises(RuleViolation):
        tools.declare_lost(db.uow(), people[Role.PARTS_CLERK], "T13", "charge")
    with pytest.raises(InvalidInput):
        tools.declare_lost(db.uow(), people[Role.PARTS_CLERK], "T13", "forgive")
    assert _counts(db) == before


def test_t3_charges_per_person_per_month(db: Database, people: dict[Role, Actor]) -> None:
    clerk = people[Role.PARTS_CLERK]
    for code, who in [("A1", Role.TECHNICIAN), ("A2", Role.TECHNICIAN), ("A3", Role.TEAM_LEADER)]:
        make_tool(db, code, price="100.00")
        tools.lend_tool(db.uow(), clerk, badge_of(db, people[who]), code)
        last = tools.declare_lost(db.uow(), clerk, code, "charge")
    month = to_shop(last.at).strftime("%Y-%m")
    rows = tq.tool_charges_by_person(db, month)
    assert {(r.display_name, r.charges, r.total) for r in rows} == {
        ("technician", 2, Decimal("200.00")), ("team_leader", 1, Decimal("100.00"))}
    assert len(tq.tool_charges_in_month(db, month)) == 3
    assert tq.tool_charges_by_person(db, "2001-01") == []
    with pytest.raises(InvalidInput):
        tq.parse_month("November")


# ---- permissions ------------------------------------------------------------------------------------------


def _allowed(role: Role, perm: Perm) -> bool:
    from workshop.domain.roles import ROLE_PERMISSIONS

    return perm in ROLE_PERMISSIONS[role]


@pytest.mark.parametrize("role", list(Role))
def test_t1_t2_t3_every_tool_service_checks_permission(db: Database, people: dict[Role, Actor], role: Role) -> None:
    actor = people[role]
    make_tool(db, "P1")
    make_tool(db, "P2")
    badge = badge_of(db, people[Role.TECHNICIAN])
    clerk = people[Role.PARTS_CLERK]
    if not _allowed(role, Perm.TOOL_EDIT):
        with pytest.raises(PermissionDenied):
            tools.register_tool(db.uow(), actor, code="NEW1", name="X", original_price="1")
        with pytest.raises(PermissionDenied):
            tools.retire_tool(db.uow(), actor, "P1", "坏了")
    else:
        assert tools.register_tool(db.uow(), actor, code="NEW1", name="X", original_price="1").state == "in"
    if not _allowed(role, Perm.TOOL_LEND):
        with pytest.raises(PermissionDenied):
            tools.lend_tool(db.uow(), actor, badge, "P1")
        tools.lend_tool(db.uow(), clerk, badge, "P1")
        with pytest.raises(PermissionDenied):
            tools.return_tool(db.uow(), actor, "P1")
    else:
        tools.lend_tool(db.uow(), actor, badge, "P1")
    assert _tool_state(db, "P1") == "out"
    if not _allowed(role, Perm.TOOL_DECLARE_LOST):
        with pytest.raises(PermissionDenied):
            tools.declare_lost(db.uow(), actor, "P1", "charge")
        assert _tool_state(db, "P1") == "out"
    else:
        assert tools.declare_lost(db.uow(), actor, "P1", "charge").kind == "charge"


def test_t2_disabled_clerk_cannot_lend(db: Database, people: dict[Role, Actor]) -> None:
    make_tool(db, "P3")
    disable(db, people[Role.PARTS_CLERK])
    with pytest.raises(PermissionDenied):
        tools.lend_tool(db.uow(), people[Role.PARTS_CLERK], badge_of(db, people[Role.TECHNICIAN]), "P3")
    assert _tool_state(db, "P3") == "in"
