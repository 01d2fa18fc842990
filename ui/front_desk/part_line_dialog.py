"""Add a part line from the parts catalog: search by part number or name, with price, stock on hand and what is
free of it (on hand less what open work orders still wait for). A quantity the free stock cannot cover
is said at once, in red, before the line is added (it may still be added: the counter orders the part)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.front_desk import common
from ui.front_desk.common import RowsModel, make_table, selected_payload
from ui.widgets import legend as colours
from ui.widgets.columns import fit_columns
from ui.widgets.legend import legend
from ui.widgets.qty_box import QtyBox
from workshop.queries.stock import Availability, part_availability
from workshop.queries.work_orders import PartPickRow, find_parts
from workshop.services import front_desk
from workshop.services.work_order_dto import WorkOrderInfo


def _stock_color(row: PartPickRow) -> QColor | None:
    return colours.AMBER if row.on_hand <= 0 else None


class PartLineDialog(QDialog):
    def __init__(self, ctx: AppContext, number: str, version: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.number = number
        self.version = version
        self.saved: WorkOrderInfo | None = None
        self.availability: dict[int, Availability] = {}
        self.setWindowTitle(ctx.tr(f"添加配件 — {number}", f"Add a part — {number}"))
        self.resize(720, 520)
        layout = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText(ctx.tr("零件号、名称中的词或拼音首字母（如 jylq）",
                                            "Part number, a word of the name or pinyin initials"))
        layout.addWidget(self.search)
        self.model = RowsModel([ctx.tr(zh, en) for zh, en in (
            ("零件号", "Part no."), ("名称", "Name"), ("单位", "Unit"), ("单价", "Price"), ("库存", "In stock"),
            ("可用", "Free"))], row_color=_stock_color, align_right=(3, 4, 5))
        self.table = make_table(self.model, stretch=1)
        layout.addWidget(self.table, 1)
        layout.addWidget(legend(ctx.tr, [(colours.AMBER, "橙色：无库存", "Amber: none in stock")]))
        form = QFormLayout()
        self.quantity = QtyBox()
        self.quantity.valueChanged.connect(lambda _v: self.check_stock())
        form.addRow(ctx.tr("数量", "Quantity"), self.quantity)
        layout.addLayout(form)
        self.stock_note = QLabel()
        self.stock_note.setWordWrap(True)
        layout.addWidget(self.stock_note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        common.name_buttons(ctx, buttons)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ctx.tr("添加", "Add"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.check_stock())

    def refresh(self) -> None:
        rows = find_parts(self.ctx.db, self.search.text())
        # a new line: every open work order's lines count, this one's too
        self.availability = part_availability(self.ctx.db, [p.id for p in rows])
        free = {pid: max(a.free, Decimal(0)) for pid, a in self.availability.items()}
        self.model.set_rows([(p.part_no, p.name, p.unit, common.money(p.price), common.qty(p.on_hand),
                              common.qty(free.get(p.id))) for p in rows], rows)
        if rows:
            self.table.selectRow(0)
        fit_columns(self.table)
        self.check_stock()

    def short(self) -> Decimal:
        """How much of the quantity the free stock of the chosen part cannot cover (0: enough)."""
        part: PartPickRow | None = selected_payload(self.table, self.model)
        avail = self.availability.get(part.id) if part is not None else None
        return avail.short_for(self.quantity.quantity()) if avail is not None else Decimal(0)

    def check_stock(self) -> None:
        part: PartPickRow | None = selected_payload(self.table, self.model)
        avail = self.availability.get(part.id) if part is not None else None
        short = self.short()
        if part is None or avail is None or not short:
            self.stock_note.setText("")
            return
        q, tr = common.qty, self.ctx.tr
        self.stock_note.setStyleSheet("color:#c81e1e;font-weight:bold;")
        self.stock_note.setText(tr(
            f"库存不足：{part.part_no} 现有 {q(avail.on_hand)} {avail.unit}，在修工单待领 {q(avail.reserved)}，"
            f"可用 {q(max(avail.free, Decimal(0)))}；本单要 {q(self.quantity.quantity())}，缺 {q(short)}。"
            "仍可添加，备件需订货。",
            f"Stock short: {part.part_no} has {q(avail.on_hand)} on hand, {q(avail.reserved)} waiting for open "
            f"work orders, {q(max(avail.free, Decimal(0)))} free; {q(self.quantity.quantity())} wanted, "
            f"{q(short)} short. The line can still be added; the part must be ordered."))

    def save(self) -> None:
        part: PartPickRow | None = selected_payload(self.table, self.model)
        if part is None:
            common.inform(self, self.ctx, self.ctx.tr("请先选择一个配件。", "Choose a part first."))
            return
        ctx, number, version = self.ctx, self.number, self.version
        quantity = self.quantity.quantity()
        ctx.ops.run_service(front_desk.add_part_line, number, expected_version=version, part_no=part.part_no,
                            quantity=quantity, on_done=self._saved, parent=self)

    def _saved(self, info: WorkOrderInfo) -> None:
        self.saved = info
        self.accept()
