"""Receiving (P8): against a purchase order (what arrived of each line) or a supplier's delivery note (scan the
parts, quantity and cost). The moving average follows in the core. Labels for what came in can be printed
at once: one label per unit received. Scans take the one scan path wherever the focus is in the dialog: a
purchase order number loads the order, a part picks its line on the order or adds a line to the delivery note;
each result is the scan banner with its sound."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.common import cell_text
from ui.context import AppContext
from ui.widgets.scan_banner import ScanBanner
from ui.widgets.scanner import ScanCatcher, scan_field
from workshop.domain.errors import WorkshopError
from workshop.queries.stock import PurchaseOrderView, open_purchase_orders, part_by_scan, purchase_order_view
from workshop.services import stock
from workshop.services.stock import ReceiptLine, ReceiptResult, fmt_qty

MAX_LABELS_AT_ONCE = 500


def _spin(value: float, maximum: float, decimals: int = 2) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setDecimals(decimals)
    box.setRange(0, maximum)
    box.setValue(value)
    return box


def _dec(box: QDoubleSpinBox) -> Decimal:
    return Decimal(str(round(box.value(), 2)))


class ReceiveDialog(QDialog):
    note_table: QTableWidget
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.po: PurchaseOrderView | None = None
        self.result_info: ReceiptResult | None = None
        tr = ctx.tr
        self.setWindowTitle(tr("收货入库", "Receive goods"))
        self.resize(760, 480)
        layout = QVBoxLayout(self)
        modes = QHBoxLayout()
        self.by_po = QRadioButton(tr("按采购订单", "Against a purchase order"))
        self.by_note = QRadioButton(tr("按送货单（无订单）", "By delivery note (no order)"))
        self.by_po.setChecked(True)
        modes.addWidget(self.by_po)
        modes.addWidget(self.by_note)
        modes.addStretch(1)
        layout.addLayout(modes)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._po_page())
        self.pages.addWidget(self._note_page())
        self.by_po.toggled.connect(lambda on: self.pages.setCurrentIndex(0 if on else 1))
        layout.addWidget(self.pages, 1)
        self.banner = ScanBanner(tr("扫描采购订单号或零件条码。", "Scan a purchase order number or a part."))
        layout.addWidget(self.banner)
        self.scanner = ScanCatcher(self)
        self.scanner.scanned.connect(self.on_scan)
        self.error = QLabel()
        self.error.setStyleSheet("color:#c62828;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("入库", "Book in"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    # --- against a purchase order ------------------------------------------------------------------------
    def _po_page(self) -> QWidget:
        tr = self.ctx.tr
        page = QWidget()
        v = QVBoxLayout(page)
        row = QHBoxLayout()
        self.po_number = QComboBox()
        self.po_number.setEditable(True)
        self.po_number.setMinimumWidth(200)
        for number, _supplier, _at in open_purchase_orders(self.ctx.db):
            self.po_number.addItem(number)
        self.po_number.setCurrentText("")
        po_edit = self.po_number.lineEdit()
        assert po_edit is not None  # an editable combo box always has one
        scan_field(po_edit).returnPressed.connect(self.load_po)
        load = QPushButton(tr("载入", "Load"))
        load.clicked.connect(self.load_po)
        self.note_for_po = QLineEdit()
        self.note_for_po.setPlaceholderText(tr("送货单号（可选）", "Delivery note (optional)"))
        row.addWidget(QLabel(tr("订单号", "Order")))
        row.addWidget(self.po_number)
        row.addWidget(load)
        row.addWidget(self.note_for_po, 1)
        v.addLayout(row)
        self.po_info = QLabel()
        v.addWidget(self.po_info)
        self.po_table = QTableWidget(0, 6)
        self.po_table.setHorizontalHeaderLabels([tr(zh, en) for zh, en in (
            ("零件号", "Part no"), ("名称", "Name"), ("订购", "Ordered"), ("已收", "Received"),
            ("本次实收", "Arrived now"), ("进价", "Unit cost"))])
        self.po_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.po_table.verticalHeader().setVisible(False)
        v.addWidget(self.po_table, 1)
        return page

    def load_po(self) -> None:
        number = self.po_number.currentText().strip()
        view = purchase_order_view(self.ctx.db, number) if number else None
        self.po = view
        self.po_table.setRowCount(0)
        if view is None:
            self.po_info.setText(self.ctx.tr(f"找不到采购订单 {number}。", f"No purchase order {number}."))
            return
        self.po_info.setText(f"{view.number}  {view.supplier}" + (f"  {view.work_order_no}" if view.work_order_no
                                                                   else "") + f"  [{view.state}]")
        for ln in view.lines:
            r = self.po_table.rowCount()
            self.po_table.insertRow(r)
            outstanding = float(max(ln.quantity - ln.received, Decimal(0)))
            for c, text in enumerate((ln.part_no, ln.part_name, fmt_qty(ln.quantity), fmt_qty(ln.received))):
                self.po_table.setItem(r, c, QTableWidgetItem(text))
            self.po_table.setCellWidget(r, 4, _spin(outstanding, outstanding))
            self.po_table.setItem(r, 5, QTableWidgetItem(f"{ln.unit_cost:,.2f}"))

    # --- scans -----------------------------------------------------------------------------------------
    def on_scan(self, code: str) -> None:
        tr, key = self.ctx.tr, code.strip().upper()
        if self.by_po.isChecked() and purchase_order_view(self.ctx.db, key) is not None:
            self.po_number.setCurrentText(key)
            self.load_po()
            self.banner.accepted(tr(f"采购订单 {key} 已载入：请核对本次实收。", f"Purchase order {key} loaded."))
            return
        part = part_by_scan(self.ctx.db, key)
        if part is None:
            self.banner.refused(tr(f"不认识的条码、零件号或订单号：{key}。", f"Unknown barcode, part or order: {key}."))
        elif self.by_po.isChecked():
            rows = [r for r, ln in enumerate(self.po.lines) if ln.part_id == part.part_id] if self.po else []
            if not rows:
                self.banner.refused(tr(f"{part.part_no} {part.name} 不在这张采购订单上。",
                                       f"{part.part_no} is not on this purchase order."))
                return
            self.po_table.selectRow(rows[0])
            box = self.po_table.cellWidget(rows[0], 4)
            if box is not None:
                box.setFocus()
            self.banner.accepted(tr(f"{part.part_no} {part.name}：请填本次实收。", f"{part.part_no}: enter what arrived."))
        else:
            self.code.setText(part.part_no)
            self.add_line()
            self.banner.accepted(tr(f"已加入送货单：{part.part_no} {part.name} × {fmt_qty(_dec(self.line_qty))}",
                                    f"Added: {part.part_no} × {fmt_qty(_dec(self.line_qty))}"))

    # --- by delivery note ------------------------------------------------------------------------------
    def _note_page(self) -> QWidget:
        tr = self.ctx.tr
        page = QWidget()
        v = QVBoxLayout(page)
        form = QFormLayout()
        self.supplier = QLineEdit()
        self.note_number = QLineEdit()
        form.addRow(tr("供应商", "Supplier"), self.supplier)
        form.addRow(tr("送货单号", "Delivery note"), self.note_number)
        v.addLayout(form)
        row = QHBoxLayout()
        self.code = scan_field(QLineEdit())
        self.code.setPlaceholderText(tr("扫描零件条码或输入零件号", "Scan the part or type its number"))
        self.code.returnPressed.connect(self.add_line)
        self.line_qty = _spin(1, 99999)
        self.line_cost = _spin(0, 9999999)
        add = QPushButton(tr("添加", "Add"))
        add.clicked.connect(self.add_line)
        remove = QPushButton(tr("删除所选行", "Remove row"))
        remove.clicked.connect(lambda: self.note_table.removeRow(self.note_table.currentRow()))
        for label, w in ((tr("零件", "Part"), self.code), (tr("数量", "Qty"), self.line_qty),
                         (tr("进价", "Unit cost"), self.line_cost)):
            row.addWidget(QLabel(label))
            row.addWidget(w)
        row.addWidget(add)
        row.addWidget(remove)
        v.addLayout(row)
        self.note_table = QTableWidget(0, 3)
        self.note_table.setHorizontalHeaderLabels([tr("零件", "Part"), tr("数量", "Qty"), tr("进价", "Unit cost")])
        self.note_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.note_table.verticalHeader().setVisible(False)
        v.addWidget(self.note_table, 1)
        return page

    def add_line(self) -> None:
        code = self.code.text().strip()
        if not code or self.line_qty.value() <= 0:
            return
        r = self.note_table.rowCount()
        self.note_table.insertRow(r)
        self.note_table.setItem(r, 0, QTableWidgetItem(code))
        self.note_table.setItem(r, 1, QTableWidgetItem(fmt_qty(_dec(self.line_qty))))
        self.note_table.setItem(r, 2, QTableWidgetItem(f"{_dec(self.line_cost):.2f}"))
        self.code.clear()
        self.code.setFocus()

    def note_lines(self) -> list[ReceiptLine]:
        return [ReceiptLine(cell_text(self.note_table, r, 0), Decimal(cell_text(self.note_table, r, 1)),
                            Decimal(cell_text(self.note_table, r, 2))) for r in range(self.note_table.rowCount())]

    # --- booking in ---------------------------------------------------------------------------------------
    def save(self) -> None:
        ctx = self.ctx
        self.error.clear()
        if self.by_po.isChecked():
            if self.po is None:
                self.error.setText(ctx.tr("请先载入采购订单。", "Load a purchase order first."))
                return
            lines: list[tuple[int, Decimal]] = []
            for r, ln in enumerate(self.po.lines):
                box = self.po_table.cellWidget(r, 4)
                if isinstance(box, QDoubleSpinBox) and box.value() > 0:
                    lines.append((ln.line_id, _dec(box)))
            if not lines:
                self.error.setText(ctx.tr("没有填实收数量。", "No quantity arrived."))
                return
            ctx.ops.run_service(stock.receive_purchase_order, self.po.number, lines, self.note_for_po.text(),
                                on_done=self._saved, on_error=self._refused, parent=self)
        else:
            ctx.ops.run_service(stock.receive_delivery_note, self.note_number.text(), self.supplier.text(),
                                self.note_lines(), on_done=self._saved, on_error=self._refused, parent=self)

    def _refused(self, exc: BaseException) -> None:
        self.error.setText(exc.message(self.ctx.lang) if isinstance(exc, WorkshopError) else str(exc))

    def _saved(self, result: ReceiptResult) -> None:
        self.result_info = result
        tr = self.ctx.tr
        summary = "\n".join(f"{m.part_no} {m.part_name}  +{fmt_qty(m.quantity)}  → {fmt_qty(m.on_hand_after)}"
                            f"  {tr('均价', 'avg')} {m.avg_cost_after:,.2f}" for m in result.moves)
        answer = QMessageBox.question(
            self, tr("已入库", "Booked in"),
            summary + "\n\n" + tr("现在打印这些零件的条码标签吗？（每件一张）", "Print barcode labels now (one per unit)?"))
        if answer == QMessageBox.StandardButton.Yes:
            self.print_labels(result)
        self.accept()

    def print_labels(self, result: ReceiptResult) -> None:
        """A preview of one label per whole unit received, then the printer or a PDF."""
        from ui.widgets.label_preview import LabelPreviewDialog

        ids = [m.part_id for m in result.moves for _ in range(max(int(m.quantity), 1))][:MAX_LABELS_AT_ONCE]
        LabelPreviewDialog(self.ctx, "parts", ids, parent=self).exec()


def write_receipt_labels(ctx: AppContext, result: ReceiptResult, path: str) -> int:
    """One label per whole unit received (at most MAX_LABELS_AT_ONCE). Returns how many were written."""
    from workshop.printing.labels import contents_for, render_labels_pdf
    from workshop.queries.labels import label_rows

    rows = {r.id: r for r in label_rows(ctx.db, "parts", ids=[m.part_id for m in result.moves], actor=ctx.actor)}
    contents = []
    for m in result.moves:
        row = rows.get(m.part_id)
        if row is not None:
            copies = max(int(m.quantity), 1)
            contents.extend(contents_for([row]) * copies)
    contents = contents[:MAX_LABELS_AT_ONCE]
    render_labels_pdf(contents, path)
    return len(contents)
