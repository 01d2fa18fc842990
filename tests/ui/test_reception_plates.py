"""F1 at the vehicle dialog: 未上牌 saved by VIN, an unrecognised plate kept only after the confirmation and
shown flagged on the card, the GA 36 kind shown as typed; S2's administration screen with its warning."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from tests.helpers import front_desk_screens_data as data
from ui.admin.calendar import CalendarScreen
from ui.context import AppContext
from ui.front_desk import common
from ui.front_desk.customer_dialog import CustomerDialog
from ui.front_desk.screen import FrontDeskScreen
from ui.front_desk.vehicle_dialog import VehicleDialog
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.queries import customers as cq
from workshop.queries.calendar import calendar_status

MakeCtx = Callable[[Role], AppContext]


def _vehicle_dialog(qtbot, ctx: AppContext, customer_id: int, vin: str) -> VehicleDialog:  # type: ignore[no-untyped-def]
    vd = VehicleDialog(ctx, customer_id)
    qtbot.addWidget(vd)
    vd.vin.setText(vin)
    vd.brand.setText("大众")
    vd.model.setText("ID.4")
    vd.purchase.setDate(date(2026, 1, 5))
    return vd


def test_f1_vehicle_dialog_no_plate_and_unrecognised_plate(
        qtbot, db: Database, people: dict[Role, Actor], make_ctx: MakeCtx, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = make_ctx(Role.ADVISOR)
    cd = CustomerDialog(ctx)
    qtbot.addWidget(cd)
    cd.name.setText("王芳")
    cd.phone.setText("13700137000")
    cd.save()
    assert ctx.ops.wait() and cd.saved is not None
    cid = cd.saved.id

    vd = _vehicle_dialog(qtbot, ctx, cid, data.make_vin("LSVAU2A3N2183724"))
    vd.plate.setText("粤Z·1234港")
    assert "香港" in vd.plate_hint.text()
    vd.no_plate.setChecked(True)
    assert not vd.plate.isEnabled() and "未上牌" in vd.plate_hint.text()
    vd.save()
    assert ctx.ops.wait() and vd.saved is not None and vd.saved.plate == ""

    vd2 = _vehicle_dialog(qtbot, ctx, cid, data.make_vin("LFV3A23C1N3000002"))
    vd2.plate.setText("AB 12345")
    assert "#c81e1e" in vd2.plate_hint.styleSheet()
    asked: list[str] = []
    monkeypatch.setattr(common, "confirm", lambda _p, _c, text: asked.append(text) or False)
    vd2.save()
    assert ctx.ops.wait() and vd2.saved is None and "不是已知的号牌格式" in asked[0]
    monkeypatch.setattr(common, "confirm", lambda *_a: True)
    vd2.save()
    assert ctx.ops.wait() and vd2.saved is not None and vd2.saved.plate_unrecognised

    screen = FrontDeskScreen(ctx)
    qtbot.addWidget(screen)
    screen.load_customer(cid, vd.saved.id)
    assert "未上牌" in screen.card_labels["vehicle"].text()
    screen.load_customer(cid, vd2.saved.id)
    assert "待核对" in screen.card_labels["vehicle"].text()

    card = cq.customer_card(db, cid)
    assert card is not None
    row = next(v for v in card.vehicles if v.id == vd.saved.id)
    edit = VehicleDialog(ctx, cid, row)
    qtbot.addWidget(edit)
    assert edit.no_plate.isChecked()
    edit.no_plate.setChecked(False)
    edit.plate.setText("粤B·D12345")
    edit.save()
    assert ctx.ops.wait() and edit.saved is not None and edit.saved.plate == "粤B·D12345"
    card = cq.customer_card(db, cid)
    assert card is not None
    assert [(h.old_plate, h.new_plate) for h in next(v for v in card.vehicles if v.id == row.id).plate_history] \
        == [(None, "粤B·D12345")]


def test_s2_calendar_screen_warns_for_an_unknown_year_and_saves(
        qtbot, db: Database, people: dict[Role, Actor], make_ctx: MakeCtx) -> None:
    ctx = make_ctx(Role.ADMIN)
    screen = CalendarScreen(ctx, today=date(2035, 3, 1))
    qtbot.addWidget(screen)
    assert "2035" in screen.warning.text() and not screen.warning.isHidden()
    screen.edits["public_holidays"].setPlainText("2035-01-01，2035-02-05")
    screen.edits["shop_closed_days"].setPlainText("2035/3/5")
    screen.save()
    assert ctx.ops.wait()
    assert screen.warning.isHidden() and screen.edits["public_holidays"].toPlainText() == "2035-01-01, 2035-02-05"
    assert calendar_status(db, date(2035, 3, 1)).shop_closed_days == "2035-03-05"
    assert "03-05" not in screen.next_days.text()
