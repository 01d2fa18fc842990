"""Adding a part line at the front desk (P2: a part is issued from stock on hand): the dialog says at once when
stock on hand, less what other open work orders still wait for, cannot cover the quantity, and the line says
so in the work order window. The line may still be added (the counter orders the part)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt

from tests.helpers import parts_data as pd
from tests.helpers.numbers import numbered
from ui.context import AppContext
from ui.front_desk.part_line_dialog import PartLineDialog
from ui.front_desk.work_order_view import WorkOrderWindow
from ui.widgets.legend import AMBER
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.queries import work_orders as wq
from workshop.queries.stock import part_availability


def test_p2_part_line_warns_when_stock_less_reservations_is_short_and_the_line_says_so(
    qtbot, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext]
) -> None:
    part_id = pd.make_part(db, people[Role.PARTS_CLERK], "90915-0T860", stock="3")
    other = numbered(db, pd.make_work_order(db, people[Role.ADVISOR], [(part_id, "2")]))  # waits for 2 of the 3
    pd.make_work_order(db, people[Role.ADVISOR], [(part_id, "5")], state="settled")  # done: reserves nothing
    wo = numbered(db, pd.make_work_order(db, people[Role.ADVISOR], state="started"))
    free = part_availability(db, [part_id], excluding_work_order=wo.number)[part_id]
    assert (free.on_hand, free.reserved, free.free) == (3, 2, 1)
    assert part_availability(db, [part_id], excluding_work_order=other.number)[part_id].reserved == 0

    ctx = make_ctx(Role.ADVISOR)
    dialog = PartLineDialog(ctx, wo.number, wq.work_order_detail(db, wo.number).info.version)
    qtbot.addWidget(dialog)
    dialog.search.setText("90915-0t")
    assert dialog.model.data(dialog.model.index(0, 5)) == "1"  # free: on hand 3 less 2 waiting elsewhere
    assert dialog.stock_note.text() == ""  # one piece: enough
    dialog.quantity.setValue(2)
    assert "库存不足" in dialog.stock_note.text() and "缺 1" in dialog.stock_note.text()
    assert "在修工单待领 2" in dialog.stock_note.text()
    dialog.save()
    assert ctx.ops.wait() and dialog.saved is not None

    # a second line of the same part: this work order's first line counts too, so nothing is free
    again = PartLineDialog(ctx, wo.number, wq.work_order_detail(db, wo.number).info.version)
    qtbot.addWidget(again)
    again.search.setText("90915")
    assert again.model.data(again.model.index(0, 5)) == "0" and "缺 1" in again.stock_note.text()
    again.save()
    assert ctx.ops.wait() and again.saved is not None

    window = WorkOrderWindow(ctx, wo.number)
    window.ctx.ops.wait()  # the window reads the order on a worker
    qtbot.addWidget(window)
    assert window.parts.rowCount() == 2
    assert [window.parts.data(window.parts.index(r, 7)) for r in (0, 1)] == ["3（库存不足，缺 1）"] * 2
    assert window.parts.data(window.parts.index(0, 0), Qt.ItemDataRole.ForegroundRole).color() == AMBER  # short
