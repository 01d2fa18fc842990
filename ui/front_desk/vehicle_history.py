"""The history of the picked vehicle (or customer) in one panel (R3, issue 19): its work orders (double-click or
Enter opens one), its mileage over time, the work the customer declined that is still open (R3: until done or
dismissed, as reception shows it), and its open claims."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.front_desk import common
from ui.front_desk.common import RowsModel, make_table
from ui.widgets.columns import fit_columns
from ui.widgets.lazy_table import LazyTableModel
from workshop.domain.clock import fmt_shop, to_shop
from workshop.domain.codes import ClaimState
from workshop.domain.labels import label_of
from workshop.queries.vehicle_history import (
    PAGE,
    HistoryOrder,
    MileagePoint,
    VehicleHistory,
    mileage_of,
    vehicle_history,
    vehicle_orders,
)


class MileageChart(QWidget):
    """Mileage at each visit as a line over time; first and last visit labelled."""

    def __init__(self) -> None:
        super().__init__()
        self.points: list[MileagePoint] = []
        self.setMinimumHeight(90)

    def set_points(self, points: list[MileagePoint]) -> None:
        self.points = points
        self.setToolTip("\n".join(f"{fmt_shop(p.at)[:10]}  {p.km:,} km  {p.number}" for p in points))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.points:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = p.fontMetrics()
        left, right, top, bottom = 8, self.width() - 8, fm.height() + 4, self.height() - fm.height() - 6
        t0, t1 = self.points[0].at.timestamp(), self.points[-1].at.timestamp()
        k0 = min(x.km for x in self.points)
        k1 = max(x.km for x in self.points)

        def xy(pt: MileagePoint) -> QPointF:
            x = left + (right - left) * ((pt.at.timestamp() - t0) / (t1 - t0) if t1 > t0 else 0.5)
            y = bottom - (bottom - top) * ((pt.km - k0) / (k1 - k0) if k1 > k0 else 0.5)
            return QPointF(x, y)

        p.setPen(QPen(QColor("#2980b9"), 2))
        dots = [xy(x) for x in self.points]
        for a, b in pairwise(dots):
            p.drawLine(a, b)
        for d in dots:
            p.drawEllipse(d, 3, 3)
        p.setPen(QColor("#333333"))
        first, last = self.points[0], self.points[-1]
        p.drawText(left, self.height() - 4, f"{to_shop(first.at):%Y-%m}  {first.km:,} km")
        text = f"{to_shop(last.at):%Y-%m}  {last.km:,} km"
        p.drawText(right - fm.horizontalAdvance(text), fm.ascent() + 1, text)
        p.end()


class VehicleHistoryPanel(QWidget):
    """show(vehicle_id=…) or show(customer_id=…); open_work_order(number) on a double-click or Enter."""

    def __init__(self, ctx: AppContext, open_work_order: Callable[[str], None]) -> None:
        super().__init__()
        self.ctx = ctx
        self.open_work_order = open_work_order
        self.history = VehicleHistory([], [], [], [])
        self._points: list[MileagePoint] = []  # the chart's: the visits of the orders listed so far, oldest first
        self._listed = 0  # how many of the history's orders the list has read
        self._name = ""  # whose history (the title's)
        t = ctx.tr
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(t("（请先选择客户或车辆）", "(pick a customer or a vehicle)"))
        layout.addWidget(self.title)
        # a page at a time as the list is scrolled (a fleet car's years are 120 visits): the first page is the
        # one vehicle_history read with the rest of the panel
        self.orders = LazyTableModel([t(*h) for h in (("工单号", "Number"), ("日期", "Date"), ("类型", "Kind"),
                                                      ("状态", "State"), ("里程", "Mileage"), ("金额", "Total"),
                                                      ("车牌", "Plate"))], lambda _o, _n: [], page_size=PAGE)
        self.orders_view = make_table(self.orders)
        self.orders_view.setObjectName("history_orders")
        self.orders_view.setToolTip(t("双击或回车打开工单", "Double-click or Enter opens the work order"))
        self.orders_view.doubleClicked.connect(lambda _i: self.open_selected())
        self.orders_view.activated.connect(lambda _i: self.open_selected())
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.orders_view)
        lower = QWidget()
        row = QHBoxLayout(lower)
        row.setContentsMargins(0, 0, 0, 0)
        self.mileage = MileageChart()
        self.mileage_text = QLabel()
        self.mileage_text.setWordWrap(True)
        row.addWidget(self._box(t("里程变化", "Mileage over time"), self.mileage, self.mileage_text), 2)
        self.declined = RowsModel([t(*h) for h in (("未做项目", "Declined work"), ("工单号", "Work order"),
                                                   ("日期", "Date"))])
        self.declined_view = make_table(self.declined, stretch=0)  # the item's words take what the number and
        # the date leave (fitted to them in show_history: set to "resize to contents" here, the first refit on
        # showing made them interactive again at the width of an empty table, "RO…" and "2…")
        self.declined_view.doubleClicked.connect(lambda i: self._open_from(self.declined, i.row(), 1))
        self.declined_box = self._box("", self.declined_view)
        row.addWidget(self.declined_box, 3)
        self.claims = RowsModel([t(*h) for h in (("索赔单", "Claim"), ("工单号", "Work order"), ("状态", "State"),
                                                 ("金额", "Amount"))], align_right=(3,))
        self.claims_view = make_table(self.claims)
        self.claims_view.doubleClicked.connect(lambda i: self._open_from(self.claims, i.row(), 1))
        self.claims_box = self._box("", self.claims_view)
        row.addWidget(self.claims_box, 3)
        split.addWidget(lower)
        split.setSizes([300, 170])
        layout.addWidget(split, 1)
        self._titles()

    @staticmethod
    def _box(title: str, *widgets: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        v = QVBoxLayout(box)
        v.setContentsMargins(4, 4, 4, 4)
        for w in widgets:
            v.addWidget(w, 1 if isinstance(w, (QTableView, MileageChart)) else 0)
        return box

    def _titles(self) -> None:
        t, h = self.ctx.tr, self.history
        self.declined_box.setTitle(t(f"客户未做的建议（{len(h.declined)}）", f"Declined work still open ({len(h.declined)})"))
        self.claims_box.setTitle(t(f"未结索赔（{len(h.open_claims)}）", f"Open claims ({len(h.open_claims)})"))

    def show_history(self, *, vehicle_id: int | None = None, customer_id: int | None = None,
                     work_order_id: int | None = None, name: str = "") -> None:
        ctx = self.ctx
        self.history = h = vehicle_history(ctx.db, vehicle_id=vehicle_id, customer_id=customer_id,
                                           work_order_id=work_order_id)
        self._name, self._points, self._listed = name, list(h.mileage), len(h.orders)
        self._heading()

        def page(offset: int, limit: int) -> list[tuple[str, ...]]:  # the rows read with the panel, then more
            orders = h.orders[offset:offset + limit]
            more = min(limit - len(orders), h.order_count - offset - len(orders))
            if more > 0:
                orders += vehicle_orders(ctx.db, vehicle_id=h.vehicle_id, customer_id=h.customer_id,
                                         offset=offset + len(orders), limit=more)
            if offset + len(orders) > self._listed:  # older visits scrolled into the list: the chart goes back too
                self._points = mileage_of(orders[max(0, self._listed - offset):]) + self._points
                self._listed = offset + len(orders)
                self._show_mileage()
                self._heading()
            return [self._order_row(o) for o in orders]

        self.orders.restart(page)
        fit_columns(self.orders_view, self.orders_view.property('fit_stretch'))
        self._show_mileage()
        self.declined.set_rows([(d.description, d.work_order, fmt_shop(d.noted_at)[:10]) for d in h.declined],
                               h.declined)
        fit_columns(self.declined_view, self.declined_view.property('fit_stretch'))
        self.claims.set_rows([(c.number, c.work_order_no, label_of(ClaimState, c.state, ctx.lang), common.money(c.amount))
                              for c in h.open_claims], h.open_claims)
        fit_columns(self.claims_view, self.claims_view.property('fit_stretch'))
        self._titles()

    def _heading(self) -> None:
        """Whose history, how many orders; "scroll down for older ones" while some are still unlisted."""
        t, name, count = self.ctx.tr, self._name, self.history.order_count
        newest = t("，最近的在前（向下滚动看更早的）", ", newest first (scroll down for older ones)") \
            if count > self._listed else ""
        self.title.setText(t(f"{name} 的维修档案：{count} 张工单{newest}", f"History of {name}: {count} work orders{newest}")
                           if name else t("（请先选择客户或车辆）", "(pick a customer or a vehicle)"))

    def _order_row(self, o: HistoryOrder) -> tuple[str, ...]:
        ctx = self.ctx
        return (o.number, fmt_shop(o.opened_at)[:10], common.kind_name(ctx, o.kind), common.state_name(ctx, o.state),
                f"{o.mileage:,}", common.money(o.total), o.plate)

    def _show_mileage(self) -> None:
        self.mileage.set_points(self._points)
        self.mileage_text.setText(self._mileage_sentence())

    def _mileage_sentence(self) -> str:
        """The visits charted and the yearly mileage over them; while older orders are still unlisted, it says
        these are the latest visits and how many orders there are in all."""
        pts, t, count = self._points, self.ctx.tr, self.history.order_count
        if not pts:
            return ""
        days = (pts[-1].at - pts[0].at).days
        per_year = round((pts[-1].km - pts[0].km) * 365 / days) if days > 0 else 0
        rate = t(f"，约 {per_year:,} km/年", f", about {per_year:,} km a year") if len(pts) > 1 else ""
        if self._listed < count:
            return t(f"最近 {len(pts)} 次进厂（共 {count} 张工单）{rate}",
                     f"The last {len(pts)} visits (of {count} work orders){rate}")
        if len(pts) == 1:
            return t("只有一次进厂记录。", "One visit only.")
        return t(f"{len(pts)} 次进厂{rate}", f"{len(pts)} visits{rate}")

    def open_selected(self) -> None:
        rows = self.orders_view.selectionModel().selectedRows() if self.orders_view.selectionModel() else []
        if rows:
            self.open_work_order(str(self.orders.row_values(rows[0].row())[0]))

    def _open_from(self, model: RowsModel, row: int, column: int) -> None:
        if 0 <= row < model.rowCount():
            self.open_work_order(model.display_row(row)[column])
