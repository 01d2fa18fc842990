"""Several rows selected on the stock screen or the tool register print as one label batch; receiving prints
one label batch with a copy per piece received."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QItemSelectionModel

from tests.helpers import parts_data as pd
from tests.helpers.claims_tools_data import make_tool
from ui.context import AppContext
from ui.parts_counter.stock_screen import StockScreen
from ui.tools.screen import ToolsScreen
from ui.widgets import label_preview
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[label_preview.LabelPreviewDialog]:
    seen: list[label_preview.LabelPreviewDialog] = []

    def fake_exec(dialog: label_preview.LabelPreviewDialog) -> int:
        seen.append(dialog)
        dialog.ctx.ops.wait()
        return 0

    monkeypatch.setattr(label_preview.LabelPreviewDialog, "exec", fake_exec)
    return seen


def _select_rows(view: object, rows: list[int]) -> None:
    sel = view.selectionModel()  # type: ignore[attr-defined]
    model = view.model()  # type: ignore[attr-defined]
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    view.setCurrentIndex(model.index(rows[0], 0))  # type: ignore[attr-defined]
    for r in rows:
        sel.select(model.index(r, 0), flags)


def test_t1_stock_screen_prints_every_selected_part_as_one_batch(
        qtbot, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext],
        opened: list[label_preview.LabelPreviewDialog]) -> None:
    clerk = people[Role.PARTS_CLERK]
    ids = [pd.make_part(db, clerk, f"08823-YZZT{i}", stock="2") for i in range(3)]
    screen = StockScreen(make_ctx(Role.PARTS_CLERK))
    qtbot.addWidget(screen)
    assert screen.ctx.ops.wait()  # the list arrives from a worker
    _select_rows(screen.view, [0, 2])
    screen.btn_labels.click()
    assert len(opened) == 1
    assert opened[0].ids == [ids[0], ids[2]] and len(opened[0].contents) == 2


def test_t1_tool_register_prints_every_selected_tool_as_one_batch(
        qtbot, db: Database, make_ctx: Callable[[Role], AppContext],
        opened: list[label_preview.LabelPreviewDialog]) -> None:
    ids = [make_tool(db, code) for code in ("VAS-6150", "T10064", "SST-09")]
    screen = ToolsScreen(make_ctx(Role.PARTS_CLERK))
    qtbot.addWidget(screen)
    screen.tabs.setCurrentIndex(screen.tabs.indexOf(screen.register_view.parentWidget()))
    _select_rows(screen.register_view, [0, 1, 2])
    screen.btn_label.click()
    assert len(opened) == 1
    assert sorted(opened[0].ids or []) == sorted(ids) and len(opened[0].batch) == 3


def test_t1_receiving_prints_one_batch_with_a_copy_per_piece(
        qtbot, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext],
        opened: list[label_preview.LabelPreviewDialog]) -> None:
    from decimal import Decimal

    from ui.parts_counter.receive_dialog import ReceiveDialog
    from workshop.services import stock
    from workshop.services.stock import ReceiptLine

    clerk = people[Role.PARTS_CLERK]
    first = pd.make_part(db, clerk, "06L115562B", stock="1")
    second = pd.make_part(db, clerk, "90915-0T860", stock="1")
    result = stock.receive_delivery_note(db.uow(), clerk, "SH-9", "一汽-大众配件中心",
                                         [ReceiptLine("06L115562B", Decimal(3), Decimal("56.00")),
                                          ReceiptLine("90915-0T860", Decimal(1), Decimal("20.00"))])
    dialog = ReceiveDialog(make_ctx(Role.PARTS_CLERK))
    qtbot.addWidget(dialog)
    dialog.print_labels(result)
    assert len(opened) == 1
    assert opened[0].ids == [first, second] and [n for _, n in opened[0].batch] == [3, 1]
