"""W8 the floor board on screen: cards by state or by bay, updated in place (the same widgets, no rebuild), a
database outage keeps the last picture with "连接中断 hh:mm" and recovers, a card dropped on a bay or a
technician goes through the services' checks; the bays screen saves the setting."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from tests.helpers.clock_data import badge_of, two_job_order
from ui.admin.bays import BaysScreen
from ui.context import AppContext
from ui.workshop_floor import floor_board as screen
from ui.workshop_floor.board_cards import CardWidget
from workshop.db.uow import Database
from workshop.domain.clock import utcnow
from workshop.domain.floor_board import Bay
from workshop.domain.roles import Actor, Role
from workshop.services import dispatch, floor_board, job_clock


def _settle(board: screen.FloorBoard, qtbot: Any) -> None:
    board.ctx.ops.wait(timeout_ms=10_000)
    qtbot.waitUntil(lambda: not board.loading, timeout=10_000)


def _card(board: screen.FloorBoard) -> CardWidget:
    (card,) = board.canvas.cards.values()
    return card


def test_w8_cards_update_in_place_and_survive_an_outage(qtbot: Any, make_ctx: Callable[[Role], AppContext],
                                                         db: Database, people: dict[Role, Actor],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    shop, wo = two_job_order(db, people)
    board = screen.FloorBoard(make_ctx(Role.WORKSHOP_MANAGER), tv=True)
    qtbot.addWidget(board)
    _settle(board, qtbot)
    card = _card(board)
    assert card.plate.text() == shop.vehicle.plate and "未派工" in card.crew.text()
    assert "已开工" in board.canvas.columns["started"].title.text()
    now = utcnow() - timedelta(minutes=5)
    job_clock.clock_on(db.uow(), badge_of(db, people[Role.TECHNICIAN]), wo.number, wo.labor_lines[0].id,
                       plate=shop.vehicle.plate, now=now)
    board.refresh()
    _settle(board, qtbot)
    assert _card(board) is card  # the same widget, moved to its new column
    assert board.canvas.columns["in_progress"].cards.indexOf(card) == 0
    assert "计时中" in card.crew.text()

    def out(*_: object, **__: object) -> None:
        raise OperationalError("SELECT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(screen, "board_picture", out)
    board.refresh()
    _settle(board, qtbot)
    assert board.status.isVisibleTo(board) and board.status.text().startswith("连接中断 ")
    assert _card(board) is card and card.plate.text() == shop.vehicle.plate  # the last picture stays
    monkeypatch.undo()
    board.refresh()
    _settle(board, qtbot)
    assert not board.status.isVisibleTo(board)


def test_w8_drop_a_card_on_a_bay_or_a_technician(qtbot: Any, make_ctx: Callable[[Role], AppContext],
                                                 db: Database, people: dict[Role, Actor]) -> None:
    floor_board.save_bays(db.uow(), people[Role.ADMIN], [Bay("机修1", "lift", "机修"), Bay("钣喷1", "bay", "钣喷")])
    _, wo = two_job_order(db, people)
    lead = make_ctx(Role.TEAM_LEADER)
    board = screen.FloorBoard(lead)
    qtbot.addWidget(board)
    _settle(board, qtbot)
    board.mode.setCurrentIndex(board.mode.findData("bay"))
    assert list(board.canvas.columns) == ["机修1", "钣喷1", ""]
    board.drop_on_bay(wo.number, "钣喷1")  # the 机修 leader may not use a 钣喷 bay
    _settle(board, qtbot)
    assert "钣喷" in str(lead.ops.last_error)
    board.drop_on_bay(wo.number, "机修1")
    _settle(board, qtbot)
    board.refresh()  # on screen the board follows each change (here it is not shown: the test asks)
    qtbot.waitUntil(lambda: board.canvas.columns["机修1"].cards.count() == 1, timeout=10_000)
    # one job left to dispatch after the first: dropped on the technician, it goes to them at 100 %
    tech = people[Role.TECHNICIAN].user_id
    dispatch.dispatch_line(db.uow(), lead.actor, wo.number, wo.labor_lines[0].id, [(tech, 100)])
    with db.uow() as uow:  # the oil change is finished: only the brakes remain
        from workshop.db.models import LaborLine

        line = uow.session.get(LaborLine, wo.labor_lines[0].id)
        assert line is not None
        line.finished_at = utcnow()
        uow.commit()
    board.drop_on_technician(wo.number, tech)
    _settle(board, qtbot)
    brakes = next(ln for ln in dispatch.dispatch_of(db, wo.number) if ln.id == wo.labor_lines[1].id)
    assert [(s.technician_id, s.share_pct) for s in brakes.shares] == [(tech, 100)]


def test_w8_bays_screen_saves_the_setting(qtbot: Any, make_ctx: Callable[[Role], AppContext], db: Database) -> None:
    bays = BaysScreen(make_ctx(Role.ADMIN))
    qtbot.addWidget(bays)
    bays.add_row(Bay("机修1", "lift", "机修"))
    bays.add_row(Bay("洗车位"))
    bays.save()
    bays.ctx.ops.wait(timeout_ms=10_000)
    qtbot.waitUntil(lambda: floor_board.current_bays(db) == (Bay("机修1", "lift", "机修"), Bay("洗车位")),
                    timeout=10_000)


def test_w8_tv_pages_through_more_cars_than_the_screen_holds(qtbot: Any) -> None:
    """A wall screen has no mouse: with more cards than fit, the TV shows the next screenful every few seconds
    (keeping the last row of the one before in view) and starts again at the top after the bottom."""
    from ui.workshop_floor.board_cards import BoardCanvas

    canvas = BoardCanvas("zh", str, 1.5)
    qtbot.addWidget(canvas)
    canvas.inner.setMinimumHeight(3000)  # 340 cars in their columns
    canvas.resize(800, 600)
    with qtbot.waitExposed(canvas):
        canvas.show()
    bar = canvas.verticalScrollBar()
    seen = [bar.value()]
    for _ in range(12):
        canvas.page_on()
        seen.append(bar.value())
    assert seen[0] == 0 and seen[1] > 0 and bar.maximum() in seen
    top = seen.index(bar.maximum())
    assert all(b - a < bar.pageStep() for a, b in itertools.pairwise(seen[:top + 1]))  # overlapping
    assert seen[top + 1] == 0  # and round again
    assert screen.TV_PAGE_SECONDS >= 5


def _picture(n: int, state: str = "in_progress") -> Any:
    from datetime import UTC, datetime

    from workshop.queries.floor_board import BoardCard, BoardPicture

    at = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    cards = tuple(BoardCard(id=i, number=f"RO2611-{i:04d}", plate=f"粤A·{i:05d}", model="卡罗拉", state=state,
                            priority="normal", team=None, bay=None, crew=(), waiting_for=None, waiting_since=None,
                            state_since=at, promised_at=None, expected_finish=at + timedelta(hours=i), late=False,
                            version=1) for i in range(1, n + 1))
    return BoardPicture(cards, (), at, 5)


def _built(column: Any) -> list[Any]:
    """The card widgets of a column, top to bottom."""
    return [column.cards.itemAt(i).widget() for i in range(column.cards.count())]


def test_w8_board_builds_the_first_cards_of_a_column_and_the_rest_when_asked(qtbot: Any) -> None:
    """Issue 22: 40 cars in one state build 12 cards at first (the column still counts 40 and says how many are
    below); scrolling to the end or "显示更多" builds the next 12, in their order; a refresh keeps them."""
    from ui.workshop_floor.board_cards import BATCH, BoardCanvas

    canvas = BoardCanvas("zh", str)
    qtbot.addWidget(canvas)
    canvas.resize(900, 600)
    with qtbot.waitExposed(canvas):
        canvas.show()
    columns: list[tuple[object, str]] = [("in_progress", "维修中"), ("started", "已开工")]
    picture = _picture(40)
    canvas.show_picture(picture, columns, lambda c: c.state, False)
    column = canvas.columns["in_progress"]
    assert BATCH == 12 and len(canvas.cards) == 12 and column.cards.count() == 12
    assert column.title.text() == "维修中（40）"
    assert not column.more.isHidden() and column.more.text() == "还有 28 辆 · 显示更多"
    assert canvas.columns["started"].more.isHidden()
    first = _built(column)
    assert [w.card.id for w in first] == list(range(1, 13))  # late and urgent first: the picture's order
    column.more.click()
    assert column.cards.count() == 24 and column.more.text() == "还有 16 辆 · 显示更多"
    canvas.show_picture(_picture(40), columns, lambda c: c.state, False)  # the next refresh
    assert column.cards.count() == 24 and _built(column)[:12] == first
    bar = canvas.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())  # scrolled to the end
    assert column.cards.count() == 36
    qtbot.waitUntil(lambda: bar.maximum() > bar.value())  # laid out: the end moved down
    bar.setValue(bar.maximum())
    assert column.cards.count() == 40 and column.more.isHidden()
    assert [w.card.id for w in _built(column)] == list(range(1, 41))


def test_w8_tv_builds_more_cards_as_it_pages_and_starts_light_again(qtbot: Any) -> None:
    """The TV has no one to scroll it: paging past the last card built builds the next ones; back at the top
    the cards beyond the first 12 go again (the wall screen refreshes every few seconds)."""
    from ui.workshop_floor.board_cards import BoardCanvas

    canvas = BoardCanvas("zh", str, 1.5)
    qtbot.addWidget(canvas)
    canvas.resize(900, 700)
    with qtbot.waitExposed(canvas):
        canvas.show()
    canvas.show_picture(_picture(30), [("in_progress", "维修中")], lambda c: c.state, False)
    column = canvas.columns["in_progress"]
    bar = canvas.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    most = 0
    for _ in range(40):
        canvas.page_on()
        qtbot.wait(1)
        most = max(most, column.cards.count())
        if most == 30 and bar.value() == 0:
            break
    assert most == 30 and bar.value() == 0 and column.cards.count() == 12
