"""Administration (W8): the workshop's bays (工位) and lifts (举升机) — a list the administrator edits: name,
kind and the team that works there (or any team). Saved whole as one setting; the floor board draws one
column per bay."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.common import screen_title
from ui.context import AppContext
from workshop.domain.codes import BayKind
from workshop.domain.floor_board import Bay
from workshop.domain.labels import choices
from workshop.services import floor_board, teams


class BaysScreen(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        t = ctx.tr
        layout = QVBoxLayout(self)
        layout.addWidget(screen_title(t("工位与举升机", "Bays and lifts")))
        info = QLabel(t("车间大屏按工位显示时每个工位一列；可以把车拖到工位上。有车的工位不能删除。",
                        "The floor board shows a column per bay; cars are dragged onto bays. A bay holding a car "
                        "cannot be removed."))
        info.setWordWrap(True)
        layout.addWidget(info)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([t("名称", "Name"), t("类型", "Kind"), t("班组", "Team")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 220)
        self.table.setColumnWidth(1, 140)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        for key, label, slot in (("add", t("添加", "Add"), self.add_row), ("remove", t("删除所选", "Remove"),
                                                                             self.remove_row),
                                 ("save", t("保存", "Save"), self.save)):
            b = QPushButton(label)
            b.setObjectName(key)
            b.clicked.connect(slot)
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self.load()

    def load(self) -> None:
        self.table.setRowCount(0)
        for bay in floor_board.current_bays(self.ctx.db):
            self.add_row(bay)

    def add_row(self, bay: Bay | None = None) -> None:
        bay = bay if isinstance(bay, Bay) else Bay("")
        r = self.table.rowCount()
        self.table.insertRow(r)
        self.table.setItem(r, 0, QTableWidgetItem(bay.name))
        kind = QComboBox()
        for key, name in choices(BayKind, self.ctx.lang):
            kind.addItem(name, key.value)
        kind.setCurrentIndex(max(0, kind.findData(bay.kind)))
        self.table.setCellWidget(r, 1, kind)
        team = QComboBox()
        team.addItem(self.ctx.tr("不限", "Any team"), None)
        for info in teams.list_teams(self.ctx.db):
            team.addItem(info.label, info.code)
        team.setCurrentIndex(max(0, team.findData(bay.team)) if bay.team else 0)
        self.table.setCellWidget(r, 2, team)

    def remove_row(self) -> None:
        r = self.table.currentRow()
        if r >= 0:
            self.table.removeRow(r)

    def bays(self) -> list[Bay]:
        out = []
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            kind, team = self.table.cellWidget(r, 1), self.table.cellWidget(r, 2)
            assert isinstance(kind, QComboBox) and isinstance(team, QComboBox)
            out.append(Bay(item.text() if item else "", kind.currentData(), team.currentData()))
        return out

    def save(self) -> None:
        ctx, bays = self.ctx, self.bays()
        ctx.ops.run_service(floor_board.save_bays, bays, on_done=lambda _: self.load(), parent=self)
