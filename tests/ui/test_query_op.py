"""Issue 22: QueryOp runs a read off the GUI thread, applies the result on the GUI thread, drops every result
but the latest request's, and debounces search-as-you-type (200 ms after the last key)."""

from __future__ import annotations

import threading
import time

from PySide6.QtWidgets import QWidget

from ui.operations import Operations
from ui.widgets.query_op import SEARCH_DEBOUNCE_MS, QueryOp


def _op(qtbot, applied: list[object], **kw: int) -> tuple[QWidget, Operations, QueryOp[object]]:
    owner = QWidget()
    qtbot.addWidget(owner)
    ops = Operations("zh")
    ops.show_errors = False
    return owner, ops, QueryOp(owner, ops, applied.append, **kw)


def test_query_op_reads_off_the_gui_thread_and_applies_on_it(qtbot) -> None:
    applied: list[object] = []
    threads: list[bool] = []
    _owner, ops, op = _op(qtbot, applied)
    op.apply = lambda r: (threads.append(threading.current_thread() is threading.main_thread()), applied.append(r))
    op.run(lambda: threading.current_thread() is threading.main_thread())
    assert ops.wait()
    assert applied == [False] and threads == [True]  # read on a worker, applied on the GUI thread


def test_query_op_drops_a_stale_result(qtbot) -> None:
    applied: list[object] = []
    _owner, ops, op = _op(qtbot, applied)
    release = threading.Event()

    def slow() -> str:
        release.wait(5)
        return "old filter"

    op.run(slow)
    op.run(lambda: "new filter")  # answered first
    qtbot.waitUntil(lambda: applied == ["new filter"], timeout=5000)
    release.set()
    assert ops.wait()
    assert applied == ["new filter"] and not op.pending  # the slow, older answer never overwrote it


def test_query_op_debounces_typing(qtbot) -> None:
    applied: list[object] = []
    calls: list[str] = []
    _owner, _ops, op = _op(qtbot, applied, debounce_ms=SEARCH_DEBOUNCE_MS)
    for text in ("粤", "粤B", "粤B1", "粤B12"):
        op.schedule(lambda text=text: calls.append(text) or text)  # type: ignore[func-returns-value]
        qtbot.wait(30)
    assert calls == [] and op.pending  # still typing: nothing read yet
    started = time.monotonic()
    qtbot.waitUntil(lambda: applied == ["粤B12"], timeout=3000)
    assert calls == ["粤B12"] and time.monotonic() - started >= 0.1


def test_query_op_applies_nothing_to_a_closed_screen(qtbot) -> None:
    applied: list[object] = []
    owner, ops, op = _op(qtbot, applied)
    release = threading.Event()
    op.run(lambda: release.wait(5) and "rows")
    owner.deleteLater()
    qtbot.wait(20)
    release.set()
    assert ops.wait()
    assert applied == []


def test_query_op_error_of_the_latest_request_is_reported(qtbot) -> None:
    errors: list[BaseException] = []
    owner = QWidget()
    qtbot.addWidget(owner)
    ops = Operations("zh")
    ops.show_errors = False
    op: QueryOp[object] = QueryOp(owner, ops, lambda _r: None, on_error=errors.append)

    def broken() -> object:
        raise ValueError("no")

    op.run(broken)
    assert ops.wait()
    assert len(errors) == 1 and isinstance(errors[0], ValueError)
