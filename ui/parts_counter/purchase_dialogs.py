"""Purchasing dialogs: self-purchase with three supplier quotes, the cheapest or a reason (P5); ordering an
accident job's signed quote parts (P3: unsigned or supplemental-not-yet-signed lines are refused in the core)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from workshop.domain.errors import WorkshopError
from workshop.services import purchasing
from workshop.services.purchasing import PurchaseOrderInfo, SupplierOffer

OFFERS = 3


class _Base(QDialog):
    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_info: PurchaseOrderInfo | None = None
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.layout_ = QVBoxLayout(self)
        self.error = QLabel()
        self.error.setStyleSheet("color:#c62828;")
        self.error.setWordWrap(True)

    def _finish_layout(self) -> None:
        self.layout_.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.layout_.addWidget(buttons)

    def save(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _saved(self, info: PurchaseOrderInfo) -> None:
        self.result_info = info
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.error.setText(exc.message(self.ctx.lang) if isinstance(exc, WorkshopError) else str(exc))


class SelfPurchaseDialog(_Base):
    def __init__(self, ctx: AppContext, part_no: str = "", parent: QWidget | None = None) -> None:
        tr = ctx.tr
        super().__init__(ctx, tr("自采（三家比价）", "Self-purchase (three quotes)"), parent)
        form = QFormLayout()
        self.part = QLineEdit(part_no)
        self.qty = QDoubleSpinBox()
        self.qty.setRange(0.01, 99999)
        self.qty.setValue(1)
        self.work_order = QLineEdit()
        self.work_order.setPlaceholderText(tr("可选", "optional"))
        form.addRow(tr("零件号", "Part number"), self.part)
        form.addRow(tr("数量", "Quantity"), self.qty)
        form.addRow(tr("工单号", "Work order"), self.work_order)
        self.layout_.addLayout(form)
        grid = QGridLayout()
        for c, (zh, en) in enumerate((("选用", "Chosen"), ("供应商", "Supplier"), ("单价", "Unit price"))):
            grid.addWidget(QLabel(tr(zh, en)), 0, c)
        self.choice = QButtonGroup(self)
        self.names: list[QLineEdit] = []
        self.prices: list[QDoubleSpinBox] = []
        for i in range(OFFERS):
            pick = QRadioButton()
            pick.setChecked(i == 0)
            self.choice.addButton(pick, i)
            name = QLineEdit()
            price = QDoubleSpinBox()
            price.setDecimals(2)
            price.setRange(0, 9999999)
            price.valueChanged.connect(self._hint)
            grid.addWidget(pick, i + 1, 0)
            grid.addWidget(name, i + 1, 1)
            grid.addWidget(price, i + 1, 2)
            self.names.append(name)
            self.prices.append(price)
        self.choice.idClicked.connect(lambda _i: self._hint())
        self.layout_.addLayout(grid)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(tr("没选最便宜的报价时必填", "Required when the chosen offer is not the cheapest"))
        self.layout_.addWidget(QLabel(tr("选择理由", "Reason for the choice")))
        self.layout_.addWidget(self.reason)
        self.hint = QLabel()
        self.layout_.addWidget(self.hint)
        self._finish_layout()

    def offers(self) -> list[SupplierOffer]:
        return [SupplierOffer(n.text(), Decimal(str(round(p.value(), 2)))) for n, p in zip(self.names, self.prices,
                                                                                           strict=True)]

    def _hint(self) -> None:
        prices = [p.value() for p in self.prices]
        chosen = max(self.choice.checkedId(), 0)
        cheapest = min(prices) if prices else 0
        self.hint.setText("" if prices[chosen] <= cheapest else self.ctx.tr(
            "所选不是最便宜的报价，请填写理由。", "The chosen offer is not the cheapest: write why."))

    def save(self) -> None:
        ctx = self.ctx
        code, qty = self.part.text(), Decimal(str(round(self.qty.value(), 2)))
        offers, chosen, reason = self.offers(), max(self.choice.checkedId(), 0), self.reason.text()
        wo = self.work_order.text().strip() or None
        ctx.ops.run_service(purchasing.record_self_purchase, code, qty, offers, chosen, reason, wo,
                            on_done=self._saved, on_error=self._refused, parent=self)


class QuoteOrderDialog(_Base):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        tr = ctx.tr
        super().__init__(ctx, tr("按报价单订货（事故车）", "Order from an accident quote"), parent)
        form = QFormLayout()
        self.work_order = QLineEdit()
        self.supplier = QLineEdit()
        form.addRow(tr("工单号", "Work order"), self.work_order)
        form.addRow(tr("供应商", "Supplier"), self.supplier)
        self.layout_.addLayout(form)
        note = QLabel(tr("只订已签字的报价行；追加备件须重新签字后才能订。",
                         "Only signed quote lines are ordered; supplemental parts need a new signature."))
        note.setWordWrap(True)
        self.layout_.addWidget(note)
        self._finish_layout()

    def save(self) -> None:
        ctx = self.ctx
        wo, supplier = self.work_order.text(), self.supplier.text()
        ctx.ops.run_service(purchasing.order_quote_lines, wo, supplier, on_done=self._saved,
                            on_error=self._refused, parent=self)
