"""One way to bring up a work order's window from anywhere (a scan, a dashboard list, a vehicle's history): one
window per number and owner, read-only for those who may not edit work orders."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ui.context import AppContext
from workshop.domain.roles import Perm


def show_work_order(ctx: AppContext, number: str, parent: QWidget, windows: dict[str, QWidget], *,
                    read_only: bool | None = None) -> QWidget:
    from ui.front_desk.work_order_view import WorkOrderWindow

    window = windows.get(number)
    if window is None or not shiboken6.isValid(window):
        locked = not ctx.can(Perm.WORK_ORDER_EDIT) if read_only is None else read_only
        window = WorkOrderWindow(ctx, number, parent, read_only=locked)
        window.setWindowFlag(Qt.WindowType.Window, True)
        windows[number] = window
    window.show()
    window.raise_()
    return window
