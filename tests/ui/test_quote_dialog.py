"""P3 on screen: the advisor writes the accident quote in its dialog from the work order window, the front-desk
lead signs it there; a supplemental part shows as a new revision to sign; an advisor sees no sign button."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.unit.master_data.test_p3_quotes import accident_job
from ui.context import AppContext
from ui.front_desk.quote_dialog import QuoteDialog
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.services import front_desk, quotes


def _dialog(qtbot, ctx: AppContext, number: str) -> QuoteDialog:  # type: ignore[no-untyped-def]
    dialog = QuoteDialog(ctx, number)
    qtbot.addWidget(dialog)
    ctx.ops.wait()
    return dialog


def _click(qtbot, dialog: QuoteDialog, key: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.buttons[key], Qt.MouseButton.LeftButton)
    dialog.ctx.ops.wait()


def test_p3_quote_dialog_writes_signs_and_supplements(qtbot, db: Database, people: dict[Role, Actor],  # type: ignore[no-untyped-def]
                                                      make_ctx: Callable[[Role], AppContext],
                                                      monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    wo = accident_job(db, people)
    advisor = make_ctx(Role.ADVISOR)
    dialog = _dialog(qtbot, advisor, wo.number)
    assert "还没有报价单" in dialog.status.text()
    assert not dialog.buttons["sign"].isVisibleTo(dialog)
    dialog.insurer.setText("中国平安财险")
    dialog.assessment_no.setText("PA-2026-001")
    dialog.deductible.setText("300")
    _click(qtbot, dialog, "save_head")
    dialog.code.setText("bp0101")
    _click(qtbot, dialog, "add_labor")
    dialog.code.setText("3G0807221")
    _click(qtbot, dialog, "add_part")
    dialog.code.setText("NO-SUCH")
    _click(qtbot, dialog, "add_part")
    assert "NO-SUCH" in dialog.error.text()
    assert dialog.table.rowCount() == 2 and dialog.table.item(1, 8).text() == "待签"
    assert "2,430.00" in dialog.totals.text() and "客户 ¥300.00" in dialog.totals.text()

    lead = make_ctx(Role.FRONT_DESK_LEAD)
    signing = _dialog(qtbot, lead, wo.number)
    assert signing.buttons["sign"].isEnabled()
    _click(qtbot, signing, "sign")
    assert "已由 front_desk_lead" in signing.status.text() and not signing.buttons["sign"].isEnabled()
    assert len(front_desk.get_work_order(db, wo.number).part_lines) == 1

    dialog.refresh()
    advisor.ops.wait()
    dialog.code.setText("3G1941005")
    _click(qtbot, dialog, "add_part")
    assert "第 2 版待签字" in dialog.status.text()
    dialog.table.selectRow(0)
    _click(qtbot, dialog, "remove")
    assert "已签字" in dialog.error.text()
    q = quotes.quote_of(db, wo.number)
    assert q is not None and (q.revision, q.signed_revision) == (2, 1)

    from ui.front_desk import work_order_actions
    opened: list[Any] = []
    monkeypatch.setattr(work_order_actions, "open_file", opened.append)
    _click(qtbot, dialog, "print")
    assert opened and opened[0].read_bytes().startswith(b"%PDF")
    assert q.split.total == Decimal("6410.00")


def test_p3_work_order_window_opens_the_quote_only_for_an_accident_job(  # type: ignore[no-untyped-def]
        qtbot, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.front_desk.work_order_view import WorkOrderWindow

    ctx = make_ctx(Role.ADVISOR)
    shown: list[str] = []
    monkeypatch.setattr(QuoteDialog, "exec", lambda self: shown.append(self.number) or 0)
    accident = accident_job(db, people)
    general = accident_job(db, people, kind="general")
    for wo, enabled in ((accident, True), (general, False)):
        window = WorkOrderWindow(ctx, wo.number)
        qtbot.addWidget(window)
        ctx.ops.wait()
        assert window.buttons["quote"].isEnabled() is enabled
        if enabled:
            qtbot.mouseClick(window.buttons["quote"], Qt.MouseButton.LeftButton)
    assert shown == [accident.number]
