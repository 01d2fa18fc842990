"""M3/M5 on screen: the receivables list moved through approve → paid and reject → write-off request; the
account tab where the director sets a limit, the cashier takes an account payment, and the statement PDF."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from unittest.mock import patch

from PySide6.QtWidgets import QDialog

from tests.helpers import cashier_data as cd
from tests.helpers import front_desk_data as fd
from ui.cashier.receivables import ReceivablesScreen
from ui.context import AppContext
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.queries.receivables import receivables_list


def _answers(*values: str) -> object:
    it = iter(values)
    return patch("ui.cashier.receivables.QInputDialog.getText", side_effect=lambda *a, **k: (next(it), True))


def test_m5_the_screen_moves_a_receivable_from_billed_to_paid(qtbot: object, db: Database,
                                                             people: dict[Role, Actor],
                                                             make_ctx: Callable[[Role], AppContext]) -> None:
    cd.accident_settled(db, people)
    ctx = make_ctx(Role.CASHIER)
    screen = ReceivablesScreen(ctx)
    qtbot.addWidget(screen)  # type: ignore[attr-defined]
    screen.reload()
    ctx.ops.wait()  # read on a worker
    assert screen.recs.rowCount() == 1 and screen.recs.item(0, 2).text() == "平安保险"
    assert "¥130.00" in screen.aging.text()
    screen.recs.selectRow(0)
    with _answers("200"):
        screen.approve()
    ctx.ops.wait()
    assert "不能超过" in screen.message.text()
    with _answers("120"):
        screen.approve()
    ctx.ops.wait()
    screen.recs.selectRow(0)
    with _answers("120", "PA-01"):
        screen.pay()
    ctx.ops.wait()
    assert "已回款" in screen.message.text() and screen.recs.rowCount() == 0  # open only: gone
    (info, _), = receivables_list(db)
    assert info.paid_amount == Decimal("120.00")


def test_m3_the_director_sets_a_limit_and_the_statement_is_saved(qtbot: object, db: Database,
                                                                 people: dict[Role, Actor],
                                                                 make_ctx: Callable[[Role], AppContext],
                                                                 tmp_path: Path) -> None:
    shop = fd.add_shop(db, people)
    cd.settled_order(db, people, shop)
    ctx = make_ctx(Role.SERVICE_DIRECTOR)
    screen = ReceivablesScreen(ctx)
    qtbot.addWidget(screen)  # type: ignore[attr-defined]
    with _answers("13800138000", "2000"):
        screen.set_limit()
    ctx.ops.wait()
    assert "¥2,000.00" in screen.message.text() and screen.accounts.rowCount() == 1
    assert screen.accounts.item(0, 3).text() == "¥168.00"
    screen.accounts.selectRow(0)
    pdf = tmp_path / "st.pdf"
    from workshop.domain.clock import to_shop, utcnow

    today = to_shop(utcnow()).date()
    with _answers(f"{today:%Y-%m}"), patch("ui.widgets.save_pdf.ask_save_path", return_value=pdf):
        screen.statement()
    ctx.ops.wait()
    assert pdf.exists() and pdf.with_suffix(".xlsx").exists() and "¥168.00" in screen.message.text()


def test_m3_m5_the_cashier_screen_shows_the_account_credit_and_the_rebilled_part(
        qtbot: object, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext]) -> None:
    from ui.cashier.screen import CashierScreen
    from workshop.services import accounts, receivables

    shop = fd.add_shop(db, people)
    wo = cd.accident_settled(db, people, shop)
    accounts.set_account(db.uow(), people[Role.SERVICE_DIRECTOR], shop.customer.id, credit_limit="500")
    (info, _), = receivables_list(db)
    receivables.reject(db.uow(), people[Role.CASHIER], info.id, reason="超出保险责任")
    receivables.rebill_customer(db.uow(), people[Role.CASHIER], info.id)
    screen = CashierScreen(make_ctx(Role.CASHIER))
    qtbot.addWidget(screen)  # type: ignore[attr-defined]
    screen.open_bill(wo.number)
    assert "可用额度 ¥332.00" in screen.header.text()  # 500 − (38 + the 130 refused by the insurer)
    assert "客户应付 ¥168.00" in screen.owed.text() and "尚欠 ¥168.00" in screen.owed.text()


def test_m3_the_cashier_pays_the_orders_the_account_names_on_screen(qtbot: object, db: Database,
                                                                     people: dict[Role, Actor],
                                                                     make_ctx: Callable[[Role], AppContext]) -> None:
    """Not oldest first: the cashier ticks the newer order in the dialog and the payment goes there."""
    from PySide6.QtCore import Qt

    from tests.helpers.cashier_data import paid_sum
    from ui.cashier.allocation_dialog import AllocationDialog
    from workshop.services import accounts, cashier_gate

    shop = fd.add_shop(db, people)
    accounts.set_account(db.uow(), people[Role.SERVICE_DIRECTOR], shop.customer.id, credit_limit="1000")
    numbers = []
    for _ in range(2):
        wo = cd.settled_order(db, people, shop)
        cashier_gate.scan_gate_pass(db.uow(), people[Role.CASHIER],
                                    cashier_gate.issue_gate_pass(db.uow(), people[Role.CASHIER], wo.number).code)
        numbers.append(wo.number)
    old, new = numbers
    ctx = make_ctx(Role.CASHIER)
    screen = ReceivablesScreen(ctx)
    qtbot.addWidget(screen)  # type: ignore[attr-defined]
    screen.reload_accounts()
    screen.accounts.selectRow(0)

    def tick_the_newer(dialog: AllocationDialog) -> QDialog.DialogCode:
        assert [dialog.list.item(i).text().split()[0] for i in range(dialog.list.count())] == [old, new]
        dialog.list.item(1).setCheckState(Qt.CheckState.Checked)
        return QDialog.DialogCode.Accepted

    with patch.object(AllocationDialog, "exec", tick_the_newer), _answers("100", "TR-88"):
        screen.take_payment_for_chosen()
    ctx.ops.wait()
    assert new in screen.message.text() and old not in screen.message.text(), screen.message.text()
    assert paid_sum(db, old) == Decimal(0) and paid_sum(db, new) == Decimal("100.00")


def test_m3_the_accounts_are_found_by_name_pinyin_or_phone_and_the_owing_ones_shown_alone(
        qtbot: object, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext]) -> None:
    """The 挂账单位 tab of a shop with many accounts: a name composed by the input method, pinyin initials typed
    as keys, a phone tail, 只看有欠款; the summary counts every account whatever the filter shows."""
    from PySide6.QtCore import Qt

    from tests.helpers.keys import ime_commit, ime_preedit, press, type_like_person
    from workshop.services import accounts, cashier_gate, front_desk

    shop = fd.add_shop(db, people)  # 张伟, 13800138000
    director = people[Role.SERVICE_DIRECTOR]
    accounts.set_account(db.uow(), director, shop.customer.id, credit_limit="1000")
    for name, phone in (("顺丰速运", "13911112222"), ("广州出租", "13922223333")):
        other = front_desk.add_customer(db.uow(), people[Role.ADVISOR], name=name, phone=phone)
        accounts.set_account(db.uow(), director, other.id, credit_limit="5000")
    wo = cd.settled_order(db, people, shop)
    cashier_gate.scan_gate_pass(db.uow(), people[Role.CASHIER],
                                cashier_gate.issue_gate_pass(db.uow(), people[Role.CASHIER], wo.number).code)
    ctx = make_ctx(Role.CASHIER)
    screen = ReceivablesScreen(ctx)
    qtbot.addWidget(screen)  # type: ignore[attr-defined]
    screen.reload()
    ctx.ops.wait()

    def shown() -> list[str]:
        return [screen.accounts.item(r, 0).text() for r in range(screen.accounts.rowCount())]

    assert sorted(shown()) == sorted(["张伟", "顺丰速运", "广州出租"])
    assert "3 个挂账单位，1 个有欠款，合计 ¥168.00" in screen.account_count.text()
    field = screen.account_filter
    ime_preedit(field, "shunfeng")  # composing: nothing typed yet
    ime_commit(field, "顺丰")
    assert shown() == ["顺丰速运"]
    field.clear()
    type_like_person(qtbot, field, "gzcz", gaps=(5, 10))
    assert shown() == ["广州出租"]
    field.selectAll()
    press(field, Qt.Key.Key_Backspace, gap_ms=5)
    type_like_person(qtbot, field, "1111", gaps=(5, 10))  # a phone's digits
    assert shown() == ["顺丰速运"]
    screen.accounts.selectRow(0)  # the row chosen is the account shown, not the first of the whole list
    assert screen._account() == next(a.customer_id for a in screen.all_accounts if a.customer_name == "顺丰速运")
    field.clear()
    screen.owing_only.setChecked(True)
    assert shown() == ["张伟"] and "3 个挂账单位" in screen.account_count.text()
