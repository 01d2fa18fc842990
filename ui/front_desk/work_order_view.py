"""One work order: customer, vehicle, warranty (F3), progress with expected finish and the person responsible
(F7), labor and part lines, added items (F6), history (F4), totals with gross margin (A5), and the actions of
the front desk (work_order_actions.py)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui import shortcuts
from ui.common import fit_to_screen
from ui.context import AppContext
from ui.front_desk import common
from ui.front_desk import work_order_actions as actions
from ui.front_desk.approval_panel import ApprovalPanel, load_approvals
from ui.front_desk.common import RowsModel, make_table, when
from ui.front_desk.declined_panel import DeclinedPanel
from ui.widgets import legend as colours
from ui.widgets.columns import fit_columns
from ui.widgets.legend import legend
from ui.widgets.query_op import QueryOp
from workshop.db.uow import Database
from workshop.domain.changes import ChangeSet, RecordKind
from workshop.domain.errors import WorkshopError
from workshop.domain.job_clock import PauseReason
from workshop.domain.labels import label_of
from workshop.domain.roles import Perm
from workshop.queries.approvals import ApprovalRow
from workshop.queries.declined_work import DeclinedRow, declined_for_vehicle
from workshop.queries.floor_clock import WaitingJob, waiting_on
from workshop.queries.stock import Availability, part_availability
from workshop.queries.work_orders import AddedItemRow, WorkOrderDetail, work_order_detail
from workshop.services.work_order_dto import PartLineInfo


@dataclass(frozen=True)
class Loaded:
    """What the window shows, read in one go on a worker."""
    detail: WorkOrderDetail
    stock: dict[int, Availability]
    waiting: list[WaitingJob]
    declined: list[DeclinedRow]
    approvals: tuple[list[ApprovalRow], tuple[str, str] | None]


def load_window(db: Database, number: str) -> Loaded:
    d = work_order_detail(db, number)
    info = d.info
    return Loaded(d, part_availability(db, [p.part_id for p in info.part_lines], excluding_work_order=info.number),
                  waiting_on(db, number), declined_for_vehicle(db, info.vehicle_id), load_approvals(db, info.id))


def _added_color(row: AddedItemRow) -> QColor | None:
    return colours.BLUE if row.state == "proposed" else None


class WorkOrderWindow(QDialog):
    """Non-modal: several work orders may be open side by side. Refreshes when anything changes."""

    def __init__(self, ctx: AppContext, number: str, parent: QWidget | None = None, *,
                 read_only: bool = False) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.number = number
        self.read_only = read_only  # opened from the approval inbox: look, do not touch
        self.detail: WorkOrderDetail | None = None
        self.shortage: dict[int, Decimal] = {}  # part line id -> what the free stock cannot cover of it
        self.setWindowTitle(ctx.tr(f"工单 {number}", f"Work order {number}")
                            + (ctx.tr("（只读）", " (read-only)") if read_only else ""))
        fit_to_screen(self, 1180, 800)
        layout = QVBoxLayout(self)
        self.head = QLabel()
        font = self.head.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        self.head.setFont(font)
        layout.addWidget(self.head)
        self.waiting = QLabel()  # W5: a job paused 待审批 (or 待料) shows here for the advisor
        self.waiting.setWordWrap(True)
        self.waiting.setStyleSheet("background:#fff4c2;color:#5b4500;border-radius:4px;padding:6px;")
        self.waiting.hide()
        layout.addWidget(self.waiting)
        layout.addWidget(self._facts_box())
        self.approvals = ApprovalPanel(ctx, self, read_only=read_only)
        layout.addWidget(self.approvals)
        self.tabs = QTabWidget()
        t = ctx.tr
        self.labor = RowsModel([t(*h) for h in (("代码", "Code"), ("工时项目", "Operation"), ("工时", "Hours"),
                                                ("单价", "Rate"), ("金额", "Amount"), ("班组", "Team"),
                                                ("技工", "Technician"), ("增项", "Added"), ("完工", "Done"))],
                               align_right=(2, 3, 4))
        self.parts = RowsModel([t(*h) for h in (("零件号", "Part no."), ("名称", "Name"), ("数量", "Qty"),
                                                ("单价", "Price"), ("金额", "Amount"), ("已发", "Issued"),
                                                ("已退", "Returned"), ("库存", "In stock"), ("增项", "Added"))],
                               row_color=self._part_color, align_right=(2, 3, 4, 5, 6, 7))
        self.added = RowsModel([t(*h) for h in (("增项说明", "Added item"), ("状态", "State"), ("金额", "Amount"),
                                                ("提出人", "Proposed by"), ("提出时间", "Proposed at"),
                                                ("同意方式", "Consent"), ("同意时间", "Consent at"),
                                                ("确认人", "Decided by"))],
                               row_color=_added_color, align_right=(2,))
        self.events = RowsModel([t(*h) for h in (("时间", "Time"), ("从", "From"), ("到", "To"),
                                                 ("操作人", "By"), ("说明", "Note"))])
        self.labor_view = make_table(self.labor, stretch=1)
        self.parts_view = make_table(self.parts, stretch=1)
        self.added_view = make_table(self.added, stretch=0)
        self.events_view = make_table(self.events, stretch=4)
        self.tabs.addTab(self.labor_view, t("工时项目", "Labor"))
        self.tabs.addTab(self.parts_view, t("配件项目", "Parts"))
        self.tabs.addTab(self.added_view, t("增项", "Added items"))
        self.tabs.addTab(self.events_view, t("历史", "History"))
        self.declined = DeclinedPanel(ctx, lambda: self.detail.info.version if self.detail else 0, self)  # R3
        self.tabs.addTab(self.declined, t("上次建议", "Declined before"))
        layout.addWidget(self.tabs, 1)
        layout.addWidget(legend(t, [(colours.AMBER, "橙色：库存不足", "Amber: not enough stock"),
                                    (colours.BLUE, "蓝色：增项等客户确认", "Blue: added item awaiting the customer")]))
        layout.addWidget(self._totals_box())
        layout.addLayout(self._buttons())
        shortcuts.apply(self, shortcuts.WORK_ORDER_KEYS, ctx.tr)
        self.load_query: QueryOp[Loaded] = QueryOp(self, ctx.ops, self._show, on_error=self._not_loaded)
        ctx.ops.watch(self, {RecordKind.WORK_ORDERS, RecordKind.STOCK}, self._changed)
        self.refresh()

    # --- layout ------------------------------------------------------------------------------------------
    def _facts_box(self) -> QGroupBox:
        box = QGroupBox()
        grid = QGridLayout(box)
        t = self.ctx.tr
        self.facts: dict[str, QLabel] = {}
        fields = (("customer", t("客户", "Customer")), ("vehicle", t("车辆", "Vehicle")), ("vin", "VIN"),
                  ("kind", t("类型 / 收费", "Kind / charging")), ("mileage", t("进厂里程", "Mileage in")),
                  ("warranty", t("保修", "Warranty")), ("advisor", t("服务顾问", "Advisor")),
                  ("people", t("班组 / 技工", "Team / technician")), ("opened", t("开单时间", "Opened")),
                  ("promised", t("承诺交车", "Promised")), ("expected", t("预计完工", "Expected finish")),
                  ("priority", t("优先级", "Priority")), ("fault", t("故障描述", "Fault")),
                  ("items", t("维修项目", "Requested")))
        for i, (key, label) in enumerate(fields):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts[key] = value
            row, col = divmod(i, 3) if key not in ("fault", "items") else (4 + (key == "items"), 0)
            grid.addWidget(QLabel(label + self.ctx.tr("：", ":")), row, col * 2)
            grid.addWidget(value, row, col * 2 + 1, 1, 5 if key in ("fault", "items") else 1)
        for c in (1, 3, 5):
            grid.setColumnStretch(c, 1)
        return box

    def _totals_box(self) -> QGroupBox:
        box = QGroupBox(self.ctx.tr("费用", "Charges"))
        row = QHBoxLayout(box)
        self.totals: dict[str, QLabel] = {}
        t = self.ctx.tr
        for key, label in (("labor", t("工时费", "Labor")), ("parts", t("配件费", "Parts")),
                           ("discount", t("优惠", "Discount")), ("total", t("合计", "Total")),
                           ("margin", t("毛利 / 毛利率", "Gross margin"))):
            row.addWidget(QLabel(label + self.ctx.tr("：", ":")))
            value = QLabel()
            value.setStyleSheet("font-weight: bold;")
            self.totals[key] = value
            row.addWidget(value)
            row.addSpacing(18)
        row.addStretch(1)
        return box

    def _buttons(self) -> QVBoxLayout:
        t, ctx = self.ctx.tr, self.ctx
        self.buttons: dict[str, QPushButton] = {}
        rows = (
            (("edit", t("修改工单…", "Edit…"), Perm.WORK_ORDER_EDIT),
             ("add_labor", t("加工时", "Add labor"), Perm.WORK_ORDER_EDIT),
             ("add_part", t("加配件", "Add part"), Perm.WORK_ORDER_EDIT),
             ("remove_line", t("删除所选项目", "Remove selected line"), Perm.WORK_ORDER_EDIT),
             ("start", t("开工", "Start job"), Perm.WORK_ORDER_START),
             ("walkaround", t("环车检查…", "Walk-around…"), Perm.WORK_ORDER_EDIT),
             ("confirm", t("客户同意增项", "Customer agrees"), Perm.ADDED_ITEM_CONFIRM),
             ("decline", t("客户不同意", "Customer declines"), Perm.ADDED_ITEM_CONFIRM)),
            (("discount", t("优惠…", "Discount…"), Perm.DISCOUNT_GIVE),
             ("settle", t("结算", "Settle"), Perm.WORK_ORDER_SETTLE),
             ("deliver", t("交车", "Deliver"), Perm.WORK_ORDER_DELIVER),
             ("cancel", t("取消工单", "Cancel order"), Perm.WORK_ORDER_CANCEL),
             ("print_work_order", t("打印工单", "Print work order"), Perm.VIEW),
             ("quote", t("事故车报价单…", "Accident quote…"), Perm.VIEW),
             ("print_quote", t("打印报价单", "Print quote"), Perm.VIEW),
             ("print_settlement", t("打印结算单", "Print settlement"), Perm.VIEW),
             ("print_label", t("打印标签", "Print label"), Perm.LABEL_PRINT)),
        )
        out = QVBoxLayout()
        for group in rows:
            line = QHBoxLayout()
            for key, label, perm in group:
                b = QPushButton(label)
                b.setObjectName(key)
                b.setVisible(ctx.can(perm) and (not self.read_only or key.startswith("print_")))
                b.clicked.connect(lambda _=False, k=key: actions.run(self, k))
                self.buttons[key] = b
                line.addWidget(b)
            line.addStretch(1)
            out.addLayout(line)
        return out

    # --- data --------------------------------------------------------------------------------------------
    def _changed(self, changes: ChangeSet) -> None:
        """Only this order's changes (its lines, issues at the counter, approvals, tools lent to it) or the
        stock of its parts (the shortage colours)."""
        if self.isHidden():
            return
        info = self.detail.info if self.detail is not None else None
        if (info is None or changes.touches_record(RecordKind.WORK_ORDERS, info.id)
                or any(changes.touches_record(RecordKind.STOCK, p.part_id) for p in info.part_lines)):
            self.refresh()

    @staticmethod
    def _shortages(lines: tuple[PartLineInfo, ...], stock: dict[int, Availability]) -> dict[int, Decimal]:
        """Per line, what the free stock (on hand less other open work orders' needs) cannot cover of what is
        still to issue, the lines of one part taking from the same free stock in their order."""
        free = {pid: max(a.free, Decimal(0)) for pid, a in stock.items()}
        out: dict[int, Decimal] = {}
        for ln in lines:
            rest = max(ln.quantity - ln.issued_qty + ln.returned_qty, Decimal(0))
            have = free.get(ln.part_id, Decimal(0))
            if ln.part_id in stock and rest > have:
                out[ln.id] = rest - have
            free[ln.part_id] = max(have - rest, Decimal(0))
        return out

    def _stock_text(self, line: PartLineInfo, stock: dict[int, Availability]) -> str:
        avail = stock.get(line.part_id)
        if avail is None:
            return ""
        short = self.shortage.get(line.id)
        text = common.qty(avail.on_hand)
        return text + self.ctx.tr(f"（库存不足，缺 {common.qty(short)}）", f" (short {common.qty(short)})") if short \
            else text

    def _part_color(self, line: PartLineInfo) -> QColor | None:
        return colours.AMBER if line.id in self.shortage else None

    def refresh(self) -> None:
        """The order and everything the window shows of it are read on a worker (20-60 ms on the large demo);
        they are shown when they arrive, only the latest read's."""
        db, number = self.ctx.db, self.number
        self.load_query.run(lambda: load_window(db, number))

    def _not_loaded(self, exc: BaseException) -> None:
        if isinstance(exc, WorkshopError):
            self.head.setText(exc.message(self.ctx.lang))
        else:
            self.ctx.ops.report(exc, parent=self)

    def _show(self, loaded: Loaded) -> None:
        d = loaded.detail
        self.detail = d
        ctx, info = self.ctx, d.info
        state = common.state_name(ctx, info.state)
        late = ctx.tr("　已超时", "　LATE") if d.deadlines.late else ""
        self.head.setText(f"{info.number}　{state}{late}")
        self.head.setStyleSheet("color: #c81e1e;" if d.deadlines.late else "")
        f = self.facts
        f["customer"].setText(f"{d.customer_name}　{d.customer_phone}")
        f["vehicle"].setText(f"{d.plate}　{d.brand} {d.model}")
        f["vin"].setText(d.vin)
        f["kind"].setText(f"{common.kind_name(ctx, info.kind)} / {common.charging_name(ctx, info.charging_mode)}")
        f["mileage"].setText(ctx.tr(f"{info.mileage_in:,} 公里", f"{info.mileage_in:,} km"))
        ok = d.warranty.in_warranty
        f["warranty"].setText((ctx.tr("在保", "In warranty") if ok else ctx.tr("已出保", "Out of warranty"))
                              + ctx.tr("：", ": ") + d.warranty.text(ctx.lang))
        f["warranty"].setStyleSheet("" if ok else "color: #c81e1e;")
        f["advisor"].setText(d.advisor_name)
        f["people"].setText(f"{info.team or '—'} / {d.technician_name or '—'}")
        f["opened"].setText(when(info.opened_at))
        f["promised"].setText(when(info.promised_at) or "—")
        f["expected"].setText(when(d.deadlines.expected_finish) + late)
        f["expected"].setStyleSheet("color: #c81e1e; font-weight: bold;" if d.deadlines.late else "")
        f["priority"].setText(common.priority_name(ctx, info.priority))
        f["fault"].setText(info.fault_description)
        f["items"].setText(info.requested_items or "—")
        yes = ctx.tr("是", "yes")
        stock = loaded.stock
        self.shortage = self._shortages(info.part_lines, stock)
        self.labor.set_rows([(ln.operation_code or "", ln.description, common.qty(ln.hours), common.money(ln.rate),
                              common.money(ln.amount), ln.team or "", d.user_names.get(ln.technician_id or 0, ""),
                              yes if ln.added_item_id else "", yes if ln.done else "")
                             for ln in info.labor_lines], info.labor_lines)
        self.parts.set_rows([(p.part_no, p.name, common.qty(p.quantity), common.money(p.unit_price),
                              common.money(p.amount), common.qty(p.issued_qty), common.qty(p.returned_qty),
                                self._stock_text(p, stock), yes if p.added_item_id else "")
                             for p in info.part_lines], info.part_lines)
        self.added.set_rows([(a.description, common.added_state_name(ctx, a.state), common.money(a.amount),
                              a.proposed_by, when(a.proposed_at), common.consent_name(ctx, a.consent_method),
                              when(a.consent_at), a.decided_by) for a in d.added_items], d.added_items)
        self.events.set_rows([(when(e.at), common.state_name(ctx, e.from_state), common.state_name(ctx, e.to_state),
                               e.user_name, e.note) for e in d.events], d.events)
        for view in (self.labor_view, self.parts_view, self.added_view, self.events_view):
            fit_columns(view)
        pending = d.pending_added_items
        self.tabs.setTabText(2, ctx.tr(f"增项（{pending} 待确认）", f"Added items ({pending} waiting)")
                             if pending else ctx.tr("增项", "Added items"))
        tt = d.totals
        self.totals["labor"].setText(common.money(tt.labor_total))
        self.totals["parts"].setText(common.money(tt.parts_total))
        self.totals["discount"].setText(common.money(tt.discount))
        self.totals["total"].setText(common.money(tt.total))
        pct = "—" if tt.margin_pct is None else f"{tt.margin_pct}%"
        self.totals["margin"].setText(f"{common.money(tt.gross_profit)} / {pct}")
        self._show_waiting(loaded.waiting)
        n = self.declined.show_rows(info, loaded.declined)
        self.tabs.setTabText(self.tabs.indexOf(self.declined), ctx.tr(f"上次建议（{n}）", f"Declined before ({n})")
                             if n else ctx.tr("上次建议", "Declined before"))
        self.approvals.show_rows(*loaded.approvals)
        actions.enable_buttons(self)

    def _show_waiting(self, rows: list[WaitingJob]) -> None:
        ctx = self.ctx
        approval = [w for w in rows if w.reason == PauseReason.APPROVAL.value]
        self.waiting.setVisible(bool(rows))
        self.waiting.setText("<br>".join(ctx.tr(
            f"【暂停】{label_of(PauseReason, w.reason)}：{w.technician} 自 {when(w.since)} 暂停「{w.job}」" + (f"（{w.note}）" if w.note else ""),
            f"[paused] {label_of(PauseReason, w.reason, 'en')}: {w.technician} paused '{w.job}' since {when(w.since)}"
            + (f" ({w.note})" if w.note else "")) for w in approval + [w for w in rows if w not in approval]))
