"""Administration: the audit log, filtered by user, date and record; a lazy table (fetches as you scroll)."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.common import screen_title
from ui.context import AppContext
from ui.widgets.lazy_table import LazyTableModel
from workshop.db.audit_chain import ChainReport
from workshop.domain.clock import to_shop, utcnow
from workshop.queries.audit import AuditFilter, audit_page, verify_chain
from workshop.services import users


class AuditScreen(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.addWidget(screen_title(ctx.tr("审计日志", "Audit log")))
        bar = QHBoxLayout()
        self.user = QComboBox()
        self.user.addItem(ctx.tr("全部用户", "All users"), None)
        for u in users.list_users(ctx.db):
            self.user.addItem(f"{u.display_name} ({u.username})", u.id)
        self.use_dates = QCheckBox(ctx.tr("日期", "Dates"))
        shop_today = to_shop(utcnow()).date()
        today = QDate(shop_today.year, shop_today.month, shop_today.day)
        self.day_from = QDateEdit(today.addDays(-30))
        self.day_to = QDateEdit(today)
        for d in (self.day_from, self.day_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
        self.record = QLineEdit()
        self.record.setPlaceholderText(ctx.tr("记录，如 work_order 或 user 3", "record, e.g. work_order or user 3"))
        search = QPushButton(ctx.tr("查询", "Search"))
        search.clicked.connect(self.reload)
        self.record.returnPressed.connect(self.reload)
        for w in (QLabel(ctx.tr("用户", "User")), self.user, self.use_dates, self.day_from, QLabel("—"),
                  self.day_to, self.record, search):
            bar.addWidget(w)
        layout.addLayout(bar)
        self.chain = QLabel(ctx.tr("正在验证审计链…", "Verifying the audit chain…"))
        self.chain.setObjectName("audit_chain_status")
        self.chain.setWordWrap(True)
        layout.addWidget(self.chain)
        headers = [ctx.tr(zh, en) for zh, en in (("时间", "Time"), ("用户", "User"), ("操作", "Action"),
                                                  ("记录类型", "Record"), ("记录号", "Id"), ("内容", "Summary"))]
        self.model = LazyTableModel(headers, self._fetch)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        self.reload()
        self.view.resizeColumnsToContents()
        self.verify_chain()

    def verify_chain(self) -> None:
        """The whole chain is walked off the GUI thread; the screen says up to which row it holds."""
        def show(report: ChainReport) -> None:
            self.chain.setStyleSheet("" if report.ok else "color: #c0392b; font-weight: bold;")
            self.chain.setText(report.message(self.ctx.lang))

        self.ctx.ops.run(lambda: verify_chain(self.ctx.db), show)

    def _filter(self) -> AuditFilter:
        dates = self.use_dates.isChecked()
        return AuditFilter(
            user_id=self.user.currentData(),
            day_from=self.day_from.date().toPython() if dates else None,  # type: ignore[arg-type]
            day_to=self.day_to.date().toPython() if dates else None,  # type: ignore[arg-type]
            record=self.record.text(),
        )

    def _fetch(self, offset: int, limit: int) -> list[tuple[str, ...]]:
        return [row.display() for row in audit_page(self.ctx.db, self._filter(), offset, limit)]

    def reload(self) -> None:
        self.model.reload()
