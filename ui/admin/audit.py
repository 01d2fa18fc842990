"""Administration: the audit log as sentences, filtered by person, action kind, date and record; a lazy table
(fetches as you scroll); the raw record of a row one double-click (or 原始记录) away."""

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

from ui.admin.audit_record import AuditRecordDialog
from ui.common import screen_title
from ui.context import AppContext
from ui.widgets.columns import fit_columns
from ui.widgets.lazy_table import LazyTableModel
from workshop.db.audit_chain import ChainReport
from workshop.domain.clock import to_shop, utcnow
from workshop.queries.audit import AuditFilter, AuditRow, action_choices, audit_page, verify_chain
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
        self.record.setPlaceholderText(ctx.tr("工单号、车牌或用户名", "work order number, plate or user name"))
        self.action = QComboBox()
        for choice in action_choices(ctx.lang):
            self.action.addItem(choice.label, choice.value)
        self.action.currentIndexChanged.connect(self.reload)
        search = QPushButton(ctx.tr("查询", "Search"))
        search.clicked.connect(self.reload)
        self.record.returnPressed.connect(self.reload)
        self.open_record = QPushButton(ctx.tr("原始记录", "Stored record"))
        self.open_record.clicked.connect(self.show_record)
        for w in (QLabel(ctx.tr("操作人", "Person")), self.user, QLabel(ctx.tr("操作", "Action")), self.action,
                  self.use_dates, self.day_from, QLabel("—"),
                  self.day_to, self.record, search, self.open_record):
            bar.addWidget(w)
        layout.addLayout(bar)
        self.chain = QLabel(ctx.tr("正在验证审计链…", "Verifying the audit chain…"))
        self.chain.setObjectName("audit_chain_status")
        self.chain.setWordWrap(True)
        layout.addWidget(self.chain)
        headers = [ctx.tr(zh, en) for zh, en in (("时间", "Time"), ("操作人", "Person"), ("操作", "Action"),
                                                  ("记录", "Record"), ("经过", "What happened"))]
        self.model = LazyTableModel(headers, self._fetch, hidden_tail=1, row_id=lambda r: r[-1].id)
        self.model.reads_off_thread(ctx.ops)  # a filtered page of a long log: a worker reads it
        self.model.on_reloaded = self._first_rows
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(lambda _index: self.show_record())
        layout.addWidget(self.view, 1)
        self.reload()
        self.verify_chain()

    def _first_rows(self) -> None:
        """The columns fit the first rows that arrive; later reloads keep the widths the user sees."""
        self.model.on_reloaded = None
        fit_columns(self.view, self.view.property('fit_stretch'))

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
            action=self.action.currentData() or "",
        )

    def _fetch(self, offset: int, limit: int, flt: AuditFilter | None = None) -> list[tuple[object, ...]]:
        """On a worker: the filter is taken from the widgets before (reload), never read here."""
        db, lang = self.ctx.db, self.ctx.lang
        return [(*row.display(), row) for row in audit_page(db, flt or AuditFilter(), offset, limit, lang)]

    def selected_row(self) -> AuditRow | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        row = self.model.row_values(index.row())[-1]
        return row if isinstance(row, AuditRow) else None

    def show_record(self) -> AuditRecordDialog | None:
        row = self.selected_row()
        if row is None:
            return None
        dialog = AuditRecordDialog(self.ctx, row, self)
        dialog.open()
        return dialog

    def reload(self) -> None:
        flt = self._filter()
        self.model.reload(lambda offset, limit: self._fetch(offset, limit, flt))
