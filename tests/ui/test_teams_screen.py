"""S1: Administration → 班组与费率 (and the set-up's step 2): teams added, renamed, retired on screen; every team
combo box of the program lists the teams table."""

from __future__ import annotations

from collections.abc import Callable

from tests.helpers.people import make_user
from tests.ui.test_master_data_screens import fill, save
from ui.admin.labor_catalog import labor_fields
from ui.admin.master_form import FormDialog
from ui.admin.shop_setup import rate_fields
from ui.admin.teams import TeamsAndRatesPage, team_fields
from ui.admin.users import UserDialog
from ui.context import AppContext
from workshop.db.uow import Database
from workshop.domain.roles import Role
from workshop.services import teams


def test_s1_teams_screen_adds_renames_and_retires(qtbot, db: Database,  # type: ignore[no-untyped-def]
                                                  make_ctx: Callable[[Role], AppContext]) -> None:
    ctx = make_ctx(Role.ADMIN)
    page = TeamsAndRatesPage(ctx)
    qtbot.addWidget(page)
    ctx.ops.wait()
    screen = page.team_list
    assert [screen.table.item(i, 0).text() for i in range(screen.table.rowCount())] == ["机修", "钣喷"]
    assert page.rates.table.rowCount() == 2
    dialog = FormDialog(ctx, "", team_fields(), teams.add_team)
    fill(dialog, code="快 修")
    save(dialog)
    assert "班组代码不能含空格" in dialog.error.text()
    fill(dialog, code="快修", name="快修组", name_en="express")
    save(dialog)
    ctx.ops.wait()
    assert screen.table.rowCount() == 3 and screen.table.item(2, 1).text() == "快修组"
    assert page.rates.table.rowCount() == 3  # the new team, with no rates yet
    for fields in (rate_fields(ctx), labor_fields(ctx)):
        team = next(f for f in fields if f.key == "team")
        assert [code for code, _ in team.choices] == ["机修", "钣喷", "快修"]
    assert UserDialog(ctx).team.findData("快修") > 0

    make_user(db, "zhao", [Role.TECHNICIAN], "快修")
    screen.table.selectRow(2)
    screen.toggle_retired()
    ctx.ops.wait()
    assert "班组 快修组 还有 1 名在职成员" in screen.error.text()
    assert screen.table.item(2, 3).text() == "在用"
    screen.table.selectRow(1)
    screen.toggle_retired()
    ctx.ops.wait()
    assert screen.error.text() == "" and screen.table.item(1, 3).text().startswith("已停用")
    assert [code for code, _ in next(f for f in labor_fields(ctx) if f.key == "team").choices] == ["机修", "快修"]
    assert [code for code, _ in next(f for f in labor_fields(ctx, "钣喷") if f.key == "team").choices] == [
        "机修", "快修", "钣喷"]  # an old operation of a retired team keeps showing it


def test_s1_teams_screen_read_only_without_master_data(qtbot, db: Database,  # type: ignore[no-untyped-def]
                                                       make_ctx: Callable[[Role], AppContext]) -> None:
    ctx = make_ctx(Role.WORKSHOP_MANAGER)
    page = TeamsAndRatesPage(ctx)
    qtbot.addWidget(page)
    ctx.ops.wait()
    screen = page.team_list
    assert not screen.add_button.isEnabled() and not screen.retire_button.isEnabled()


def test_s1_user_edit_moves_the_team_and_sets_roles_in_one_transaction(  # type: ignore[no-untyped-def]
        qtbot, db: Database, make_ctx: Callable[[Role], AppContext]) -> None:
    """Issue 22: the dialog's OK is one service through the runner; a refused role change keeps the old team too."""
    from workshop.services import users

    ctx = make_ctx(Role.ADMIN)
    me = next(u for u in users.list_users(db) if u.id == ctx.actor.user_id)
    dialog = UserDialog(ctx, me)
    qtbot.addWidget(dialog)
    dialog.team.setCurrentIndex(dialog.team.findData("钣喷"))
    dialog.roles.boxes[Role.ADMIN].setChecked(False)
    dialog.roles.boxes[Role.ADVISOR].setChecked(True)
    ctx.ops.show_errors = False
    dialog.save()
    ctx.ops.wait()
    assert "不能去掉自己的管理员角色" in ctx.ops.last_message
    after = next(u for u in users.list_users(db) if u.id == me.id)
    assert (after.team, after.roles) == (me.team, me.roles)  # nothing half-written
    dialog.roles.boxes[Role.ADMIN].setChecked(True)
    dialog.save()
    ctx.ops.wait()
    assert next(u for u in users.list_users(db) if u.id == me.id).team == "钣喷"
    assert dialog.result() == UserDialog.DialogCode.Accepted
