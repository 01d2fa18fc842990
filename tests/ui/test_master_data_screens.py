"""S1: the master-data screens of Administration at work — each writes through its service, refusals show the
service's sentence in the dialog and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

from PySide6.QtWidgets import QComboBox, QLineEdit

from ui.admin.labor_catalog import LaborCatalogScreen, add_operation_dialog
from ui.admin.master_form import FormDialog
from ui.admin.parts_catalog import (
    BIN_FIELDS,
    SUPPLIER_FIELDS,
    BinsScreen,
    PartsCatalogScreen,
    SuppliersScreen,
    add_part_dialog,
    edit_part_dialog,
)
from ui.admin.shop_setup import (
    ShopProfileScreen,
    ShopSettingsScreen,
    TeamRatesScreen,
    claim_threshold_now,
    rate_fields,
    save_rates,
)
from ui.context import AppContext
from ui.parts_counter.purchase_order_dialog import PurchaseOrderDialog
from ui.parts_counter.purchase_orders import PurchaseOrdersScreen
from workshop.db.uow import Database
from workshop.domain.roles import Role
from workshop.services import labor_catalog, parts_catalog, settings, shop_profile, suppliers, team_rates


def fill(dialog: FormDialog, **values: str) -> None:
    for key, value in values.items():
        widget = dialog.widgets[key]
        if isinstance(widget, QLineEdit):
            widget.setText(value)
        elif isinstance(widget, QComboBox):
            index = widget.findData(value)
            if index >= 0:
                widget.setCurrentIndex(index)
            else:
                widget.setEditText(value)


def save(dialog: FormDialog) -> None:
    dialog.save()
    dialog.ctx.ops.wait()


def test_s1_labor_catalog_screen_adds_edits_and_retires(qtbot, db: Database,  # type: ignore[no-untyped-def]
                                                        make_ctx: Callable[[Role], AppContext]) -> None:
    ctx = make_ctx(Role.ADMIN)
    screen = LaborCatalogScreen(ctx)
    qtbot.addWidget(screen)
    ctx.ops.wait()
    assert screen.table.rowCount() == 0
    dialog = add_operation_dialog(ctx, screen)
    fill(dialog, code="jx0101", name="更换机油机滤", standard_hours="0", rate="200", team="机修", kind="maintenance")
    save(dialog)
    assert "标准工时必须大于零" in dialog.error.text()
    assert labor_catalog.list_labor_operations(db) == []
    fill(dialog, standard_hours="0.5")
    save(dialog)
    assert dialog.result() == FormDialog.DialogCode.Accepted
    ctx.ops.wait()
    assert screen.table.rowCount() == 1 and screen.table.item(0, 0).text() == "JX0101"
    screen.table.selectRow(0)
    screen.toggle_retired()
    ctx.ops.wait()
    assert "已停用" in screen.table.item(0, 6).text()
    assert labor_catalog.list_labor_operations(db)[0].retired


def test_s1_labor_catalog_screen_is_read_only_without_the_permission(  # type: ignore[no-untyped-def]
        qtbot, db: Database, make_ctx: Callable[[Role], AppContext]) -> None:
    screen = LaborCatalogScreen(make_ctx(Role.ADVISOR))
    qtbot.addWidget(screen)
    screen.ctx.ops.wait()
    buttons = [screen.bar.itemAt(i).widget() for i in range(screen.bar.count())]
    assert not any(b.isEnabled() for b in buttons if b is not None)


def test_s1_shop_profile_screen_saves_the_profile(qtbot, db: Database,  # type: ignore[no-untyped-def]
                                                  make_ctx: Callable[[Role], AppContext]) -> None:
    ctx = make_ctx(Role.ADMIN)
    screen = ShopProfileScreen(ctx)
    qtbot.addWidget(screen)
    ctx.ops.wait()
    screen.form.set_values({"name": "", "tax_no": "91440101MA5CXXXX1K"})
    screen.save()
    ctx.ops.wait()
    assert "店名" in screen.error.text()
    screen.form.set_values({"name": "东莞骏通汽车服务有限公司", "phone": "0769-22001100"})
    screen.save()
    ctx.ops.wait()
    assert screen.message.text() == "已保存。"
    assert shop_profile.get_shop_profile(db).name == "东莞骏通汽车服务有限公司"


def test_a5_team_rates_screen_sets_rates_with_a_date(qtbot, db: Database,  # type: ignore[no-untyped-def]
                                                    make_ctx: Callable[[Role], AppContext]) -> None:
    ctx = make_ctx(Role.ADMIN)
    screen = TeamRatesScreen(ctx)
    qtbot.addWidget(screen)
    ctx.ops.wait()
    assert screen.table.rowCount() == 2  # the two defaults
    dialog = FormDialog(ctx, "", rate_fields(ctx), save_rates)
    fill(dialog, team="钣喷", cost_rate="58", piece_rate="38", effective_from="2026-13-01")
    save(dialog)
    assert "时间格式" in dialog.error.text()
    fill(dialog, effective_from="2026-12-01")
    save(dialog)
    ctx.ops.wait()
    history = team_rates.team_rate_history(db)
    assert [(r.team, str(r.cost_rate), str(r.piece_rate)) for r in history] == [("钣喷", "58.00", "38.00")]
    assert history[0].effective_from == datetime(2026, 11, 30, 16, 0, tzinfo=UTC)  # 00:00 in Shanghai
    assert screen.table.rowCount() == 2  # 机修's default and 钣喷's row


def _save_settings(screen: ShopSettingsScreen, **values: str) -> None:
    screen.form.set_values(values)
    screen.save()
    screen.ctx.ops.wait()


def test_s1_settings_screen_saves_days_closing_time_and_threshold(  # type: ignore[no-untyped-def]
        qtbot, db: Database, make_ctx: Callable[[Role], AppContext]) -> None:
    ctx = make_ctx(Role.ADMIN)
    screen = ShopSettingsScreen(ctx)
    qtbot.addWidget(screen)
    ctx.ops.wait()
    assert screen.form.values()["claim_overdue_days"] == "14"
    _save_settings(screen, closing_time="25:00")
    assert "下班时间" in screen.error.text()
    assert settings.current_settings(db)["closing_time"] == "18:00"
    screen.form.set_values({"closing_time": "17:30", "return_visit_days": "2", "claim_director_threshold": "8000"})
    screen.save()
    ctx.ops.wait()
    current = settings.current_settings(db)
    assert (current["closing_time"], current["return_visit_days"]) == ("17:30", "2")
    assert claim_threshold_now(ctx) == Decimal("8000.00")


def test_s1_settings_save_is_one_transaction_a_bad_threshold_writes_nothing(  # type: ignore[no-untyped-def]
        qtbot, db: Database, make_ctx: Callable[[Role], AppContext]) -> None:
    """One user action = one transaction (issue 22): the days, the intervals (R2) and the C2 threshold together."""
    ctx = make_ctx(Role.ADMIN)
    screen = ShopSettingsScreen(ctx)
    qtbot.addWidget(screen)
    heard: list[object] = []
    assert ctx.ops.wait()
    ctx.ops.records_changed.connect(heard.append)
    _save_settings(screen, return_visit_days="2", service_interval="6/7500", claim_director_threshold="-5")
    assert screen.error.text()  # the limit's sentence
    current = settings.current_settings(db)
    assert (current["return_visit_days"], current["service_interval"]) != ("2", "6/7500")
    assert heard == []  # nothing committed, nothing broadcast
    _save_settings(screen, claim_director_threshold="9000")
    current = settings.current_settings(db)
    assert (current["return_visit_days"], current["service_interval"]) == ("2", "6/7500")
    assert claim_threshold_now(ctx) == Decimal("9000.00")
    assert len(heard) == 1  # one job, one change set broadcast


def test_s1_part_entered_by_hand_on_screen_with_unit_and_flags(  # type: ignore[no-untyped-def]
        qtbot, db: Database, make_ctx: Callable[[Role], AppContext]) -> None:
    ctx = make_ctx(Role.PARTS_CLERK)
    suppliers.add_supplier(db.uow(), ctx.actor, name="壳牌（中国）")
    screen = PartsCatalogScreen(ctx)
    qtbot.addWidget(screen)
    ctx.ops.wait()
    dialog = add_part_dialog(ctx, screen)
    assert dialog.widgets["part_no"].isEnabled()
    fill(dialog, part_no="g052195m4", name="全合成机油 5W-30", price="98", unit="升", min_stock="20",
         supplier="壳牌（中国）")
    dialog.widgets["is_consumable"].setChecked(True)  # type: ignore[attr-defined]
    save(dialog)
    assert dialog.result() == FormDialog.DialogCode.Accepted, dialog.error.text()
    ctx.ops.wait()
    assert screen.table.rowCount() == 1 and screen.table.item(0, 2).text() == "升"
    info = parts_catalog.part_details(db, screen.rows[0].part_id)
    assert (info.is_consumable, info.old_for_new, info.supplier, info.min_stock) == (True, False, "壳牌（中国）",
                                                                                      Decimal("20.00"))
    edit = edit_part_dialog(ctx, info, screen)
    assert not edit.widgets["part_no"].isEnabled()
    edit.widgets["old_for_new"].setChecked(True)  # type: ignore[attr-defined]
    fill(edit, unit="桶")
    save(edit)
    assert parts_catalog.part_details(db, info.id).old_for_new and parts_catalog.part_details(db, info.id).unit == "桶"


def test_s1_suppliers_and_bins_screens(qtbot, db: Database,  # type: ignore[no-untyped-def]
                                       make_ctx: Callable[[Role], AppContext]) -> None:
    ctx = make_ctx(Role.ADMIN)
    sup = SuppliersScreen(ctx)
    bins = BinsScreen(ctx)
    qtbot.addWidget(sup)
    qtbot.addWidget(bins)
    dialog = FormDialog(ctx, "", SUPPLIER_FIELDS, suppliers.add_supplier)
    fill(dialog, name="广州骏达汽配", contact="李生", phone="13800001111", terms="月结 30 天")
    save(dialog)
    ctx.ops.wait()
    assert sup.table.rowCount() == 1 and sup.table.item(0, 3).text() == "月结 30 天"
    dialog = FormDialog(ctx, "", BIN_FIELDS, suppliers.add_bin)
    fill(dialog, code="a-01-01", description="A区 1号货架 第1层")
    save(dialog)
    ctx.ops.wait()
    assert bins.table.rowCount() == 1 and bins.table.item(0, 0).text() == "A-01-01"


def test_s1_purchase_order_screen_orders_from_a_listed_supplier(  # type: ignore[no-untyped-def]
        qtbot, db: Database, make_ctx: Callable[[Role], AppContext]) -> None:
    ctx = make_ctx(Role.PARTS_CLERK)
    suppliers.add_supplier(db.uow(), ctx.actor, name="一汽-大众", is_manufacturer=True)
    parts_catalog.add_part(db.uow(), ctx.actor, part_no="5QD698151", name="前刹车片", price="480")
    screen = PurchaseOrdersScreen(ctx)
    qtbot.addWidget(screen)
    ctx.ops.wait()
    dialog = PurchaseOrderDialog(ctx, screen)
    assert dialog.supplier.itemData(0) == "一汽-大众"
    dialog.set_line(0, "5QD698151", "abc", "300")
    dialog.save()
    assert "数字" in dialog.error.text()
    dialog.set_line(0, "5QD698151", "4", "300")
    dialog.save()
    ctx.ops.wait()
    assert dialog.result_info is not None and dialog.result_info.supplier == "一汽-大众"
    ctx.ops.wait()
    assert screen.table.rowCount() == 1 and screen.table.item(0, 6).text() == "1200.00"
    screen.table.selectRow(0)
    screen.cancel()
    ctx.ops.wait()
    assert screen.table.rowCount() == 0
