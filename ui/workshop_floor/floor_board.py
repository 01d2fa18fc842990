"""W8: the floor board — every car in the workshop as a card, in columns by state or by bay (switchable),
filtered by team, with a legend. Drag a card onto a bay column to put the car there, or onto a technician to
dispatch a job of it (the dispatch service's checks). The same widget is the full-screen TV mode: it refreshes
itself every few seconds (the setting board_refresh_seconds) in the background, updates the cards in place,
and when the database cannot be reached keeps the last picture and shows "连接中断 hh:mm" until it is back."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCursor, QHideEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.common import screen_title
from ui.context import AppContext
from ui.front_desk import common
from ui.widgets.fresh import Freshness
from ui.workshop_floor.board_cards import BoardCanvas, DropTarget, legend
from workshop.domain.changes import RecordKind
from workshop.domain.clock import fmt_shop, utcnow
from workshop.domain.codes import BayKind
from workshop.domain.errors import WorkshopError
from workshop.domain.floor_board import NO_BAY
from workshop.domain.labels import label_of
from workshop.domain.roles import Perm
from workshop.domain.work_order import IN_WORKSHOP
from workshop.queries.floor_board import BoardCard, BoardPicture, board_picture
from workshop.queries.work_orders import people_with_role
from workshop.services import teams

TV_PAGE_SECONDS = 10  # how long the TV shows each screenful of cars

class FloorBoard(QWidget):
    def __init__(self, ctx: AppContext, *, tv: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.tv = ctx, tv
        t = ctx.tr
        self.picture: BoardPicture | None = None
        self.lost_since: datetime | None = None
        self.loading = False
        self.tv_window: FloorBoard | None = None
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        title = screen_title(t("车间大屏", "Floor board"))
        if tv:
            f = title.font()
            f.setPointSizeF(f.pointSizeF() * 1.6)
            title.setFont(f)
        head.addWidget(title)
        self.summary = QLabel()
        if tv:
            f = self.summary.font()
            f.setPointSizeF(f.pointSizeF() * 1.5)
            self.summary.setFont(f)
        head.addWidget(self.summary, 1)
        self.status = QLabel()
        self.status.setObjectName("connection")
        self.status.setStyleSheet("color: white; background: #c81e1e; padding: 4px 10px; font-weight: bold;")
        self.status.setVisible(False)
        head.addWidget(self.status)
        self.mode = QComboBox()
        self.mode.setObjectName("mode")
        self.mode.addItem(t("按状态", "By state"), "state")
        self.mode.addItem(t("按工位", "By bay"), "bay")
        self.team = QComboBox()
        self.team.setObjectName("team")
        self.team.addItem(t("全部班组", "All teams"), None)
        for info in teams.list_teams(ctx.db):
            self.team.addItem(info.label, info.code)
        head.addWidget(self.mode)
        head.addWidget(self.team)
        self.tv_button = QPushButton(t("电视全屏", "TV mode"))
        self.tv_button.setObjectName("tv")
        self.tv_button.setVisible(not tv)
        self.tv_button.clicked.connect(self.open_tv)
        head.addWidget(self.tv_button)
        layout.addLayout(head)
        layout.addWidget(legend(ctx.lang, 1.5 if tv else 1.0))
        strip = QWidget()
        self.techs = QHBoxLayout(strip)
        self.techs.setContentsMargins(0, 0, 0, 0)
        self.tech_row = QScrollArea()
        self.tech_row.setWidget(strip)
        self.tech_row.setWidgetResizable(True)
        self.tech_row.setFrameShape(QFrame.Shape.NoFrame)
        self.tech_row.setFixedHeight(44)
        self.tech_row.setVisible(not tv and ctx.can(Perm.JOB_ASSIGN))
        layout.addWidget(self.tech_row)
        self.canvas = BoardCanvas(ctx.lang, lambda s: common.state_name(ctx, s), 1.5 if tv else 1.0)
        self.canvas.dropped_on_column.connect(self.drop_on_bay)
        layout.addWidget(self.canvas, 1)
        self.mode.currentIndexChanged.connect(self._redraw)
        self.team.currentIndexChanged.connect(self._team_changed)
        self.timer = QTimer(self)  # runs while the board is on screen (showEvent / hideEvent)
        self.timer.setInterval(5_000 if tv else 30_000)
        self.timer.timeout.connect(self.refresh)
        self.pager = QTimer(self)  # the TV pages through more cars than fit on the wall screen by itself
        self.pager.setInterval(TV_PAGE_SECONDS * 1000)
        self.pager.timeout.connect(self.canvas.page_on)
        # a change redraws the board on screen at once, a hidden one when it is shown again - or when its
        # picture is older than one refresh interval (times on the job age), never on every switch back
        self.fresh = Freshness(self, ctx.ops, {RecordKind.WORK_ORDERS, RecordKind.CLOCKS, RecordKind.FLOOR},
                               lambda: self.refresh(), max_age_s=self.timer.interval() / 1000)
        self._technicians()
        self.refresh()

    # --- the picture --------------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.timer.start()
        if self.tv:
            self.pager.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.timer.stop()
        self.pager.stop()

    def refresh(self) -> None:
        if self.loading:
            return
        self.loading = True
        ctx, team = self.ctx, self.team.currentData()
        ctx.ops.run(lambda: board_picture(ctx.db, team=team), self._shown, on_error=self._lost, parent=self)

    def _shown(self, picture: BoardPicture) -> None:
        self.loading = False
        self.fresh.mark_loaded()
        self.lost_since = None
        self.status.setVisible(False)
        self.picture = picture
        if self.tv:
            self.timer.setInterval(picture.refresh_seconds * 1000)
        self._redraw()

    def _lost(self, exc: BaseException) -> None:
        """Keep the last picture; say since when the database is out of reach; the timer keeps trying."""
        self.loading = False
        if isinstance(exc, WorkshopError):
            self.ctx.ops.report(exc, parent=self)
            return
        self.lost_since = self.lost_since or utcnow()
        self.status.setText(self.ctx.tr(f"连接中断 {fmt_shop(self.lost_since)[11:]}",
                                        f"Connection lost {fmt_shop(self.lost_since)[11:]}"))
        self.status.setVisible(True)

    def _redraw(self) -> None:
        picture = self.picture
        if picture is None:
            return
        t = self.ctx.tr
        if self.mode.currentData() == "bay":
            team = self.team.currentData()
            bays = [b for b in picture.bays if team is None or b.team in (None, team)]
            columns: list[tuple[object, str]] = [
                (b.name, f"{b.name} · {label_of(BayKind, b.kind, self.ctx.lang)}") for b in bays]
            columns.append((NO_BAY, t("未上工位", "No bay")))
            names = {b.name for b in bays}

            def column_of(c: BoardCard) -> object:
                return c.bay if c.bay in names else NO_BAY
            accepts = self.ctx.can(Perm.JOB_ASSIGN)
        else:
            columns = [(s.value, common.state_name(self.ctx, s.value)) for s in IN_WORKSHOP]

            def column_of(c: BoardCard) -> object:
                return c.state
            accepts = False
        self.canvas.show_picture(picture, columns, column_of, accepts, wrap=self.mode.currentData() == "bay")
        late = sum(1 for c in picture.cards if c.late)
        waiting = sum(1 for c in picture.cards if c.waiting_for)
        self.summary.setText(t(f"在厂 {len(picture.cards)} 辆　超时 {late} 辆　等待中 {waiting} 辆　"
                               f"更新于 {fmt_shop(picture.taken_at, with_seconds=True)[11:]}",
                               f"{len(picture.cards)} cars · {late} late · {waiting} waiting · "
                               f"updated {fmt_shop(picture.taken_at, with_seconds=True)[11:]}"))
        self.summary.setStyleSheet("color: #c81e1e;" if late else "")

    def _team_changed(self) -> None:
        self._technicians()
        self.refresh()

    def _technicians(self) -> None:
        """The technicians of the team as drop targets: a card dropped on one dispatches to them."""
        while self.techs.count():
            item = self.techs.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        if self.tv or not self.ctx.can(Perm.JOB_ASSIGN):
            return
        self.techs.addWidget(QLabel(self.ctx.tr("拖到技工派工：", "Drop on a technician to dispatch:")))
        for p in people_with_role(self.ctx.db, "technician", "team_leader", team=self.team.currentData()):
            chip = DropTarget(p.id, True)
            chip.setObjectName("tech")
            chip.setStyleSheet("QFrame#tech { border: 1px solid #98a2b3; border-radius: 10px; padding: 2px 8px; }")
            row = QHBoxLayout(chip)
            row.setContentsMargins(8, 2, 8, 2)
            row.addWidget(QLabel(p.name))
            chip.dropped.connect(self.drop_on_technician)
            self.techs.addWidget(chip)
        self.techs.addStretch(1)

    # --- dispatch by dragging -----------------------------------------------------------------------------
    def drop_on_bay(self, number: str, bay: object) -> None:
        from workshop.services import floor_board

        ctx = self.ctx
        target = None if bay == NO_BAY else str(bay)
        ctx.ops.run_service(floor_board.place_on_bay, number, target, parent=self)

    def drop_on_technician(self, number: str, technician_id: object) -> None:
        from workshop.services import dispatch

        ctx = self.ctx
        lines = [ln for ln in dispatch.dispatch_of(ctx.db, number) if not ln.finished]
        if not lines:
            common.inform(self, ctx, ctx.tr(f"工单 {number} 没有可派的维修项目。", f"Work order {number} has no job to dispatch."))
            return
        line = lines[0]
        if len(lines) > 1:
            menu = QMenu(self)
            for ln in lines:
                who = "、".join(s.name for s in ln.shares) or ctx.tr("未派工", "not dispatched")
                menu.addAction(f"{ln.description}（{ln.hours} h，{who}）").setData(ln.id)
            chosen: QAction | None = menu.exec(QCursor.pos())  # None when the menu is dismissed
            if chosen is None:
                return
            line = next(ln for ln in lines if ln.id == chosen.data())
        reason = ""
        if line.shares:
            reason, ok = QInputDialog.getText(self, ctx.tr("改派", "Reassign"),
                                              ctx.tr("改派原因：", "Reason for the reassignment:"))
            if not ok:
                return
        tech = int(str(technician_id))
        ctx.ops.run_service(dispatch.dispatch_line, number, line.id, [(tech, Decimal("100"))], reason=reason,
                            parent=self)

    # --- the TV -------------------------------------------------------------------------------------------
    def open_tv(self) -> None:
        if self.tv_window is None:
            self.tv_window = FloorBoard(self.ctx, tv=True)
            self.tv_window.setWindowTitle(self.ctx.tr("车间大屏", "Floor board"))
            self.tv_window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.tv_window.destroyed.connect(self._tv_closed)
        # the whole screen even where no window manager honours full screen (a floor PC started bare)
        self.tv_window.setGeometry(self.screen().geometry())
        self.tv_window.showFullScreen()

    def _tv_closed(self) -> None:
        self.tv_window = None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.tv and event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)


class FloorBoardScreen(FloorBoard):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
