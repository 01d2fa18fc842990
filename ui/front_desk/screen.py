"""The front desk (服务顾问): search while typing (part of a plate, VIN, mobile number, name) -> the customer
and vehicle with warranty status (F3) -> add/edit customer and vehicle, open a work order; the work order
history (lazy table) and the added items waiting for the customer's consent (F6)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui import shortcuts
from ui.common import screen_title
from ui.context import AppContext
from ui.front_desk.added_items import PendingAddedItems
from ui.front_desk.common import RowsModel, make_table, selected_payload
from ui.front_desk.history import WorkOrderHistory
from ui.widgets.columns import fit_columns
from ui.widgets.query_op import SEARCH_DEBOUNCE_MS, QueryOp
from workshop.domain.changes import ChangeSet, RecordKind
from workshop.domain.codes import MatchField
from workshop.domain.labels import label_of
from workshop.domain.lang import tr
from workshop.domain.roles import Perm
from workshop.queries.customers import (
    CustomerCard,
    SearchHit,
    VehicleRow,
    customer_card,
    search,
    warranty_at_reception,
)
from workshop.queries.declined_work import declined_for_vehicle

if TYPE_CHECKING:
    from ui.front_desk.vehicle_history import VehicleHistoryPanel

HISTORY_TAB = 2


class FrontDeskScreen(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.card: CustomerCard | None = None
        self.vehicle: VehicleRow | None = None
        self.windows: dict[str, QWidget] = {}
        t = ctx.tr
        layout = QVBoxLayout(self)
        layout.addWidget(screen_title(t("前台接待", "Front desk")))
        bar = QHBoxLayout()
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(t("输入车牌（任意部分）、车架号、手机号或姓名…",
                                             "Type part of a plate, a VIN, a mobile number or a name…"))
        self.search_box.setClearButtonEnabled(True)
        font = self.search_box.font()
        font.setPointSize(font.pointSize() + 3)
        self.search_box.setFont(font)
        self.new_customer = QPushButton(t("新客户", "New customer"))
        shortcuts.bind(self.new_customer, "Ctrl+N")
        self.new_customer.setVisible(ctx.can(Perm.CUSTOMER_EDIT))
        bar.addWidget(self.search_box, 1)
        bar.addWidget(self.new_customer)
        layout.addLayout(bar)

        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        self.hits = RowsModel([t(*h) for h in (("客户", "Customer"), ("电话", "Phone"), ("车牌", "Plate"),
                                               ("车型", "Model"), ("车架号", "VIN"), ("匹配", "Matched"))])
        self.hits_view = make_table(self.hits)
        self.hits_view.horizontalHeader().setStretchLastSection(True)
        lv.addWidget(self.hits_view, 1)
        lv.addWidget(self._card_box())
        split.addWidget(left)
        self.tabs = QTabWidget()
        self.history = WorkOrderHistory(ctx, self.open_work_order)
        self.pending = PendingAddedItems(ctx, self.open_work_order)
        self.pending.loaded = self._pending_title
        # R3: the picked car's history, built (import, tables, chart) when a car is picked or its tab is shown:
        # the first paint of the desk does not need it
        self._vehicle_history: VehicleHistoryPanel | None = None
        self.tabs.addTab(self.history, t("工单记录", "Work orders"))
        self.tabs.addTab(self.pending, "")
        self.tabs.addTab(QWidget(), t("车辆档案", "Vehicle history"))
        self.tabs.currentChanged.connect(lambda i: self.vehicle_history if i == HISTORY_TAB else None)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)  # the work order list has 11 columns; the search hits 5 short ones
        split.setSizes([420, 1020])
        layout.addWidget(split, 1)

        self.search_query: QueryOp[list[SearchHit]] = QueryOp(self, ctx.ops, self._show_hits,
                                                              debounce_ms=SEARCH_DEBOUNCE_MS)
        self.search_box.textChanged.connect(lambda text: self.search_query.schedule(lambda: search(ctx.db, text)))
        self.search_box.returnPressed.connect(self.run_search)
        self.hits_view.selectionModel().selectionChanged.connect(self._hit_chosen)
        self.new_customer.clicked.connect(self._new_customer)
        ctx.ops.watch(self, {RecordKind.WORK_ORDERS, RecordKind.CUSTOMERS, RecordKind.VEHICLES}, self._changed)
        self._pending_title()
        self._show_card()

    # --- the customer card -------------------------------------------------------------------------------
    def _card_box(self) -> QGroupBox:
        t = self.ctx.tr
        box = QGroupBox(t("客户与车辆", "Customer and vehicle"))
        box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)  # never squeezed by the list
        grid = QGridLayout(box)
        self.card_labels: dict[str, QLabel] = {}
        for row, (key, label) in enumerate((("customer", t("客户", "Customer")), ("vehicle", t("车辆", "Vehicle")),
                                            ("vin", "VIN"), ("mileage", t("上次里程", "Last mileage")),
                                            ("warranty", t("保修", "Warranty")), ("open", t("在修工单", "Open order")),
                                            ("declined", t("上次建议", "Declined before")))):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.card_labels[key] = value
            grid.addWidget(QLabel(label + self.ctx.tr("：", ":")), row, 0)
            grid.addWidget(value, row, 1)
        grid.setColumnStretch(1, 1)
        buttons = QGridLayout()  # two rows of three: one row of six held the list beside it to ~600 px
        self.card_buttons: dict[str, QPushButton] = {}
        for key, label, perm in (("edit_customer", t("编辑客户", "Edit customer"), Perm.CUSTOMER_EDIT),
                                 ("add_vehicle", t("添加车辆", "Add vehicle"), Perm.CUSTOMER_EDIT),
                                 ("edit_vehicle", t("编辑车辆", "Edit vehicle"), Perm.CUSTOMER_EDIT),
                                 ("due_dates", t("保险/年检", "Insurance/inspection"), Perm.CUSTOMER_EDIT),  # R2
                                 ("open_order", t("新建工单", "New work order"), Perm.WORK_ORDER_OPEN),
                                 ("show_order", t("查看在修工单", "Show open order"), Perm.VIEW)):
            b = QPushButton(label)
            b.setObjectName(key)
            b.setVisible(self.ctx.can(perm))
            n = len(self.card_buttons)
            buttons.addWidget(b, n // 3, n % 3)
            self.card_buttons[key] = b
        buttons.setColumnStretch(3, 1)
        grid.addLayout(buttons, 7, 0, 1, 2)
        shortcuts.bind(self.card_buttons["open_order"], "F2")  # the desk's most frequent action
        shortcuts.bind(self.card_buttons["show_order"], "F3")
        self.card_buttons["edit_customer"].clicked.connect(self._edit_customer)
        self.card_buttons["add_vehicle"].clicked.connect(self._add_vehicle)
        self.card_buttons["edit_vehicle"].clicked.connect(self._edit_vehicle)
        self.card_buttons["due_dates"].clicked.connect(self._due_dates)
        self.card_buttons["open_order"].clicked.connect(self._open_order)
        self.card_buttons["show_order"].clicked.connect(
            lambda: self.open_work_order(self.vehicle.open_work_order) if self.vehicle and self.vehicle.open_work_order
            else None)
        return box

    def _due_dates(self) -> None:
        from ui.appointments.due_dates_dialog import DueDatesDialog

        if self.vehicle is not None:
            DueDatesDialog(self.ctx, self.vehicle.id, self.vehicle.shown_plate, parent=self).exec()

    def _show_card(self) -> None:
        ctx, c, v = self.ctx, self.card, self.vehicle
        lab = self.card_labels
        lab["customer"].setText(f"{c.name}　{c.phone}　{c.address}" if c else ctx.tr("（请先搜索或新建客户）",
                                                                                 "(search or add a customer)"))
        lab["vehicle"].setText(f"{v.shown_plate}{self._plate_flag(v)}　{v.brand} {v.model}　{ctx.tr('购车', 'bought')} {v.purchase_date:%Y-%m-%d}"
                               if v else "")
        lab["vin"].setText(v.vin if v else "")
        lab["mileage"].setText(ctx.tr(f"{v.last_mileage:,} 公里", f"{v.last_mileage:,} km") if v else "")
        status = warranty_at_reception(ctx.db, v.id) if v else None
        if status is None:
            lab["warranty"].setText("")
        else:
            head = ctx.tr("在保修期内", "In warranty") if status.in_warranty else ctx.tr("已出保修", "Out of warranty")
            reasons = tr(ctx.lang, status.reasons_zh, status.reasons_en)
            # each line red only where it fails: a car out of warranty by date keeps its mileage line green
            flags = (status.in_warranty, status.by_date, status.by_mileage)
            lab["warranty"].setTextFormat(Qt.TextFormat.RichText)
            lab["warranty"].setText("<br>".join(  # explicit lines: the card's height follows
                f'<span style="color:{"#1b7f3a" if ok else "#c81e1e"}">{html.escape(line)}</span>'
                for line, ok in zip((head, *reasons), flags, strict=False)))
        lab["open"].setText((v.open_work_order or ctx.tr("无", "none")) if v else "")
        declined = declined_for_vehicle(ctx.db, v.id) if v else []  # R3: shown when the vehicle is picked
        more = ctx.tr(f"\n…共 {len(declined)} 项", f"\n… {len(declined)} in all") if len(declined) > 3 else ""
        lab["declined"].setText("\n".join(r.hint(ctx.lang) for r in declined[:3]) + more if declined
                                else (ctx.tr("无", "none") if v else ""))
        lab["declined"].setStyleSheet("color: #b45309; font-weight: bold;" if declined else "")
        self.card_buttons["edit_customer"].setEnabled(c is not None)
        self.card_buttons["add_vehicle"].setEnabled(c is not None)
        self.card_buttons["edit_vehicle"].setEnabled(v is not None)
        self.card_buttons["due_dates"].setEnabled(v is not None)
        self.card_buttons["open_order"].setEnabled(v is not None and not v.open_work_order)
        self.card_buttons["show_order"].setEnabled(v is not None and bool(v.open_work_order))

    def _plate_flag(self, v: VehicleRow) -> str:
        if v.plate_unrecognised:
            return self.ctx.tr("（车牌格式未识别，待核对行驶证）", " (plate format unrecognised: check the registration)")
        return ""

    def load_customer(self, customer_id: int, vehicle_id: int | None = None) -> None:
        self.card = customer_card(self.ctx.db, customer_id)
        vehicles = self.card.vehicles if self.card else ()
        self.vehicle = next((x for x in vehicles if x.id == vehicle_id), vehicles[0] if vehicles else None)
        self._show_card()
        self._show_history()

    def _show_history(self, picked: bool = True) -> None:
        v, c = self.vehicle, self.card
        if c is None and self._vehicle_history is None:
            return  # nothing picked and the panel not built yet: built, it shows nothing, as now
        if picked and c is not None:
            self.tabs.setCurrentWidget(self.vehicle_history)
        if v is not None:
            self.vehicle_history.show_history(vehicle_id=v.id, name=v.shown_plate)
        else:
            self.vehicle_history.show_history(customer_id=c.id if c else None, name=c.name if c else "")

    def screenshot_preview(self) -> None:
        """For `workshop-gui --screenshot`: an advisor typing part of the plate of the newest work order."""
        from workshop.queries.work_orders import list_work_orders

        newest = list_work_orders(self.ctx.db, limit=1)
        if newest:
            self.search_box.setText(newest[0].plate.split("·")[-1][:3])
            self.run_search()

    # --- search while typing -----------------------------------------------------------------------------
    def run_search(self) -> None:
        """Now (Enter, the screenshot mode); typing runs it 200 ms after the last key. Off the GUI thread."""
        db, text = self.ctx.db, self.search_box.text()
        self.search_query.run(lambda: search(db, text))

    def _show_hits(self, found: list[SearchHit]) -> None:
        self.hits.set_rows([(h.customer_name, h.phone, h.plate, h.model, h.vin, label_of(MatchField, h.matched, self.ctx.lang))
                            for h in found], found)
        fit_columns(self.hits_view)
        if found:
            self.hits_view.selectRow(0)

    def _hit_chosen(self) -> None:
        hit: SearchHit | None = selected_payload(self.hits_view, self.hits)
        if hit is not None:
            self.load_customer(hit.customer_id, hit.vehicle_id)

    # --- actions -----------------------------------------------------------------------------------------
    def _new_customer(self) -> None:
        from ui.front_desk.customer_dialog import CustomerDialog

        dialog = CustomerDialog(self.ctx, parent=self)
        if dialog.exec() and dialog.saved is not None:
            self.load_customer(dialog.saved.id)
            self._add_vehicle()

    def _edit_customer(self) -> None:
        from ui.front_desk.customer_dialog import CustomerDialog

        if self.card is not None:
            dialog = CustomerDialog(self.ctx, self.card, parent=self)
            if dialog.exec() and dialog.saved is not None:
                self.load_customer(dialog.saved.id, self.vehicle.id if self.vehicle else None)

    def _add_vehicle(self) -> None:
        from ui.front_desk.vehicle_dialog import VehicleDialog

        if self.card is not None:
            dialog = VehicleDialog(self.ctx, self.card.id, parent=self)
            if dialog.exec() and dialog.saved is not None:
                self.load_customer(self.card.id, dialog.saved.id)

    def _edit_vehicle(self) -> None:
        from ui.front_desk.vehicle_dialog import VehicleDialog

        if self.card is not None and self.vehicle is not None:
            dialog = VehicleDialog(self.ctx, self.card.id, self.vehicle, parent=self)
            if dialog.exec() and dialog.saved is not None:
                self.load_customer(dialog.saved.customer_id, dialog.saved.id)

    def _open_order(self) -> None:
        from ui.front_desk.open_work_order_dialog import OpenWorkOrderDialog

        if self.card is not None and self.vehicle is not None:
            dialog = OpenWorkOrderDialog(self.ctx, self.card.name, self.vehicle, parent=self)
            if dialog.exec() and dialog.opened is not None:
                self.load_customer(self.card.id, self.vehicle.id)
                self.open_work_order(dialog.opened.number)

    def open_work_order(self, number: str) -> None:
        from ui.front_desk.work_order_view import WorkOrderWindow

        window = self.windows.get(number)
        if window is None:
            window = WorkOrderWindow(self.ctx, number, parent=self)
            window.setWindowFlag(Qt.WindowType.Window, True)
            self.windows[number] = window
        window.show()
        window.raise_()

    @property
    def vehicle_history(self) -> VehicleHistoryPanel:
        if self._vehicle_history is None:
            from ui.front_desk.vehicle_history import VehicleHistoryPanel

            self._vehicle_history = panel = VehicleHistoryPanel(self.ctx, self.open_work_order)
            current, placeholder = self.tabs.currentIndex(), self.tabs.widget(HISTORY_TAB)
            blocked = self.tabs.blockSignals(True)
            self.tabs.removeTab(HISTORY_TAB)
            self.tabs.insertTab(HISTORY_TAB, panel, self.ctx.tr("车辆档案", "Vehicle history"))
            self.tabs.setCurrentIndex(current)
            self.tabs.blockSignals(blocked)
            if placeholder is not None:
                placeholder.deleteLater()
        return self._vehicle_history

    def _pending_title(self) -> None:
        n = self.pending.count
        self.tabs.setTabText(1, self.ctx.tr(f"待确认增项（{n}）", f"Added items waiting ({n})"))

    def _changed(self, _changes: ChangeSet) -> None:
        self.history.reload()
        self._show_history(picked=False)
        self.pending.refresh()  # its tab title follows when the rows are in
        if self.card is not None:
            self.load_customer(self.card.id, self.vehicle.id if self.vehicle else None)
