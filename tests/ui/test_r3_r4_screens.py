"""R3 and R4 on screen: the declined work at reception (the front desk card, the work order window's tab, one
click onto the new work order), the QC suggestion, the report; the walk-around dialog with damage marked by
mouse clicks on the outline, photos resized off the GUI thread, and bad photos told in a sentence."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from tests.helpers.declined_data import declined_pads, finish
from tests.helpers.front_desk_data import (
    BRAKE_PADS,
    add_shop,
    inspected_order,
    issue_all_parts,
    open_order,
    started_order,
)
from tests.helpers.photos import jpeg
from ui import prefs
from ui.context import AppContext
from ui.front_desk import declined_report, photo_intake
from ui.front_desk.declined_report import DeclinedWorkScreen
from ui.front_desk.screen import FrontDeskScreen
from ui.front_desk.walkaround_dialog import WalkaroundDialog
from ui.front_desk.work_order_view import WorkOrderWindow
from ui.quality.qc import QcScreen
from ui.quality.suggestion_dialog import SuggestionDialog
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.queries.declined_work import declined_for_vehicle
from workshop.queries.walkaround import photos_of, walkaround_of
from workshop.services import workshop_floor

MakeCtx = Callable[[Role], AppContext]
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # windows shown offscreen


def _declined_then_new_order(db: Database, people: dict[Role, Actor]) -> tuple[object, str]:
    shop = add_shop(db, people)
    first = declined_pads(db, people, shop)
    finish(db, people, first, shop)
    return shop, open_order(db, people, shop, with_lines=False).number


def test_r3_reception_shows_declined_work_and_one_click_adds_it(qtbot, qtmodeltester, db: Database,
                                                                people: dict[Role, Actor], make_ctx: MakeCtx) -> None:
    shop, number = _declined_then_new_order(db, people)
    ctx = make_ctx(Role.ADVISOR)
    desk = FrontDeskScreen(ctx)
    qtbot.addWidget(desk)
    desk.load_customer(shop.customer.id, shop.vehicle.id)  # type: ignore[attr-defined]
    assert desk.card_labels["declined"].text().startswith("上次建议：更换前刹车片，")
    assert desk.card_labels["declined"].text().endswith(" 拒绝")
    window = WorkOrderWindow(ctx, number)
    window.ctx.ops.wait()  # the window reads the order on a worker
    qtbot.addWidget(window)
    window.show()  # an open window refreshes on every change
    qtmodeltester.check(window.declined.model)
    tab = window.tabs.indexOf(window.declined)
    assert window.tabs.tabText(tab) == "上次建议（1）" and window.declined.take.isEnabled()
    qtbot.mouseClick(window.declined.take, Qt.MouseButton.LeftButton)
    assert ctx.ops.wait() and ctx.ops.last_error is None
    assert [ln.operation_code for ln in window.detail.info.labor_lines] == [BRAKE_PADS]  # type: ignore[union-attr]
    assert window.tabs.tabText(tab) == "上次建议" and not window.declined.take.isEnabled()
    desk.load_customer(shop.customer.id, shop.vehicle.id)  # type: ignore[attr-defined]
    assert desk.card_labels["declined"].text() == "无"


def test_r3_qc_notes_a_suggestion_and_the_report_lists_it(qtbot, qtmodeltester, db: Database,
                                                          people: dict[Role, Actor], make_ctx: MakeCtx,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    shop = add_shop(db, people)
    number = started_order(db, people, shop).number
    workshop_floor.take_job(db.uow(), people[Role.TECHNICIAN], number, plate=shop.vehicle.plate or "")
    issue_all_parts(db, people, number)
    workshop_floor.complete_job(db.uow(), people[Role.TECHNICIAN], number, self_check_note="已自检")
    ctx = make_ctx(Role.QC_INSPECTOR)
    qc = QcScreen(ctx)
    qtbot.addWidget(qc)
    assert ctx.ops.wait()  # read on a worker
    assert qc.suggest_button.isVisible() or not qc.isVisible()
    assert qc.suggest_button.isEnabled()
    dialog = SuggestionDialog(ctx, number)
    qtbot.addWidget(dialog)
    dialog.description.setText("前刹车片剩余 3 mm，建议下次更换")
    dialog.amount.setText("680")
    dialog.save()
    assert ctx.ops.wait() and dialog.saved is not None
    assert declined_for_vehicle(db, shop.vehicle.id)[0].hint().endswith(" 质检建议")
    report = DeclinedWorkScreen(make_ctx(Role.SERVICE_DIRECTOR))
    qtbot.addWidget(report)
    assert report.ctx.ops.wait()  # read off the GUI thread
    for model in (report.customers, report.lines):
        qtmodeltester.check(model)
    assert report.lines.rowCount() == 1 and report.customers.rowCount() == 1
    assert "680.00" in report.summary.text()
    monkeypatch.setattr(declined_report, "LINES_SHOWN", 0)  # more items than lines listed: the summary counts all
    report.refresh()
    assert report.ctx.ops.wait() and report.lines.rowCount() == 0 and report.customers.rowCount() == 0
    assert "1 位客户，1 项" in report.summary.text() and "680.00" in report.summary.text() and "导出含全部" in report.summary.text()
    report.export()
    assert report.ctx.ops.wait() and report.ctx.ops.last_error is None


def _click(qtbot, outline, fx: float, fy: float) -> None:
    p = outline.to_widget(fx, fy)
    qtbot.mouseClick(outline, Qt.MouseButton.LeftButton, pos=QPoint(int(p.x()), int(p.y())))


def test_r4_walkaround_dialog_marks_damage_by_clicks_and_saves(qtbot, db: Database, people: dict[Role, Actor],
                                                              make_ctx: MakeCtx) -> None:
    shop = add_shop(db, people)
    number = open_order(db, people, shop).number
    ctx = make_ctx(Role.ADVISOR)
    dialog = WalkaroundDialog(ctx, number, 31000)
    qtbot.addWidget(dialog)
    dialog.resize(1300, 700)
    dialog.show()
    qtbot.waitExposed(dialog)
    _click(qtbot, dialog.outline, 0.3, 0.2)
    dialog.findChild(type(dialog.kind_group.buttons()[0]), "kind_dent").setChecked(True)
    _click(qtbot, dialog.outline, 0.8, 0.6)
    _click(qtbot, dialog.outline, 0.5, 0.9)
    p = dialog.outline.to_widget(0.5, 0.9)  # a right click on a mark takes it off again
    qtbot.mouseClick(dialog.outline, Qt.MouseButton.RightButton, pos=QPoint(int(p.x()), int(p.y())))
    qtbot.mouseClick(dialog.outline, Qt.MouseButton.LeftButton, pos=QPoint(1, 1))  # outside the car: nothing
    assert [m.kind for m in dialog.outline.marks] == ["scratch", "dent"] and dialog.marks_label.text() == "已标记 2 处"
    dialog.fuel.setValue(6)
    dialog.valuables.setText("行车记录仪")
    dialog.lamps["tpms"].setChecked(True)
    dialog.tyres["lf"].setCurrentIndex(dialog.tyres["lf"].findData("worn"))
    dialog.save()
    assert ctx.ops.wait() and ctx.ops.last_error is None
    view = walkaround_of(db, number)
    assert view is not None and view.fuel_eighths == 6 and view.warning_lamps == ("tpms",)
    assert [m.kind for m in view.marks] == ["scratch", "dent"]
    assert abs(view.marks[0].x - 0.3) < 0.02 and abs(view.marks[1].y - 0.6) < 0.02
    again = WalkaroundDialog(ctx, number, 31000)  # opened again: what was saved
    qtbot.addWidget(again)
    assert len(again.outline.marks) == 2 and again.valuables.text() == "行车记录仪" and again.version == 1


def test_r4_photos_are_resized_off_the_gui_thread_and_bad_ones_told(qtbot, db: Database, people: dict[Role, Actor],
                                                                   make_ctx: MakeCtx, tmp_path: Path) -> None:
    shop = add_shop(db, people)
    number = open_order(db, people, shop).number
    ctx = make_ctx(Role.ADVISOR)
    dialog = WalkaroundDialog(ctx, number, 31000)
    qtbot.addWidget(dialog)
    assert not dialog.photo_buttons["camera"].isEnabled() or photo_intake.camera_available()
    big = tmp_path / "IMG_0001.jpg"
    big.write_bytes(jpeg(3000, 2000, seed=5, noise=True, quality=90))
    dialog.add_files([big])
    assert dialog.uploading == 1 and dialog.save_button.isEnabled()  # the dialog did not wait
    dialog.save()  # the checklist saves while the photo is being processed
    assert ctx.ops.wait() and ctx.ops.last_error is None
    metas = photos_of(db, number)
    assert len(metas) == 1 and (metas[0].width, metas[0].height) == (1600, 1066) and dialog.photo_list.count() == 1
    assert walkaround_of(db, number) is not None
    huge = tmp_path / "huge.jpg"
    huge.write_bytes(b"\xff\xd8\xff\xe0" + bytes(20_000_000))
    dialog.add_files([huge])
    assert ctx.ops.wait() and "太大" in ctx.ops.last_message
    text = tmp_path / "notes.jpg"
    text.write_text("这不是照片", encoding="utf-8")
    dialog.add_files([text])
    assert ctx.ops.wait() and "不是图片" in ctx.ops.last_message
    prefs.save_text(ctx.actor.username, photo_intake.FOLDER_PREF, str(tmp_path / "phone-gone"))
    dialog.add_from_folder()
    assert "不存在" in ctx.ops.last_message
    assert len(photos_of(db, number)) == 1 and dialog.uploading == 0 and dialog.photo_list.count() == 1


def test_r4_photos_from_the_phone_folder(qtbot, db: Database, people: dict[Role, Actor], make_ctx: MakeCtx,
                                         tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.front_desk import walkaround_dialog

    shop = add_shop(db, people)
    number = inspected_order(db, people, shop).number
    phone = tmp_path / "phone"
    phone.mkdir()
    for i in range(3):
        (phone / f"IMG_{i}.jpg").write_bytes(jpeg(1200, 900, seed=i))
    (phone / "readme.txt").write_text("x")
    ctx = make_ctx(Role.ADVISOR)
    prefs.save_text(ctx.actor.username, photo_intake.FOLDER_PREF, str(phone))
    seen: list[list[Path]] = []
    monkeypatch.setattr(walkaround_dialog, "pick_folder_photos", lambda _p, _c, files: seen.append(files) or files[:2])
    dialog = WalkaroundDialog(ctx, number, 31000)
    qtbot.addWidget(dialog)
    dialog.add_from_folder()
    assert ctx.ops.wait() and ctx.ops.last_error is None
    assert len(seen[0]) == 3  # the photos only, not the text file
    assert [m.source for m in photos_of(db, number)] == ["folder", "folder"]
