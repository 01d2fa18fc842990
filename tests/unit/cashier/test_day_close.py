"""M6: the shift report — receipts per method, voids, deposits taken / refunded / applied — the counted cash
with its difference and reason; days close in order; a closed day's payments never change."""

from __future__ import annotations

import subprocess
import zipfile
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from tests.helpers import cashier_data as cd
from tests.helpers import front_desk_data as fd
from tests.helpers.clock import ShopClock
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput, PermissionDenied, RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.printing.day_close import day_close_files
from workshop.queries.cashier import bill
from workshop.services import cashier, cashier_day
from workshop.services.cashier import Tender

D = Decimal
DAY1 = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)  # 10:00 in the shop


def _day_of_payments(db: Database, people: dict[Role, Actor], shop_clock: ShopClock) -> tuple[str, str]:
    shop_clock.move_to(DAY1)
    shop = fd.add_shop(db, people)
    a = cd.settled_order(db, people, shop).number
    b = cd.settled_order(db, people, shop).number
    c_ = people[Role.CASHIER]
    cashier.take_payment(db.uow(), c_, a, [Tender("cash", "100", tendered="200"), Tender("wechat", "68")])
    r = cashier.take_payment(db.uow(), c_, b, [Tender("cash", "168")]).receipt_no
    cashier.void_receipt(db.uow(), c_, r, reason="收错")
    cashier.take_payment(db.uow(), c_, b, [Tender("card", "168", reference="POS77")])
    return a, b


def test_m6_the_shift_report_counts_receipts_per_method_and_voids(db: Database, people: dict[Role, Actor],
                                                                  shop_clock: ShopClock) -> None:
    _day_of_payments(db, people, shop_clock)
    r = cashier_day.day_report(db, date(2026, 3, 10))
    lines = {m.method: (m.receipts, m.taken, m.voided, m.net) for m in r.methods}
    assert lines == {"cash": (2, D("268.00"), D("-168.00"), D("100.00")), "wechat": (1, D("68.00"), D(0), D("68.00")),
                     "card": (1, D("168.00"), D(0), D("168.00"))}
    assert r.voids == 1 and r.expected_cash == D("100.00") and r.total_net == D("336.00")
    assert r.closed_at is None


def test_m6_counted_cash_with_a_difference_needs_a_reason_and_the_day_then_takes_nothing(
    db: Database, people: dict[Role, Actor], shop_clock: ShopClock, tmp_path: Path
) -> None:
    _a, b = _day_of_payments(db, people, shop_clock)
    c_ = people[Role.CASHIER]
    day = date(2026, 3, 10)
    with pytest.raises(InvalidInput, match="请写明原因"):
        cashier_day.close_day(db.uow(), c_, day, counted_cash="90")
    for bad in ("-1", "NaN", "abc"):
        with pytest.raises(InvalidInput):
            cashier_day.close_day(db.uow(), c_, day, counted_cash=bad)
    with pytest.raises(PermissionDenied):
        cashier_day.close_day(db.uow(), people[Role.ADVISOR], day, counted_cash="100")
    with pytest.raises(RuleViolation, match="还没有到"):
        cashier_day.close_day(db.uow(), c_, day + timedelta(days=1), counted_cash="0")
    r = cashier_day.close_day(db.uow(), c_, day, counted_cash="90", reason="找零少找 10 元，已追回登记")
    assert r.difference == D("-10.00") and r.counted_cash == D("90.00") and r.closed_by == c_.display_name
    with pytest.raises(RuleViolation, match="已经日结"):
        cashier_day.close_day(db.uow(), c_, day, counted_cash="100")
    with pytest.raises(RuleViolation, match="已日结"):
        cashier.take_payment(db.uow(), c_, b, [Tender("cash", "1")])
    day_close_files(db, day, tmp_path / "d.pdf", tmp_path / "d.xlsx")
    text = subprocess.run(["pdftotext", str(tmp_path / "d.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "收银日结单" in text and "¥-10.00" in text and "找零少找" in text and "银行卡" in text
    with zipfile.ZipFile(tmp_path / "d.xlsx") as z:
        sheet = z.read("xl/sharedStrings.xml").decode()
    assert "收银日结单 2026-03-10" in sheet and "现金" in sheet


def test_m6_days_close_in_order_and_a_closed_days_receipt_is_corrected_by_a_new_entry(
    db: Database, people: dict[Role, Actor], shop_clock: ShopClock
) -> None:
    a, _b = _day_of_payments(db, people, shop_clock)
    shop_clock.move_to(DAY1 + timedelta(days=1))
    c_ = people[Role.CASHIER]
    with pytest.raises(RuleViolation, match="请先日结 2026-03-10"):
        cashier_day.close_day(db.uow(), c_, date(2026, 3, 11), counted_cash="0")
    cashier_day.close_day(db.uow(), c_, date(2026, 3, 10), counted_cash="100")
    before = cashier_day.day_report(db, date(2026, 3, 10))
    receipt = bill(db, a).payments[0].receipt_no
    v = cashier.void_receipt(db.uow(), people[Role.SERVICE_DIRECTOR], receipt, reason="客户投诉退款")
    assert v.amount == D("168.00")
    assert cashier_day.day_report(db, date(2026, 3, 10)) == before  # the closed day never changes
    later = cashier_day.day_report(db, date(2026, 3, 11))
    assert {m.method: m.net for m in later.methods} == {"cash": D("-100.00"), "wechat": D("-68.00")}
    assert later.expected_cash == D("-100.00")
    cashier_day.close_day(db.uow(), c_, date(2026, 3, 11), counted_cash="0", reason="退款现金100元已付客户")


def test_m6_the_day_is_closed_from_the_command_line(db: Database, people: dict[Role, Actor], shop_clock: ShopClock,
                                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from tests.helpers.people import PASSWORD
    from workshop.cli import main

    _day_of_payments(db, people, shop_clock)
    monkeypatch.setenv("WORKSHOP_PASSWORD", PASSWORD)
    assert main(["--db", db.url, "day-close", "--day", "2026-03-10", "--pdf", str(tmp_path / "d.pdf")]) == 0
    assert "expected_cash\t100.00\topen" in capsys.readouterr().out
    assert main(["--db", db.url, "day-close", "--day", "2026-03-10", "--close", "--counted", "100",
                 "--user", "cashier", "--xlsx", str(tmp_path / "d.xlsx")]) == 0
    assert "closed" in capsys.readouterr().out and (tmp_path / "d.xlsx").exists()
    assert main(["--db", db.url, "day-close", "--day", "10/03/2026"]) == 2
