"""The cashier's screen (M1/M2): a scanned work order shows the bill and what is owed; two tenders on one
receipt with cash change; overpayment refused with its sentence; the receipt PDF; a same-day void."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from unittest.mock import patch

from tests.helpers import cashier_data as cd
from tests.helpers.clock import ShopClock
from ui.cashier.screen import CashierScreen
from ui.context import AppContext
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role


def test_m2_cashier_screen_takes_two_tenders_prints_and_voids(
    qtbot: object, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext], tmp_path: Path
) -> None:
    wo = cd.settled_order(db, people)
    ctx = make_ctx(Role.CASHIER)
    screen = CashierScreen(ctx)
    qtbot.addWidget(screen)  # type: ignore[attr-defined]
    assert ctx.ops.wait()  # the waiting list is read off the GUI thread
    assert screen.waiting.rowCount() == 1 and screen.waiting.item(0, 0).text() == wo.number
    screen.open_bill("SK-NO-SUCH")
    assert "找不到工单" in screen.message.text()
    screen.scan.setText(wo.number.lower())
    screen.scan.returnPressed.emit()
    assert screen.current is not None and "尚欠 ¥168.00" in screen.owed.text()
    assert screen.amount.text() == "168.00"

    screen.amount.setText("500")
    screen.take_payment()
    ctx.ops.wait()
    assert "不能多收" in screen.message.text() and cd.paid_sum(db, wo.number) == 0

    screen.method.setCurrentIndex(screen.method.findData("cash"))
    screen.amount.setText("100")
    screen.tendered.setText("200")
    screen.add_tender()
    screen.method.setCurrentIndex(screen.method.findData("wechat"))
    screen.amount.setText("68")
    screen.reference.setText("4200001234")
    screen.take_payment()
    ctx.ops.wait()
    assert "找零 ¥100.00" in screen.message.text() and "尚欠 ¥0.00" in screen.message.text()
    assert cd.paid_sum(db, wo.number) == Decimal("168.00")
    assert screen.payments.rowCount() == 2 and screen.waiting.rowCount() == 0
    receipt = screen.payments.item(0, 0).text()

    pdf = tmp_path / "r.pdf"
    screen.write_receipt(receipt, str(pdf))
    ctx.ops.wait()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "收款收据" in text and "壹佰陆拾捌元整" in text and receipt in text and "4200001234" in text

    screen.payments.selectRow(0)
    with patch("ui.cashier.screen.QInputDialog.getText", return_value=("收错工单", True)):
        screen.void_receipt()
    ctx.ops.wait()
    assert "已作废" in screen.message.text() and cd.paid_sum(db, wo.number) == 0
    assert screen.payments.rowCount() == 4


def test_m4_the_cashier_prints_the_pass_and_the_gate_scans_it(
    qtbot: object, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext], tmp_path: Path
) -> None:
    from ui.cashier.gate import GateScreen
    from workshop.services import front_desk

    wo = cd.settled_order(db, people)
    ctx = make_ctx(Role.CASHIER)
    screen = CashierScreen(ctx)
    qtbot.addWidget(screen)  # type: ignore[attr-defined]
    screen.open_bill(wo.number)
    assert not screen.pass_btn.isEnabled()  # not paid yet
    screen.take_payment()
    ctx.ops.wait()
    assert screen.pass_btn.isEnabled()
    pdf = tmp_path / "gp.pdf"
    screen.write_gate_pass(wo.number, str(pdf))
    ctx.ops.wait()
    assert "放行条 FX" in screen.message.text() and pdf.stat().st_size > 0
    code = screen.message.text().split()[1]

    gate = GateScreen(ctx)
    qtbot.addWidget(gate)  # type: ignore[attr-defined]
    gate.scan.setText("FX9900-0001")
    gate.scan.returnPressed.emit()
    ctx.ops.wait()
    assert "找不到放行条" in gate.result.text()
    gate.scan.setText(code.lower())
    gate.scan.returnPressed.emit()
    ctx.ops.wait()
    assert "已交车" in gate.result.text() and gate.released.count() == 1
    assert front_desk.get_work_order(db, wo.number).state == "delivered"


def test_m6_the_day_close_dialog_closes_the_day_with_the_counted_cash(
    qtbot: object, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext], tmp_path: Path,
    shop_clock: ShopClock,
) -> None:
    from ui.cashier.day_close_dialog import DayCloseDialog
    from workshop.services import cashier

    shop_clock.move_to(datetime(2026, 3, 10, 2, 0, tzinfo=UTC))
    wo = cd.settled_order(db, people)
    cashier.take_payment(db.uow(), people[Role.CASHIER], wo.number, [cashier.Tender("cash", "168")])
    ctx = make_ctx(Role.CASHIER)
    dialog = DayCloseDialog(ctx)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    assert "应有现金 ¥168.00" in dialog.report.text()
    dialog.counted.setText("160")
    dialog.close_day()
    ctx.ops.wait()
    assert "请写明原因" in dialog.message.text()
    dialog.reason.setText("少了 8 元，待查")
    dialog.close_day()
    ctx.ops.wait()
    assert "已日结" in dialog.message.text() and not dialog.close_btn.isEnabled()
    dialog.write_files(str(tmp_path / "d.pdf"))
    ctx.ops.wait()
    assert (tmp_path / "d.pdf").stat().st_size > 0 and (tmp_path / "d.xlsx").stat().st_size > 0


def test_m7_the_invoice_dialog_requests_and_records_the_invoice_number(
    qtbot: object, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext]
) -> None:
    from ui.cashier.invoice_dialog import InvoiceDialog

    wo = cd.settled_order(db, people)
    ctx = make_ctx(Role.CASHIER)
    dialog = InvoiceDialog(ctx, wo.number)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    assert dialog.amount.text() == "168.00"
    dialog.title.setText("张伟")
    dialog.request()
    ctx.ops.wait()
    assert "已申请开票" in dialog.message.text() and "待开票" in dialog.existing.text()
    dialog.invoice_no.setText("04400999")
    dialog.record()
    ctx.ops.wait()
    assert "已开票 04400999" in dialog.message.text()
    screen = CashierScreen(ctx)
    qtbot.addWidget(screen)  # type: ignore[attr-defined]
    screen.open_bill(wo.number)
    assert "已开票" in screen.header.text()
