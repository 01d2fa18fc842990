"""W7 on screen: the month's payroll summary, a technician's statement saved as PDF and Excel, the month
closed by the workshop manager, then a dated correction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from tests.helpers.clock import ShopClock
from tests.helpers.piece_rate_data import at, november
from ui.context import AppContext
from ui.front_desk import common
from ui.workshop_floor.correction_dialog import CorrectionDialog
from ui.workshop_floor.piece_rate_screen import PieceRateScreen
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.services import piece_rate

pytestmark = pytest.mark.clock


def test_w7_screen_statement_close_and_correction(qtbot: Any, make_ctx: Callable[[Role], AppContext], db: Database,
                                                  people: dict[Role, Actor], saved_files: list[str],
                                                  monkeypatch: pytest.MonkeyPatch, shop_clock: ShopClock) -> None:
    ids = november(db, people)
    shop_clock.move_to(at(2026, 12, 2, 2))  # the morning after November: the month to close
    ctx = make_ctx(Role.WORKSHOP_MANAGER)
    screen = PieceRateScreen(ctx, today=date(2026, 12, 2))
    qtbot.addWidget(screen)
    assert screen.month.currentText() == "2026-11"
    ctx.ops.wait()  # the month is computed on a worker (issue 22)
    assert {s.name: s.net for s in screen.statements}["technician"] == Decimal("63.00")
    row = next(i for i, s in enumerate(screen.statements) if s.technician_id == ids["tech"])
    screen.view.selectRow(row)
    screen.buttons["pdf"].click()
    screen.buttons["xlsx"].click()
    screen.buttons["summary_xlsx"].click()
    ctx.ops.wait(timeout_ms=20_000)
    assert saved_files == ["计件工资单_2026-11_technician.pdf", "计件工资单_2026-11_technician.xlsx",
                           "计件工资汇总_2026-11.xlsx"]
    assert not screen.buttons["correct"].isEnabled()
    monkeypatch.setattr(common, "confirm", lambda *_: True)
    screen.buttons["close"].click()
    ctx.ops.wait(timeout_ms=20_000)
    qtbot.waitUntil(lambda: screen.buttons["correct"].isEnabled(), timeout=10_000)
    screen.view.selectRow(row)
    dialog = CorrectionDialog(ctx, screen.selected() or screen.statements[row], parent=screen)
    dialog.amount.setText("-3")
    dialog.reason.setText("多算了半小时")
    dialog.save()
    ctx.ops.wait(timeout_ms=20_000)
    assert piece_rate.statement_of(db, "2026-11", ids["tech"]).net == Decimal("60.00")
