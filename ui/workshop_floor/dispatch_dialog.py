"""W4 dispatch (派工) of one work order: each labor line to a technician, or several with shares that sum to
100 %. A team leader sees only the team's technicians (the core checks it too); a reassignment asks why."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.tools.common import error_label, error_text
from workshop.domain.job_clock import even_shares
from workshop.domain.roles import Role
from workshop.queries.work_orders import people_with_role
from workshop.services import dispatch
from workshop.services.dispatch import DispatchLine

ROWS = 4


def line_text(line: DispatchLine) -> str:
    who = "、".join(f"{s.name} {s.share_pct.normalize():f} %" for s in line.shares) or "—"
    done = "（已完工）" if line.finished else ""
    return f"{line.description}  {line.hours.normalize():f} h  [{line.team or ''}]  → {who}{done}"


class DispatchDialog(QDialog):
    def __init__(self, ctx: AppContext, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.number = number
        t = ctx.tr
        self.setWindowTitle(t(f"派工 — {number}", f"Dispatch — {number}"))
        self.setMinimumSize(920, 440)
        outer = QHBoxLayout(self)
        self.lines = QListWidget()
        self.lines.setMinimumWidth(420)
        self.lines.setWordWrap(True)
        outer.addWidget(self.lines, 1)
        right = QVBoxLayout()
        outer.addLayout(right, 1)
        right.addWidget(QLabel(t("技工与分配比例（合计 100 %）", "Technicians and shares (100 % in all)")))
        grid = QGridLayout()
        team = None if ctx.actor.has_role(Role.WORKSHOP_MANAGER) else self._own_team()
        people = people_with_role(ctx.db, "technician", "team_leader", team=team)
        self.techs: list[QComboBox] = []
        self.shares: list[QDoubleSpinBox] = []
        for i in range(ROWS):
            combo = QComboBox()
            combo.addItem("—", None)
            for p in people:
                combo.addItem(f"{p.name}（{p.team or t('无班组', 'no team')}）", p.id)
            spin = QDoubleSpinBox()
            spin.setRange(0, 100)
            spin.setDecimals(2)
            spin.setSuffix(" %")
            combo.currentIndexChanged.connect(self._update_total)
            spin.valueChanged.connect(self._update_total)
            grid.addWidget(combo, i, 0)
            grid.addWidget(spin, i, 1)
            self.techs.append(combo)
            self.shares.append(spin)
        right.addLayout(grid)
        even = QPushButton(t("平均分配", "Split evenly"))
        even.clicked.connect(self.split_evenly)
        self.total = QLabel()
        row = QHBoxLayout()
        row.addWidget(even)
        row.addWidget(self.total, 1)
        right.addLayout(row)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(t("改派原因（改派时必填）", "Reason (needed to reassign)"))
        right.addWidget(self.reason)
        self.error = error_label()
        right.addWidget(self.error)
        right.addStretch(1)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(t("保存派工", "Save dispatch"))
        self.save_button.clicked.connect(self.save)
        close = QPushButton(t("关闭", "Close"))
        close.clicked.connect(self.accept)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        right.addLayout(buttons)
        self.lines.currentRowChanged.connect(self._show_line)
        self.data: list[DispatchLine] = []
        self.reload()

    def _own_team(self) -> str | None:
        me = [p for p in people_with_role(self.ctx.db, "team_leader", "technician") if p.id == self.ctx.actor.user_id]
        return me[0].team if me else None

    def reload(self, keep: int | None = None) -> None:
        row = self.lines.currentRow() if keep is None else keep
        self.data = dispatch.dispatch_of(self.ctx.db, self.number)
        self.lines.clear()
        for line in self.data:
            item = QListWidgetItem(line_text(line))
            self.lines.addItem(item)
        if self.data:
            self.lines.setCurrentRow(min(max(row, 0), len(self.data) - 1))

    def current(self) -> DispatchLine | None:
        i = self.lines.currentRow()
        return self.data[i] if 0 <= i < len(self.data) else None

    def pick_line(self, line_id: int) -> None:
        for i, line in enumerate(self.data):
            if line.id == line_id:
                self.lines.setCurrentRow(i)

    def set_shares(self, shares: Sequence[tuple[int, Decimal]]) -> None:
        for i in range(ROWS):
            tech, pct = shares[i] if i < len(shares) else (None, Decimal(0))
            self.techs[i].setCurrentIndex(max(0, self.techs[i].findData(tech)) if tech is not None else 0)
            self.shares[i].setValue(float(pct))
        self._update_total()

    def chosen(self) -> list[tuple[int, Decimal]]:
        out = []
        for combo, spin in zip(self.techs, self.shares, strict=True):
            if combo.currentData() is not None:
                out.append((int(combo.currentData()), Decimal(str(round(spin.value(), 2)))))
        return out

    def split_evenly(self) -> None:
        self.set_shares(even_shares([t for t, _ in self.chosen()]))

    def _show_line(self, _row: int) -> None:
        line = self.current()
        self.error.clear()
        self.reason.clear()
        self.set_shares([(s.technician_id, s.share_pct) for s in line.shares] if line else [])
        self.save_button.setEnabled(line is not None and not line.finished)

    def _update_total(self) -> None:
        total = sum((p for _, p in self.chosen()), Decimal(0))
        ok = total == 100
        self.total.setText(self.ctx.tr(f"合计 {total.normalize():f} %", f"Total {total.normalize():f} %"))
        self.total.setStyleSheet("" if ok else "color:#c81e1e;")

    def save(self) -> None:
        line = self.current()
        if line is None:
            return
        ctx, number, shares, reason = self.ctx, self.number, self.chosen(), self.reason.text()
        row = self.lines.currentRow()
        self.error.clear()
        ctx.ops.run_service(dispatch.dispatch_line, number, line.id, shares, reason=reason,
                            on_done=lambda _out: self.reload(row),
                            on_error=lambda exc: self.error.setText(error_text(ctx, exc)), parent=self)
