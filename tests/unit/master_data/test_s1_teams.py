"""S1: the shop's teams are data — seeded with 机修 and 钣喷 in every database, added, renamed and retired by the
administrator or the service director (audited), and every check of a team (users, labor catalog, labor lines,
assignment, rates, imports) reads the teams table."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.helpers.front_desk_data import add_shop, open_order
from tests.helpers.people import make_user
from workshop.cli import main as cli_main
from workshop.db.models import AuditEntry, Team
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput, PermissionDenied, RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.services import front_desk, labor_catalog, team_rates, teams, users, workshop_floor
from workshop.services.bulk_import import import_labor_operations


def test_s1_teams_seeded_in_every_new_database(db: Database) -> None:
    assert [(t.code, t.name, t.name_en) for t in teams.list_teams(db)] == [
        ("机修", "机修", "mechanical"), ("钣喷", "钣喷", "body and paint")]
    assert {r.team for r in team_rates.current_team_rates(db)} == {"机修", "钣喷"}


def test_s1_team_added_used_everywhere_renamed_and_audited(db: Database, people: dict[Role, Actor]) -> None:
    director = people[Role.SERVICE_DIRECTOR]
    added = teams.add_team(db.uow(), director, code="快修", name="快修组", name_en="express")
    assert added.label == "快修组（快修）"
    admin = people[Role.ADMIN]
    user = users.add_user(db.uow(), admin, username="li", display_name="李技工", password="secret123",
                          roles=["technician"], team="快修")
    assert user.team == "快修"
    op = labor_catalog.add_labor_operation(db.uow(), admin, code="KX01", name="快速保养", standard_hours="0.5",
                                           rate="180", team="快修")
    assert op.team == "快修"
    rates = team_rates.set_team_rates(db.uow(), admin, "快修", cost_rate="40", piece_rate="30")
    assert rates.cost_rate == Decimal("40.00")
    assert {r.team: r.cost_rate for r in team_rates.current_team_rates(db)}["快修"] == Decimal("40.00")
    shop = add_shop(db, people)
    wo = open_order(db, people, shop, with_lines=False)
    wo = front_desk.add_labor_line(db.uow(), people[Role.ADVISOR], wo.number, expected_version=wo.version,
                                   operation_code="KX01")
    assert wo.labor_lines[0].team == "快修"
    wo = workshop_floor.assign_job(db.uow(), people[Role.WORKSHOP_MANAGER], wo.number, team="快修",
                                   technician_id=user.id, expected_version=wo.version)
    assert wo.team == "快修"

    renamed = teams.rename_team(db.uow(), admin, "快修", name="快保组")
    assert (renamed.code, renamed.name) == ("快修", "快保组")
    with pytest.raises(RuleViolation, match="已被班组"):
        teams.rename_team(db.uow(), admin, "快修", name="钣喷")
    with pytest.raises(RuleViolation, match="已存在"):
        teams.add_team(db.uow(), admin, code="快修")
    with db.read() as s:
        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "team").order_by(AuditEntry.id)))
    assert actions == ["team.add", "team.rename"]


def test_s1_unknown_or_retired_team_refused_by_every_check(db: Database, people: dict[Role, Actor]) -> None:
    admin = people[Role.ADMIN]
    for call in (
        lambda: users.add_user(db.uow(), admin, username="wu", display_name="吴", password="secret123",
                               roles=["technician"], team="电工"),
        lambda: labor_catalog.add_labor_operation(db.uow(), admin, code="DG01", name="电路检查",
                                                  standard_hours="1", rate="200", team="电工"),
        lambda: team_rates.set_team_rates(db.uow(), admin, "电工", cost_rate="40", piece_rate="30"),
    ):
        with pytest.raises(InvalidInput) as refused:
            call()
        assert "没有班组 电工，请选择：机修、钣喷" in refused.value.message("zh")
        assert "There is no team 电工; choose one of: 机修, 钣喷" in refused.value.message("en")
    teams.add_team(db.uow(), admin, code="电工")
    teams.retire_team(db.uow(), admin, "电工")
    with pytest.raises(InvalidInput, match="班组 电工 已停用"):
        users.add_user(db.uow(), admin, username="wu", display_name="吴", password="secret123",
                       roles=["technician"], team="电工")
    report = import_labor_operations(db.uow(), admin, iter([
        (2, {"code": "DG01", "name": "电路检查", "hours": "1", "rate": "200", "team": "电工"}),
        (3, {"code": "DG02", "name": "电瓶检测", "hours": "0.3", "rate": "200", "team": ""})]))
    assert [r.line_no for r in report.refused] == [2] and "已停用" in report.refused[0].reason_zh
    assert [o.team for o in labor_catalog.list_labor_operations(db)] == ["机修"]  # the first team in use
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Team)) == 3


def test_s1_team_with_members_or_open_work_cannot_be_retired(db: Database, people: dict[Role, Actor]) -> None:
    admin = people[Role.ADMIN]
    teams.add_team(db.uow(), admin, code="快修")
    member = make_user(db, "zhao", [Role.TECHNICIAN], "快修")
    with pytest.raises(RuleViolation) as refused:
        teams.retire_team(db.uow(), admin, "快修")
    assert "班组 快修 还有 1 名在职成员、0 张未完工单，不能停用" in refused.value.message("zh")
    assert "1 active member(s) and 0 open work order(s)" in refused.value.message("en")
    users.set_active(db.uow(), admin, member.user_id, False)
    labor_catalog.add_labor_operation(db.uow(), admin, code="KX01", name="快速保养", standard_hours="0.5",
                                      rate="180", team="快修")
    shop = add_shop(db, people)
    wo = open_order(db, people, shop, with_lines=False)
    front_desk.add_labor_line(db.uow(), people[Role.ADVISOR], wo.number, expected_version=wo.version,
                              operation_code="KX01")
    with pytest.raises(RuleViolation, match="0 名在职成员、1 张未完工单"):
        teams.retire_team(db.uow(), admin, "快修")
    assert not teams.list_teams(db)[-1].retired  # nothing half-written
    front_desk.cancel_work_order(db.uow(), people[Role.ADVISOR], wo.number, reason="客户取消")
    retired = teams.retire_team(db.uow(), admin, "快修")
    assert retired.retired and [t.code for t in teams.list_teams(db)] == ["机修", "钣喷"]
    assert teams.reinstate_team(db.uow(), admin, "快修").retired_at is None
    with db.read() as s:
        assert list(s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "team")
                              .order_by(AuditEntry.id))) == ["team.add", "team.retire", "team.reinstate"]


def test_s1_teams_need_the_master_data_permission(db: Database, people: dict[Role, Actor]) -> None:
    for role in (Role.ADVISOR, Role.WORKSHOP_MANAGER, Role.TEAM_LEADER, Role.PARTS_CLERK):
        with pytest.raises(PermissionDenied):
            teams.add_team(db.uow(), people[role], code="快修")
        with pytest.raises(PermissionDenied):
            teams.retire_team(db.uow(), people[role], "钣喷")
    with pytest.raises(InvalidInput):
        teams.add_team(db.uow(), people[Role.ADMIN], code="快 修")
    with pytest.raises(InvalidInput):
        teams.add_team(db.uow(), people[Role.ADMIN], code="")
    assert len(teams.list_teams(db)) == 2


def test_s1_team_command_adds_lists_and_retires(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'shop.sqlite'}"
    assert cli_main(["--db", url, "init"]) == 0
    assert cli_main(["--db", url, "team", "add", "快修", "--name", "快修组", "--name-en", "express"]) == 0
    assert cli_main(["--db", url, "team", "add", "快修"]) == 2
    assert cli_main(["--db", url, "labor", "add", "KX01", "--name", "快速保养", "--hours", "0.5",
                     "--rate", "180", "--team", "快修"]) == 0
    assert cli_main(["--db", url, "labor", "add", "KX02", "--name", "x", "--hours", "1", "--rate", "1",
                     "--team", "电工"]) == 2
    assert "没有班组 电工" in capsys.readouterr().err
    assert cli_main(["--db", url, "team-rate", "set", "快修", "--cost", "40", "--piece", "30"]) == 0
    assert cli_main(["--db", url, "team", "retire", "快修"]) == 0
    capsys.readouterr()
    assert cli_main(["--db", url, "team", "list", "--all", "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == ["code,name,name_en,retired_at", "机修,机修,mechanical,", "钣喷,钣喷,body and paint,"]
    assert out[3].startswith("快修,快修组,express,2")
    assert cli_main(["--db", url, "team", "list", "--format", "csv"]) == 0
    assert "快修" not in capsys.readouterr().out

