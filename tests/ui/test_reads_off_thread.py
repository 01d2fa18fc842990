"""Issue 22 (the runner): the reads that can take longer than ~20 ms on the large demo run on a worker through
QueryOp - the work order window's load, the QC detail, the approvals inbox, the audit page, the parts counter's
awaiting-parts list - and arrive on the GUI thread; a write made through the runner (ops.run_service) is one
transaction whose change set is broadcast, so an open screen showing that record refreshes by itself."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from tests.helpers import parts_data as pd
from tests.helpers.numbers import numbered
from tests.ui.test_master_data_screens import fill, save
from ui.admin.audit import AuditScreen
from ui.admin.master_form import FormDialog
from ui.admin.parts_catalog import SUPPLIER_FIELDS, SuppliersScreen
from ui.approvals.screen import ApprovalsScreen
from ui.context import AppContext
from ui.front_desk import work_order_view
from ui.parts_counter.counter_screen import PartsCounterScreen
from ui.quality import qc
from workshop.db.uow import Database
from workshop.domain.changes import ChangeSet, RecordKind
from workshop.domain.roles import Actor, Role
from workshop.domain.work_order import State
from workshop.queries import approvals as approvals_q
from workshop.queries import audit as audit_q
from workshop.queries import stock as stock_q
from workshop.services import suppliers

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")
TOYOTA = "90915-0T860"


def _on_worker(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[bool]:
    """Wrap module.name to record, per call, whether it ran on a thread other than the GUI thread."""
    original = getattr(module, name)
    seen: list[bool] = []

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(threading.current_thread() is not threading.main_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return seen


def test_issue22_work_order_window_loads_on_a_worker_and_shows_it_when_it_arrives(  # type: ignore[no-untyped-def]
        qtbot, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext],
        monkeypatch: pytest.MonkeyPatch) -> None:
    part_id = pd.make_part(db, people[Role.PARTS_CLERK], TOYOTA, stock="10")
    wo = numbered(db, pd.make_work_order(db, people[Role.ADVISOR], [(part_id, "3")]))
    seen = _on_worker(monkeypatch, work_order_view, "load_window")
    ctx = make_ctx(Role.ADVISOR)
    window = work_order_view.WorkOrderWindow(ctx, wo.number)
    qtbot.addWidget(window)
    assert window.detail is None  # nothing read on the GUI thread while the window opened
    assert ctx.ops.wait()
    assert seen == [True] and window.detail is not None and window.head.text().startswith(wo.number)
    assert window.parts.rowCount() == 1
    window.refresh()
    window.refresh()  # two reads in flight: only the latest one is shown
    assert ctx.ops.wait() and seen == [True, True, True] and window.load_query.applied == window.load_query.generation


def test_issue22_work_order_window_of_a_missing_order_says_so(  # type: ignore[no-untyped-def]
        qtbot, db: Database, make_ctx: Callable[[Role], AppContext]) -> None:
    ctx = make_ctx(Role.ADVISOR)
    window = work_order_view.WorkOrderWindow(ctx, "TEST-0001")
    qtbot.addWidget(window)
    assert ctx.ops.wait() and window.detail is None
    assert "TEST-0001" in window.head.text() or window.head.text()  # the NotFound sentence, not a crash
    assert ctx.ops.last_error is not None


def test_issue22_qc_detail_is_read_on_a_worker(  # type: ignore[no-untyped-def]
        qtbot, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext],
        monkeypatch: pytest.MonkeyPatch) -> None:
    for _ in range(2):
        numbered(db, pd.make_work_order(db, people[Role.ADVISOR], [], state=State.COMPLETED.value))
    seen = _on_worker(monkeypatch, qc, "work_order_detail")
    ctx = make_ctx(Role.QC_INSPECTOR)
    screen = qc.QcScreen(ctx)
    qtbot.addWidget(screen)
    assert screen.model.rowCount() == 0  # the list arrives from the worker
    assert ctx.ops.wait()
    assert screen.model.rowCount() == 2 and seen and all(seen)
    assert screen.detail_query.applied == screen.detail_query.generation > 0  # the first car's detail is in
    screen.view.selectRow(1)
    screen.view.selectRow(0)  # the answer for row 1 comes too late and is dropped
    assert ctx.ops.wait()
    assert screen.detail_query.applied == screen.detail_query.generation


def test_issue22_inbox_audit_and_awaiting_parts_read_on_a_worker(  # type: ignore[no-untyped-def]
        qtbot, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext],
        monkeypatch: pytest.MonkeyPatch) -> None:
    inbox_seen = _on_worker(monkeypatch, approvals_q, "inbox")
    audit_seen = _on_worker(monkeypatch, audit_q, "audit_page")
    import ui.admin.audit as audit_screen
    import ui.parts_counter.counter_screen as counter_screen

    monkeypatch.setattr(audit_screen, "audit_page", audit_q.audit_page)
    awaiting_seen = _on_worker(monkeypatch, stock_q, "work_orders_awaiting_parts")
    monkeypatch.setattr(counter_screen, "work_orders_awaiting_parts", stock_q.work_orders_awaiting_parts)
    director = make_ctx(Role.SERVICE_DIRECTOR)
    screen = ApprovalsScreen(director)
    qtbot.addWidget(screen)
    admin = make_ctx(Role.ADMIN)
    audit = AuditScreen(admin)
    qtbot.addWidget(audit)
    clerk = make_ctx(Role.PARTS_CLERK)
    counter = PartsCounterScreen(clerk)
    qtbot.addWidget(counter)
    for ctx in (director, admin, clerk):
        assert ctx.ops.wait()
    assert inbox_seen and all(inbox_seen)
    assert audit_seen and all(audit_seen)
    assert awaiting_seen and all(awaiting_seen)


def test_issue22_a_write_through_the_runner_broadcasts_and_the_open_list_refreshes(  # type: ignore[no-untyped-def]
        qtbot, db: Database, make_ctx: Callable[[Role], AppContext]) -> None:
    ctx = make_ctx(Role.PARTS_CLERK)
    screen = SuppliersScreen(ctx)
    qtbot.addWidget(screen)
    assert ctx.ops.wait()
    before = screen.table.rowCount()
    heard: list[ChangeSet] = []
    ctx.ops.records_changed.connect(heard.append)
    dialog = FormDialog(ctx, "", SUPPLIER_FIELDS, suppliers.add_supplier)  # the service; the runner gives uow+actor
    fill(dialog, name="")
    save(dialog)
    assert dialog.error.text() and heard == [] and screen.table.rowCount() == before  # refused: nothing written
    fill(dialog, name="壳牌（中国）", contact="王经理")
    save(dialog)
    assert ctx.ops.wait()
    assert len(heard) == 1 and heard[0].touches(RecordKind.MASTER_DATA)
    assert screen.table.rowCount() == before + 1  # nobody pressed refresh
    assert [s.name for s in suppliers.list_suppliers(db)].count("壳牌（中国）") == 1


def test_r2_the_reminder_list_is_read_on_a_worker(  # type: ignore[no-untyped-def]
        qtbot, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.appointments import reminders as reminders_screen

    seen = _on_worker(monkeypatch, reminders_screen, "reminder_list")
    ctx = make_ctx(Role.CUSTOMER_SERVICE)
    screen = reminders_screen.RemindersScreen(ctx)
    qtbot.addWidget(screen)
    assert screen.info.text() == ""  # nothing read on the GUI thread while the screen opened
    assert ctx.ops.wait()
    assert seen == [True] and "共 0 条" in screen.info.text()
