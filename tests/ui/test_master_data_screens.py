"""S1: the master-data screens of Administration at work — each writes through its service, refusals show the
service's sentence in the dialog and nothing is written."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QLineEdit

from ui.admin.labor_catalog import LaborCatalogScreen, add_operation_dialog
from ui.admin.master_form import FormDialog
from ui.context import AppContext
from workshop.db.uow import Database
from workshop.domain.roles import Role
from workshop.services import labor_catalog


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
