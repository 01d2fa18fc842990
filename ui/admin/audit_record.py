"""The raw record of one audit row, one click from its sentence: every field by its name, times in shop time,
and the stored text itself."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from workshop.domain.clock import fmt_shop
from workshop.queries.audit import AuditRow


class AuditRecordDialog(QDialog):
    def __init__(self, ctx: AppContext, row: AuditRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(ctx.tr("审计记录", "Audit record"))
        layout = QVBoxLayout(self)
        self.sentence = QLabel(f"{fmt_shop(row.at, True)}  {row.sentence()}")
        self.sentence.setWordWrap(True)
        layout.addWidget(self.sentence)
        fields = row.details()
        self.table = QTableWidget(len(fields), 2)
        self.table.setHorizontalHeaderLabels([ctx.tr("项目", "Field"), ctx.tr("内容", "Value")])
        self.table.verticalHeader().setVisible(False)
        for i, (name, value) in enumerate(fields):
            self.table.setItem(i, 0, QTableWidgetItem(name))
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            self.table.setItem(i, 1, item)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnToContents(0)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel(ctx.tr(f"原始记录（操作代码 {row.action}）", f"Stored record (action code {row.action})")))
        self.raw = QPlainTextEdit(row.summary)
        self.raw.setReadOnly(True)
        self.raw.setMaximumHeight(90)
        layout.addWidget(self.raw)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 420)
