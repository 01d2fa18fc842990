"""Front desk, workshop board, QC and customer service screens on both backends: search while typing, the lazy
history table, customer/vehicle dialogs with their checks, F3 at reception, F6 consent at the desk, W1/F7 board,
QC pass/fail, Q1/Q2. Every table model passes qtmodeltester."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.helpers import front_desk_screens_data as data
from ui.context import AppContext
from ui.front_desk import common, note_dialog
from ui.front_desk.common import RED
from ui.front_desk.consent_dialog import ConsentDialog
from ui.front_desk.customer_dialog import CustomerDialog
from ui.front_desk.open_work_order_dialog import OpenWorkOrderDialog
from ui.front_desk.screen import FrontDeskScreen
from ui.front_desk.vehicle_dialog import VehicleDialog
from ui.quality.customer_service import CustomerServiceScreen
from ui.quality.qc import QcScreen
from ui.widgets.legend import AMBER
from ui.workshop_floor.board import WorkshopBoardScreen
from workshop.db.models import LaborLine
from workshop.db.uow import Database
from workshop.domain.clock import utcnow
from workshop.domain.roles import Actor, Role
from workshop.domain.work_order import State
from workshop.queries import customers as cq
from workshop.queries import work_orders as wq

MakeCtx = Callable[[Role], AppContext]


def _cell(model: Any, row: int, col: int, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    return model.data(model.index(row, col), role)


def test_search_as_you_type_shows_customer_vehicle_and_warranty(qtbot, qtmodeltester, db: Database,
                                                                 people: dict[Role, Actor], make_ctx: MakeCtx) -> None:
    data.add_car(db, "张伟", "13800138000", "粤B·12345", purchase=utcnow().date() - timedelta(days=200))
    data.add_car(db, "李娜", "13900139000", "粤A·88888", purchase=utcnow().date() - timedelta(days=2000))
    screen = FrontDeskScreen(make_ctx(Role.ADVISOR))
    qtbot.addWidget(screen)
    qtbot.keyClicks(screen.search_box, "2345")
    qtbot.waitUntil(lambda: screen.hits.rowCount() == 1, timeout=15_000)  # the debounce timer fires by itself
    qtmodeltester.check(screen.hits)
    assert _cell(screen.hits, 0, 0) == "张伟" and _cell(screen.hits, 0, 2) == "粤B·12345"
    assert "粤B·12345" in screen.card_labels["vehicle"].text()
    assert "在保修期内" in screen.card_labels["warranty"].text()
    assert screen.card_buttons["open_order"].isEnabled()
    screen.search_box.setText("8888")
    screen.run_search()
    assert screen.ctx.ops.wait()
    assert _cell(screen.hits, 0, 0) == "李娜"
    assert "已出保修" in screen.card_labels["warranty"].text()  # F3: by date
    screen.search_box.setText("13900")
    screen.run_search()
    assert screen.ctx.ops.wait()
    assert _cell(screen.hits, 0, 5) == "电话"


def test_work_order_history_is_lazy_and_filters(qtbot, qtmodeltester, db: Database, people: dict[Role, Actor],
                                                make_ctx: MakeCtx) -> None:
    car = data.add_car(db, "张伟", "13800138000", "粤B·12345")
    other = data.add_car(db, "李娜", "13900139000", "粤A·88888")
    start = utcnow() - timedelta(days=20)
    for i in range(130):
        data.add_work_order(db, car, people[Role.ADVISOR].user_id, opened_at=start + timedelta(hours=i),
                            state=State.DELIVERED)
    data.add_work_order(db, other, people[Role.FRONT_DESK_LEAD].user_id, state=State.IN_PROGRESS)
    screen = FrontDeskScreen(make_ctx(Role.ADVISOR))
    qtbot.addWidget(screen)
    model = screen.history.model
    assert screen.ctx.ops.wait()  # the history reads off the GUI thread
    assert model.rowCount() == wq.LIST_PAGE == 25 and model.canFetchMore()  # one page read, not the whole table
    qtmodeltester.check(model)
    while model.canFetchMore():  # the next pages, as the clerk scrolls
        model.fetchMore()
    assert model.rowCount() == 131
    numbers = [model.row_values(i)[0] for i in range(131)]
    assert numbers == [r.number for r in wq.list_work_orders(db, limit=200)]  # keyset pages = one query
    screen.history.text.setText("88888")
    screen.history.reload()
    assert screen.ctx.ops.wait()
    assert model.rowCount() == 1 and _cell(model, 0, 6) == "李娜"
    screen.history.text.setText("")
    screen.history.state.setCurrentIndex(2)  # 在厂
    assert screen.ctx.ops.wait()
    assert model.rowCount() == 1


def test_customer_and_vehicle_dialogs_check_input_and_ask_before_a_lower_mileage(
        qtbot, db: Database, people: dict[Role, Actor], make_ctx: MakeCtx, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = make_ctx(Role.ADVISOR)
    dialog = CustomerDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.name.setText("王芳")
    dialog.phone.setText("１３７００１３７０００")  # full-width digits from an input method
    dialog.save()
    assert ctx.ops.wait() and dialog.saved is not None and dialog.saved.phone == "13700137000"

    vd = VehicleDialog(ctx, dialog.saved.id)
    qtbot.addWidget(vd)
    vd.plate.setText("粤b１２３４５")
    assert "粤B·12345" in vd.plate_hint.text()
    vin = data.make_vin("LSVAU2A3N2183724")
    vd.vin.setText(vin[:8] + ("1" if vin[8] == "0" else "0") + vin[9:])
    assert "校验位" in vd.vin_hint.text() and "#c81e1e" in vd.vin_hint.styleSheet()
    vd.vin.setText(vin)
    assert "✓" in vd.vin_hint.text()
    vd.brand.setText("大众")
    vd.model.setText("帕萨特")
    vd.mileage.setValue(30000)
    vd.save()
    assert ctx.ops.wait() and vd.saved is not None and vd.saved.plate == "粤B·12345"

    card = cq.customer_card(db, dialog.saved.id)
    assert card is not None
    edit = VehicleDialog(ctx, card.id, card.vehicles[0])
    qtbot.addWidget(edit)
    edit.mileage.setValue(25000)
    asked: list[str] = []
    monkeypatch.setattr(common, "confirm", lambda _p, _c, text: asked.append(text) or False)
    edit.save()
    assert ctx.ops.wait() and edit.saved is None and "低于上次" in asked[0]
    monkeypatch.setattr(common, "confirm", lambda *_a: True)
    edit.save()
    assert ctx.ops.wait() and edit.saved is not None and edit.saved.last_mileage == 25000


def test_f3_open_work_order_dialog_shows_warranty_and_asks_for_agreement_out_of_warranty(
        qtbot, db: Database, people: dict[Role, Actor], make_ctx: MakeCtx) -> None:
    car = data.add_car(db, "张伟", "13800138000", "粤B·12345", purchase=utcnow().date() - timedelta(days=200),
                       mileage=20000)
    ctx = make_ctx(Role.ADVISOR)
    card = cq.customer_card(db, car.customer_id)
    assert card is not None
    dialog = OpenWorkOrderDialog(ctx, card.name, card.vehicles[0])
    qtbot.addWidget(dialog)
    assert "在保修期内" in dialog.warranty.text() and dialog.agreed.isHidden()
    dialog.mileage.setValue(120000)
    assert "已出保修" in dialog.warranty.text() and not dialog.agreed.isHidden()
    dialog.fault.setPlainText("刹车异响")
    dialog.agreed.setChecked(True)
    dialog.priority.setCurrentIndex(dialog.priority.findData("urgent"))
    dialog.save()
    assert ctx.ops.wait() and dialog.opened is not None
    info = dialog.opened
    assert (info.state, info.priority, info.in_warranty, info.out_of_warranty_agreed) == ("draft", "urgent", False, True)
    assert info.promised_at is not None


def test_f6_added_items_wait_at_the_front_desk_until_the_customer_agrees(
        qtbot, qtmodeltester, db: Database, people: dict[Role, Actor], make_ctx: MakeCtx) -> None:
    car = data.add_car(db, "张伟", "13800138000", "粤B·12345")
    wid = data.add_work_order(db, car, people[Role.ADVISOR].user_id, state=State.IN_PROGRESS)
    item = data.add_added_item(db, wid, people[Role.TECHNICIAN].user_id, "刹车片磨损")
    with db.uow() as uow:  # the item carries its price (F6)
        uow.session.add(LaborLine(work_order_id=wid, description="更换前刹车片", hours=Decimal(1), rate=Decimal(200),
                                  team="机修", added_item_id=item))
        uow.commit()
    ctx = make_ctx(Role.ADVISOR)
    screen = FrontDeskScreen(ctx)
    qtbot.addWidget(screen)
    assert ctx.ops.wait()  # the pending items are read off the GUI thread
    qtmodeltester.check(screen.pending.model)
    assert screen.pending.count == 1 and "（1）" in screen.tabs.tabText(1)
    assert _cell(screen.pending.model, 0, 4) == "刹车片磨损"
    consent = ConsentDialog(ctx, item, "刹车片磨损", "¥200.00")
    qtbot.addWidget(consent)
    assert "1 × ¥200.00 = ¥200.00" in consent.lines_label.text() and "¥200.00" in consent.total_label.text()
    consent.in_person.setChecked(True)
    consent.save()
    assert ctx.ops.wait() and consent.saved is not None
    assert (consent.saved.state, consent.saved.consent_method) == ("confirmed", "in_person")
    assert consent.saved.consent_amount == Decimal("200.00")
    assert screen.pending.count == 0 and "（0）" in screen.tabs.tabText(1)


def test_w1_f7_board_shows_every_car_late_ones_first_in_red(qtbot, qtmodeltester, db: Database,
                                                           people: dict[Role, Actor], make_ctx: MakeCtx) -> None:
    car = data.add_car(db, "张伟", "13800138000", "粤B·12345")
    now = utcnow()
    data.add_work_order(db, car, people[Role.ADVISOR].user_id, state=State.IN_PROGRESS, team="机修",
                        technician_id=people[Role.TECHNICIAN].user_id, promised_at=now + timedelta(hours=3))
    late = data.add_work_order(db, car, people[Role.ADVISOR].user_id, state=State.STARTED, team="机修",
                               promised_at=now - timedelta(hours=1))
    data.add_work_order(db, car, people[Role.ADVISOR].user_id, state=State.DELIVERED)
    screen = WorkshopBoardScreen(make_ctx(Role.WORKSHOP_MANAGER))
    qtbot.addWidget(screen)
    assert screen.ctx.ops.wait()  # the board is read off the GUI thread
    qtmodeltester.check(screen.model)
    assert screen.model.rowCount() == 2
    assert screen.model.payload(0).id == late
    assert _cell(screen.model, 0, 11) == "超时"
    assert _cell(screen.model, 0, 0, Qt.ItemDataRole.ForegroundRole).color() == RED
    assert _cell(screen.model, 1, 0, Qt.ItemDataRole.ForegroundRole) is None
    assert _cell(screen.model, 1, 6) == "technician"
    assert "在厂 2 辆" in screen.summary.text() and "超时 1 辆" in screen.summary.text()
    screen.view.selectRow(0)
    assert screen.buttons["take"].isEnabled() and not screen.buttons["complete"].isEnabled()


def test_f4_qc_screen_fails_with_a_reason_and_passes(qtbot, qtmodeltester, db: Database, people: dict[Role, Actor],
                                                    make_ctx: MakeCtx, monkeypatch: pytest.MonkeyPatch) -> None:
    car = data.add_car(db, "张伟", "13800138000", "粤B·12345")
    a = data.add_work_order(db, car, people[Role.ADVISOR].user_id, state=State.COMPLETED, team="机修")
    b = data.add_work_order(db, car, people[Role.ADVISOR].user_id, state=State.COMPLETED, team="机修")
    ctx = make_ctx(Role.QC_INSPECTOR)
    screen = QcScreen(ctx)
    qtbot.addWidget(screen)
    assert ctx.ops.wait()  # the list and the selected car's detail are read on a worker
    for model in (screen.model, screen.lines, screen.events):
        qtmodeltester.check(model)
    assert screen.model.rowCount() == 2 and screen.events.rowCount() == 4  # draft .. completed
    first = screen.model.payload(0).id
    monkeypatch.setattr(note_dialog, "ask_note", lambda *_a, **_k: "右前轮异响未消除")
    screen.qc_fail()
    assert ctx.ops.wait()
    failed = wq.work_order_detail(db, work_order_id=first)
    assert failed.info.state == "in_progress" and failed.events[-1].note == "右前轮异响未消除"
    assert screen.model.rowCount() == 1
    screen.qc_pass()
    assert ctx.ops.wait()
    assert wq.work_order_detail(db, work_order_id=({a, b} - {first}).pop()).info.state == "inspected"
    assert screen.model.rowCount() == 0 and not screen.pass_button.isEnabled()


def test_q1_q2_customer_service_lists_visits_and_walks_a_complaint(
        qtbot, qtmodeltester, db: Database, people: dict[Role, Actor], make_ctx: MakeCtx,
        monkeypatch: pytest.MonkeyPatch) -> None:
    car = data.add_car(db, "张伟", "13800138000", "粤B·12345")
    wid = data.add_work_order(db, car, people[Role.ADVISOR].user_id, state=State.DELIVERED)
    data.add_return_visit(db, wid, utcnow() - timedelta(hours=2))
    ctx = make_ctx(Role.CUSTOMER_SERVICE)
    screen = CustomerServiceScreen(ctx)
    qtbot.addWidget(screen)
    assert ctx.ops.wait()  # both lists are read off the GUI thread
    for model in (screen.visits, screen.complaints, screen.steps):
        qtmodeltester.check(model)
    assert screen.visits.rowCount() == 1 and _cell(screen.visits, 0, 1) == "已超期"
    assert _cell(screen.visits, 0, 0, Qt.ItemDataRole.ForegroundRole).color() == RED
    assert "超期 1" in screen.tabs.tabText(0)

    from ui.quality.complaint_dialog import ComplaintDialog
    dialog = ComplaintDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.find_box.setText("12345")
    assert dialog.customer.count() == 1
    dialog.content.setPlainText("保养后机油灯亮")
    dialog.save()
    assert ctx.ops.wait() and dialog.saved is not None
    assert screen.complaints.rowCount() == 1
    assert _cell(screen.complaints, 0, 6).startswith("剩 23小时")  # the 24-hour clock runs
    screen.complaints_view.selectRow(0)
    assert screen.next_step.text() == "下一步：处理…"
    monkeypatch.setattr(note_dialog, "ask_note", lambda *_a, **_k: "已致电客户，安排复检")
    screen._next_step()
    assert ctx.ops.wait()
    screen.complaints_view.selectRow(0)
    assert _cell(screen.complaints, 0, 4) == "已处理" and _cell(screen.complaints, 0, 6).startswith("已完成")
    assert screen.steps.rowCount() == 2 and _cell(screen.steps, 1, 0) == "处理"
    assert screen.next_step.text() == "下一步：验证…"


def _window(qtbot, ctx: AppContext, number: str):  # type: ignore[no-untyped-def]
    from ui.front_desk.work_order_view import WorkOrderWindow

    window = WorkOrderWindow(ctx, number)
    window.ctx.ops.wait()  # the window reads the order on a worker
    qtbot.addWidget(window)
    return window


def test_settlement_warns_while_a_special_tool_of_the_work_order_is_still_out(
        qtbot, db: Database, people: dict[Role, Actor], make_ctx: MakeCtx, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.helpers.claims_tools_data import badge_of, make_tool
    from workshop.services import tools

    car = data.add_car(db, "张伟", "13800138000", "粤B·12345")
    wid = data.add_work_order(db, car, people[Role.ADVISOR].user_id, state=State.INSPECTED, team="机修")
    number = wq.work_order_detail(db, work_order_id=wid).info.number
    make_tool(db, "VAS-6150", name="正时工具")
    tools.lend_tool(db.uow(), people[Role.PARTS_CLERK], badge_of(db, people[Role.TECHNICIAN]), "VAS-6150",
                    work_order_no=number)
    ctx = make_ctx(Role.ADVISOR)
    window = _window(qtbot, ctx, number)
    asked: list[str] = []
    monkeypatch.setattr(common, "confirm", lambda _p, _c, text: asked.append(text) or False)
    qtbot.mouseClick(window.buttons["settle"], Qt.MouseButton.LeftButton)
    assert ctx.ops.wait()
    assert "VAS-6150" in asked[0] and "仍借出" in asked[0]
    assert wq.work_order_detail(db, number).info.state == "inspected"  # the clerk chose not to settle yet


def test_a_stale_work_order_window_is_refused_with_who_changed_it(
        qtbot, db: Database, people: dict[Role, Actor], make_ctx: MakeCtx) -> None:
    from workshop.domain.errors import StaleEdit
    from workshop.services import front_desk

    car = data.add_car(db, "张伟", "13800138000", "粤B·12345")
    wid = data.add_work_order(db, car, people[Role.ADVISOR].user_id, team="机修")
    number = wq.work_order_detail(db, work_order_id=wid).info.number
    ctx = make_ctx(Role.ADVISOR)
    window = _window(qtbot, ctx, number)
    seen = window.detail.info.version if window.detail else 0
    front_desk.edit_work_order(db.uow(), people[Role.FRONT_DESK_LEAD], number, expected_version=seen,
                               requested_items="另一台前台改过")
    qtbot.mouseClick(window.buttons["start"], Qt.MouseButton.LeftButton)
    assert ctx.ops.wait()
    assert isinstance(ctx.ops.last_error, StaleEdit) and "front_desk_lead" in ctx.ops.last_error.zh
    assert wq.work_order_detail(db, number).info.state == "draft"
    window.refresh()
    window.ctx.ops.wait()
    qtbot.mouseClick(window.buttons["start"], Qt.MouseButton.LeftButton)
    assert ctx.ops.wait() and wq.work_order_detail(db, number).info.state == "started"


def test_f9_work_order_window_prints_the_three_documents_and_opens_the_discount_dialog(
        qtbot, db: Database, people: dict[Role, Actor], make_ctx: MakeCtx, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Any) -> None:
    from ui.approvals import discount_dialog
    from ui.front_desk import work_order_actions

    car = data.add_car(db, "张伟", "13800138000", "粤B·12345")
    wid = data.add_work_order(db, car, people[Role.ADVISOR].user_id, state=State.SETTLED, team="机修")
    data.add_lines(db, wid, operation_id=data.add_labor_operation(db), hours="1.0", rate="300")
    number = wq.work_order_detail(db, work_order_id=wid).info.number
    ctx = make_ctx(Role.ADVISOR)
    window = _window(qtbot, ctx, number)
    opened: list[Any] = []
    monkeypatch.setattr(work_order_actions, "open_file", opened.append)
    for key in ("print_work_order", "print_quote", "print_settlement"):
        qtbot.mouseClick(window.buttons[key], Qt.MouseButton.LeftButton)
        assert ctx.ops.wait(), key
    assert [p.name for p in opened] == [f"任务委托书-{number}.pdf", f"报价单-{number}.pdf", f"结算单-{number}.pdf"]
    assert all(p.read_bytes().startswith(b"%PDF") for p in opened)

    draft = data.add_work_order(db, car, people[Role.ADVISOR].user_id)
    window = _window(qtbot, ctx, wq.work_order_detail(db, work_order_id=draft).info.number)
    shown: list[int] = []
    monkeypatch.setattr(discount_dialog.DiscountDialog, "exec", lambda self: shown.append(self.work_order_id) or 0)
    qtbot.mouseClick(window.buttons["discount"], Qt.MouseButton.LeftButton)
    assert shown == [draft]


@pytest.mark.qt_log_ignore("This plugin does not support")  # the window is shown: offscreen cannot size it
def test_edit_work_order_dialog_saves_fields_and_refuses_a_stale_version(
        qtbot, db: Database, people: dict[Role, Actor], make_ctx: MakeCtx) -> None:
    from ui.front_desk.edit_work_order_dialog import EditWorkOrderDialog
    from workshop.domain.errors import StaleEdit

    car = data.add_car(db, "张伟", "13800138000", "粤B·12345")
    wid = data.add_work_order(db, car, people[Role.ADVISOR].user_id, team="机修")
    ctx = make_ctx(Role.ADVISOR)
    window = _window(qtbot, ctx, wq.work_order_detail(db, work_order_id=wid).info.number)
    window.show()
    assert window.detail is not None and window.buttons["edit"].isEnabled()
    first = EditWorkOrderDialog(ctx, window.detail.info)
    second = EditWorkOrderDialog(ctx, window.detail.info)  # a second desk with the same version
    for d in (first, second):
        qtbot.addWidget(d)
    first.fault.setPlainText("冷车启动异响，热车后消失")
    first.priority.setCurrentIndex(first.priority.findData("important"))
    first.save()
    assert ctx.ops.wait() and first.saved is not None
    assert (first.saved.fault_description, first.saved.priority) == ("冷车启动异响，热车后消失", "important")
    second.items.setPlainText("只做保养")
    second.save()
    assert ctx.ops.wait() and second.saved is None and isinstance(ctx.ops.last_error, StaleEdit)
    assert wq.work_order_detail(db, work_order_id=wid).info.requested_items == "检查异响"
    assert "冷车启动异响" in window.facts["fault"].text()  # the window refreshed on the change


def test_line_dialog_models_pass_the_model_tester(qtbot, qtmodeltester, db: Database, people: dict[Role, Actor],
                                                  make_ctx: MakeCtx) -> None:
    from ui.front_desk.labor_line_dialog import LaborLineDialog
    from ui.front_desk.part_line_dialog import PartLineDialog
    from ui.workshop_floor.propose_dialog import ProposeDialog
    from workshop.queries.workshop_board import workshop_board

    data.add_labor_operation(db)
    data.add_part(db, on_hand="0")
    car = data.add_car(db, "张伟", "13800138000", "粤B·12345")
    wid = data.add_work_order(db, car, people[Role.ADVISOR].user_id, state=State.IN_PROGRESS, team="机修")
    number = wq.work_order_detail(db, work_order_id=wid).info.number
    ctx = make_ctx(Role.ADVISOR)
    labor = LaborLineDialog(ctx, number, 1)
    part = PartLineDialog(ctx, number, 1)
    part.search.setText("06L")
    no_stock = _cell(part.model, 0, 0, Qt.ItemDataRole.ForegroundRole).color()
    assert _cell(part.model, 0, 4) == "0" and no_stock == AMBER  # red is kept for late or refused
    propose = ProposeDialog(make_ctx(Role.TECHNICIAN), workshop_board(db)[0])
    propose.add_labor()
    propose.part_no.setText("06L115562B")
    propose.add_part()
    assert propose.lines.rowCount() == 2 and "机油滤清器" in _cell(propose.lines, 1, 0)
    for d in (labor, part, propose):
        qtbot.addWidget(d)
    for model in (labor.model, part.model, propose.lines):
        qtmodeltester.check(model)
