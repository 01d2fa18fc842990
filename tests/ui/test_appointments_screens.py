"""R1/R2 on screen: the calendar's day and week views, booking from the dialog, the arrival that opens the work
order, and customer service's reminder list with a call that books."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from tests.helpers import appointments_data as ad
from tests.helpers.clock import ShopClock
from ui.appointments import calendar
from ui.appointments.booking_dialog import BookingDialog
from ui.appointments.reminder_call_dialog import ReminderCallDialog
from ui.appointments.reminders import RemindersScreen
from ui.context import AppContext
from ui.front_desk import common
from workshop.db.models import Appointment, Vehicle
from workshop.db.uow import Database
from workshop.domain.reminders import CallOutcome
from workshop.domain.roles import Actor, Role

pytestmark = pytest.mark.clock


@pytest.fixture
def car(db: Database, people: dict[Role, Actor], shop_clock: ShopClock) -> ad.Shop:
    ad.at_monday(shop_clock)
    return ad.shop_car(db, people)


def test_r1_the_calendar_shows_places_and_the_dialog_books(
        qtbot, db: Database, car: ad.Shop, make_ctx: Callable[[Role], AppContext]) -> None:
    ctx = make_ctx(Role.ADVISOR)
    screen = calendar.AppointmentsScreen(ctx, today=ad.TUESDAY)
    qtbot.addWidget(screen)
    assert screen.slots.display_row(1) == ("10:00", "0 / 3", "0 / 1")
    dialog = BookingDialog(ctx, ad.TUESDAY, parent=screen, slot="10:00")
    qtbot.addWidget(dialog)
    dialog.fields.vehicle_search.setText("12345")
    dialog.fields._search()
    assert dialog.fields.chosen_vehicle() == car.vehicle.id
    dialog.fields.service.setText("空调有异味")
    dialog.save()
    assert ctx.ops.wait()
    assert screen.slots.display_row(1) == ("10:00", "1 / 3", "0 / 1")
    assert screen.list.display_row(0)[3] == "粤B·12345"
    week = screen.week
    assert week.headerData(2, Qt.Orientation.Horizontal) == "周二 03-10"
    assert week.display_row(0)[2] == "1 / 12"


def test_r1_arrival_from_the_calendar_opens_the_work_order(
        qtbot, db: Database, people: dict[Role, Actor], car: ad.Shop, shop_clock: ShopClock,
        make_ctx: Callable[[Role], AppContext], monkeypatch: pytest.MonkeyPatch) -> None:
    ad.book(db, people[Role.ADVISOR], car)
    shop_clock.move_to(ad.MONDAY_9AM + timedelta(days=1, hours=1))
    ctx = make_ctx(Role.ADVISOR)
    screen = calendar.AppointmentsScreen(ctx, today=ad.TUESDAY)
    qtbot.addWidget(screen)
    screen.list_view.selectRow(0)
    told: list[str] = []
    monkeypatch.setattr(calendar.QInputDialog, "getInt", lambda *a, **k: (31000, True))
    monkeypatch.setattr(common, "inform", lambda _p, _c, text: told.append(text))
    assert screen.arrive_btn.isEnabled()
    screen.arrive_btn.click()
    assert ctx.ops.wait()
    assert told and told[0].startswith("已开工单 RO")
    assert screen.list.display_row(0)[2] == "已到店" and screen.list.display_row(0)[11].startswith("RO")


def test_r2_the_reminder_list_and_a_call_that_books(
        qtbot, db: Database, people: dict[Role, Actor], car: ad.Shop,
        make_ctx: Callable[[Role], AppContext]) -> None:
    today = date(2026, 3, 9)
    with db.uow() as uow:
        v = uow.session.get(Vehicle, car.vehicle.id)
        assert v is not None
        v.service_due = today + timedelta(days=4)
        uow.commit()
    ctx = make_ctx(Role.CUSTOMER_SERVICE)
    screen = RemindersScreen(ctx, today=today)
    qtbot.addWidget(screen)
    assert ctx.ops.wait()  # the list is read off the GUI thread
    assert screen.model.display_row(0)[:4] == ("2026-03-13", "4", "保养到期", "粤B·12345")
    screen.view.selectRow(0)
    row = screen._row()
    assert row is not None
    dialog = ReminderCallDialog(ctx, row, today, parent=screen)
    qtbot.addWidget(dialog)
    dialog.buttons_by[CallOutcome.BOOKED].setChecked(True)
    assert not dialog.booking.isHidden()
    dialog.save()
    assert ctx.ops.wait()
    assert screen.model.rowCount() == 0
    with db.read() as s:
        a = s.scalars(select(Appointment)).one()
        assert (a.vehicle_id, a.state, a.advisor_id) == (car.vehicle.id, "booked", people[Role.ADVISOR].user_id)


def test_r2_a_new_service_interval_on_the_settings_screen_recomputes_the_due_dates(
        qtbot, db: Database, car: ad.Shop, make_ctx: Callable[[Role], AppContext]) -> None:
    from ui.admin.shop_setup import ShopSettingsScreen

    ctx = make_ctx(Role.ADMIN)
    screen = ShopSettingsScreen(ctx)
    qtbot.addWidget(screen)
    ctx.ops.wait()
    assert screen.form.values()["service_interval"] == "6/5000"
    screen.form.set_values({"service_interval": "6 个月"})
    screen.save()
    ctx.ops.wait()
    assert "月数/公里数" in screen.error.text()
    screen.form.set_values({"service_interval": "3/50000"})
    screen.save()
    ctx.ops.wait()
    with db.read() as s:
        v = s.get(Vehicle, car.vehicle.id)
        assert v is not None and v.service_due == date(2025, 4, 10)  # bought 2025-01-10, never serviced here
