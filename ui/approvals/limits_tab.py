"""A3: the limits per role with the date they take effect. Changing one adds a row from that date on."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from ui.approvals._format import role_name
from ui.context import AppContext
from ui.widgets.lazy_table import LazyTableModel
from workshop.domain.changes import RecordKind
from workshop.domain.clock import SHOP_TZ, fmt_shop, to_shop, utcnow
from workshop.domain.discount_policy import fmt_pct
from workshop.domain.roles import Perm
from workshop.services import limits

HEADERS = (("角色", "Role"), ("限额", "Limit"), ("数值", "Value"), ("生效时间", "In force from"),
           ("状态", "State"))


class LimitsTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(ctx.tr(
            "限额按角色设置，并有生效日期；过去的审批保留当时的限额。服务总监可审批任何金额。",
            "Limits are set per role with the date they take effect; past decisions keep the limits of their "
            "time. The service director approves any amount.")))
        self.model = LazyTableModel([ctx.tr(zh, en) for zh, en in HEADERS], self._page, page_size=500)
        view = QTableView()
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(view, 1)

        form = QHBoxLayout()
        self.key = QComboBox()
        for spec in limits.LIMIT_KEYS.values():
            self.key.addItem(ctx.tr(spec.zh, spec.en), spec.key)
        self.role = QComboBox()
        self.key.currentIndexChanged.connect(lambda _i: self._fill_roles())
        self.value = QLineEdit()
        self.value.setPlaceholderText(ctx.tr("新数值", "New value"))
        today = to_shop(utcnow()).date()
        self.effective = QDateEdit(QDate(today.year, today.month, today.day))
        self.effective.setCalendarPopup(True)
        self.effective.setDisplayFormat("yyyy-MM-dd")
        self.effective.setMinimumDate(QDate(today.year, today.month, today.day))
        self.save_button = QPushButton(ctx.tr("保存（从该日起生效）", "Save (in force from that day)"))
        self.save_button.clicked.connect(self.save)
        for widget in (self.key, self.role, self.value, QLabel(ctx.tr("生效日期", "From")), self.effective,
                       self.save_button):
            form.addWidget(widget)
        form.addStretch(1)
        layout.addLayout(form)
        editable = ctx.can(Perm.LIMITS_SET)
        for widget in (self.key, self.role, self.value, self.effective, self.save_button):
            widget.setEnabled(editable)
        self._fill_roles()
        ctx.ops.watch(self, {RecordKind.LIMITS}, lambda _changes: self.model.reload())
        self.model.reload()

    def _fill_roles(self) -> None:
        spec = limits.LIMIT_KEYS[self.key.currentData()]
        self.role.clear()
        for role in spec.roles:
            self.role.addItem(role_name(self.ctx, role.value), role.value)

    def _page(self, offset: int, limit: int) -> Sequence[Sequence[Any]]:
        if offset:
            return []
        ctx = self.ctx
        now = utcnow()
        out = []
        for row in limits.limits_table(ctx.db, now):
            spec = limits.LIMIT_KEYS[row.key]
            if row.effective_from is None:
                since, state = ctx.tr("（默认）", "(default)"), ctx.tr("在用", "in force")
            elif row.effective_from > now:
                since, state = fmt_shop(row.effective_from), ctx.tr("将生效", "upcoming")
            else:
                since, state = fmt_shop(row.effective_from), ctx.tr("在用", "in force")
            out.append((role_name(ctx, row.role), ctx.tr(spec.zh, spec.en), fmt_pct(row.value), since, state))
        return out

    def effective_from(self) -> datetime | None:
        """Today means now; a later day means 00:00 of that day in shop time."""
        d = self.effective.date()
        today = to_shop(utcnow()).date()
        if (d.year(), d.month(), d.day()) <= (today.year, today.month, today.day):
            return None
        return datetime(d.year(), d.month(), d.day(), tzinfo=SHOP_TZ)

    def save(self) -> None:
        ctx = self.ctx
        role, key, value, start = self.role.currentData(), self.key.currentData(), self.value.text(), \
            self.effective_from()
        ctx.ops.run_service(limits.set_limit, role, key, value, start, on_done=lambda _r: self.value.clear(),
                            parent=self)
