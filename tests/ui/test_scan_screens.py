"""The one scan path on the other screens that take scans (P8): the stock screen finds and selects a scanned
part, the stocktake dialog counts a piece per scan, receiving loads a scanned purchase order and adds scanned
parts to a delivery note. Keys are sent as a scanner sends them (tests/helpers/keys.py): Shift before capitals,
CapsLock, Tab suffix; a refusal is the red banner with its sound."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from tests.helpers import parts_data as pd
from tests.helpers.keys import ime_commit, ime_preedit, scan
from ui.context import AppContext
from ui.parts_counter.receive_dialog import ReceiveDialog
from ui.parts_counter.stock_screen import StockScreen
from ui.parts_counter.stocktake_dialog import StocktakeDialog
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.queries.stock import part_by_scan
from workshop.services.stock import ReceiptLine

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # shown offscreen: it cannot size windows
EAN = pd.ean13("690123456789")


@pytest.fixture
def parts(db: Database, people: dict[Role, Actor]) -> dict[str, int]:
    clerk = people[Role.PARTS_CLERK]
    return {"toyota": pd.make_part(db, clerk, "90915-0T860", stock="5", barcode=EAN, bin_code="B-02-01"),
            "nissan": pd.make_part(db, clerk, "08823-YZZT3", name="空调滤芯", stock="2")}


def test_p8_a_part_scanned_on_the_stock_screen_is_found_and_selected(
    qtbot, db: Database, parts: dict[str, int], make_ctx: Callable[[Role], AppContext]
) -> None:
    screen = StockScreen(make_ctx(Role.PARTS_CLERK))
    qtbot.addWidget(screen)
    screen.show()
    scan(qtbot, screen.view, "08823-YZZT3", caps_lock=True)
    assert screen.ctx.ops.wait()  # the part's row arrives from a worker
    part = screen.selected()
    assert part is not None and part.part_no == "08823-YZZT3" and screen.model.rowCount() == 1
    assert "08823-YZZT3" in screen.banner.text() and screen.banner.sounds == ["ok"]
    scan(qtbot, screen.view, "NO-SUCH-1", suffix="\t")
    assert "不认识" in screen.banner.text() and screen.banner.sounds[-1] == "refused"
    assert part_by_scan(db, EAN.upper()) is not None and part_by_scan(db, "90915-0t860") is not None
    # names are searched in Chinese: the input method stays on in the search box, and what it commits arrives
    assert screen.search.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    screen.search.clear()
    ime_preedit(screen.search, "shache")
    ime_commit(screen.search, "空调")
    assert screen.search.text() == "空调"


def test_p8_stocktake_counts_one_piece_per_scan_and_refuses_another_part(
    qtbot, db: Database, parts: dict[str, int], make_ctx: Callable[[Role], AppContext]
) -> None:
    ctx = make_ctx(Role.PARTS_CLERK)
    row = part_by_scan(db, "90915-0T860")
    assert row is not None
    dialog = StocktakeDialog(ctx, row)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.counted.text() == "5"  # whole pieces, not 5.00
    for code in ("90915-0T860", EAN, "90915-0T860"):
        scan(qtbot, dialog.reason, code)  # the focus in the reason field: still counted, nothing typed there
    assert dialog.counted_qty() == 3 and dialog.reason.text() == ""
    scan(qtbot, dialog.counted, "08823-YZZT3")
    assert dialog.counted_qty() == 3 and "不是正在盘点" in dialog.banner.text()
    assert dialog.banner.sounds == ["ok", "ok", "ok", "refused"]
    dialog.reason.setText("2 件破损")
    dialog.save()
    assert ctx.ops.wait() and pd.part(db, parts["toyota"]).on_hand == 3


def test_p8_receiving_takes_a_scanned_order_number_and_scanned_parts(
    qtbot, db: Database, parts: dict[str, int], make_ctx: Callable[[Role], AppContext]
) -> None:
    from workshop.services import purchasing
    from workshop.services.purchasing import OrderLine

    ctx = make_ctx(Role.PARTS_CLERK)
    po = purchasing.create_purchase_order(db.uow(), ctx.actor, "丰田配件中心",
                                          [OrderLine("08823-YZZT3", Decimal(4), Decimal("35"))])
    dialog = ReceiveDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    scan(qtbot, dialog.note_for_po, po.number)  # PO2...: Shift before P and O
    assert dialog.po is not None and dialog.po.number == po.number and dialog.po_table.rowCount() == 1
    assert dialog.note_for_po.text() == ""
    scan(qtbot, dialog.po_table, "08823-YZZT3", suffix="\r\t")
    assert dialog.po_table.currentRow() == 0 and dialog.banner.sounds == ["ok", "ok"]
    scan(qtbot, dialog.po_table, "90915-0T860")
    assert "不在这张采购订单上" in dialog.banner.text() and dialog.banner.sounds[-1] == "refused"

    dialog.by_note.setChecked(True)
    dialog.line_qty.setValue(2)
    scan(qtbot, dialog.supplier, EAN, keypad=True)
    scan(qtbot, dialog.supplier, "08823-yzzt3")
    assert [ln.code for ln in dialog.note_lines()] == ["90915-0T860", "08823-YZZT3"]
    assert dialog.note_lines()[0] == ReceiptLine("90915-0T860", Decimal(2), Decimal("0.00"))
    assert dialog.supplier.text() == ""
