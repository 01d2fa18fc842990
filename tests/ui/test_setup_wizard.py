"""S1: the first start of a new shop, after "create the administrator": the shop's profile, teams and rates,
users, the catalogs — each step written through its screen's service, each one skippable."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_master_data_screens import fill, save
from ui.admin.labor_catalog import add_operation_dialog
from ui.admin.parts_catalog import add_part_dialog
from ui.admin.users import UserDialog
from ui.login import FirstAdminDialog
from ui.operations import Operations
from ui.setup_wizard import SetupWizard, first_start_setup
from workshop.db.uow import Database
from workshop.services import labor_catalog, shop_profile, team_rates, users


def _first_admin(qtbot, db: Database) -> FirstAdminDialog:  # type: ignore[no-untyped-def]
    first = FirstAdminDialog(db)
    qtbot.addWidget(first)
    first.display.setText("邓管理员")
    first.password.setText("admin12345")
    first.password2.setText("admin12345")
    first.create_admin()
    assert first.result() == FirstAdminDialog.DialogCode.Accepted, first.error.text()
    return first


def _wizard(qtbot, db: Database, monkeypatch: pytest.MonkeyPatch) -> SetupWizard:  # type: ignore[no-untyped-def]
    first = _first_admin(qtbot, db)
    ops = Operations("zh")
    ops.show_errors = False
    made: list[SetupWizard] = []
    monkeypatch.setattr(SetupWizard, "exec", lambda self: made.append(self) or 0)
    first_start_setup(db, ops, "zh", first.username.text(), first.password.text())
    wizard = made[0]
    qtbot.addWidget(wizard)
    ops.wait()
    return wizard


def test_s1_first_start_sets_up_profile_teams_users_and_catalogs(qtbot, db: Database,  # type: ignore[no-untyped-def]
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    assert users.needs_first_admin(db)
    wizard = _wizard(qtbot, db, monkeypatch)
    ctx = wizard.ctx
    assert ctx.actor.username == "admin" and "第 1 步" in wizard.step_label.text()
    wizard.profile.form.set_values({"name": "深圳鹏远汽车服务有限公司", "tax_no": "123"})
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    ctx.ops.wait()
    assert wizard.pages.currentIndex() == 0 and "纳税人识别号" in wizard.profile.error.text()
    wizard.profile.form.set_values({"tax_no": "91440300MA5F0XXX1K", "address": "深圳市南山区"})
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    ctx.ops.wait()
    assert wizard.pages.currentIndex() == 1
    assert shop_profile.get_shop_profile(db).name == "深圳鹏远汽车服务有限公司"
    assert wizard.teams.team_list.table.rowCount() == 2  # 机修 and 钣喷, seeded in every new database
    assert wizard.teams.team_list.add_button.isEnabled()

    from ui.admin.master_form import FormDialog
    from ui.admin.shop_setup import rate_fields, save_rates
    dialog = FormDialog(ctx, "", rate_fields(ctx), save_rates)
    fill(dialog, team="机修", cost_rate="48", piece_rate="32")
    save(dialog)
    assert {r.team: r.cost_rate for r in team_rates.current_team_rates(db)}["机修"] == Decimal("48.00")
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    assert wizard.pages.currentIndex() == 2

    user = UserDialog(ctx)
    user.username.setText("zhang")
    user.display.setText("张顾问")
    user.password.setText("secret123")
    user.roles.boxes[next(iter(user.roles.boxes))].setChecked(True)
    user.save()
    ctx.ops.wait()
    assert [u.username for u in users.list_users(db)] == ["admin", "zhang"]
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    assert wizard.pages.currentIndex() == 3 and wizard.next.text() == "完成"

    labor = add_operation_dialog(ctx, wizard)
    fill(labor, code="JX0101", name="更换机油机滤", standard_hours="0.5", rate="200", team="机修", kind="maintenance")
    save(labor)
    part = add_part_dialog(ctx, wizard)
    fill(part, part_no="06L115562", name="机油滤清器", price="68")
    save(part)
    ctx.ops.wait()
    assert wizard.labor.table.rowCount() == 1 and wizard.parts.table.rowCount() == 1
    assert [o.code for o in labor_catalog.list_labor_operations(db)] == ["JX0101"]
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    assert wizard.result() == SetupWizard.DialogCode.Accepted


def test_s1_every_set_up_step_can_be_skipped(qtbot, db: Database,  # type: ignore[no-untyped-def]
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    wizard = _wizard(qtbot, db, monkeypatch)
    for step in range(4):
        assert wizard.pages.currentIndex() == step
        qtbot.mouseClick(wizard.skip, Qt.MouseButton.LeftButton)
    assert wizard.result() == SetupWizard.DialogCode.Accepted
    assert shop_profile.get_shop_profile(db).name == "" and labor_catalog.list_labor_operations(db) == []
