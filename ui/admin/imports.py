"""Administration: imports from the previous system (S3). Pick what (parts, labor operations, customers and
vehicles) and the file (.xlsx or CSV); the first rows are shown with the column each field is read from (proposed
from the headers, changeable); the import runs with a progress bar and ends with its summary, and the refused
rows can be saved as an Excel file with their reasons. 取消导入 (or the progress dialog's Cancel) stops it cleanly:
the whole file is imported in ONE transaction, so a cancelled import writes nothing at all (said on screen)."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
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
from workshop.db.uow import UnitOfWork
from workshop.domain.changes import ChangeSet
from workshop.domain.errors import WorkshopError
from workshop.domain.roles import Actor
from workshop.exports import write_report
from workshop.services import bulk_import
from workshop.services.bulk_import import BulkReport, ImportCancelled
from workshop.tables import open_table

KINDS = (("parts", "配件", "Parts"), ("labor", "工时项目", "Labor operations"),
         ("customers", "客户与车辆", "Customers and vehicles"))
PREVIEW_ROWS = 20


class ImportScreen(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.path: Path | None = None
        self.header: list[str] = []
        self.report: BulkReport | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(screen_title(ctx.tr("数据导入", "Imports")))
        row = QHBoxLayout()
        self.kind = QComboBox()
        for key, zh, en in KINDS:
            self.kind.addItem(ctx.tr(zh, en), key)
        self.kind.currentIndexChanged.connect(self._show_mapping)
        choose = QPushButton(ctx.tr("选择文件…", "Choose a file…"))
        choose.clicked.connect(self.choose)
        self.file_label = QLabel("")
        row.addWidget(self.kind)
        row.addWidget(choose)
        row.addWidget(self.file_label, 1)
        layout.addLayout(row)
        self.preview = QTableWidget(0, 0)
        self.preview.setMinimumHeight(220)
        layout.addWidget(self.preview)
        self.mapping_form = QFormLayout()
        layout.addLayout(self.mapping_form)
        self.combos: dict[str, QComboBox] = {}
        buttons = QHBoxLayout()
        self.run_button = QPushButton(ctx.tr("开始导入", "Import"))
        self.run_button.setEnabled(False)
        self.run_button.clicked.connect(self.run)
        self.cancel_button = QPushButton(ctx.tr("取消导入", "Cancel the import"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.cancelling = threading.Event()
        self.save_refused = QPushButton(ctx.tr("导出拒绝的行（Excel）…", "Save the refused rows (Excel)…"))
        self.save_refused.setEnabled(False)
        self.save_refused.clicked.connect(self.save_report)
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_refused)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        note = QLabel(ctx.tr("整个文件在一个事务中导入：取消或出错时不写入任何数据；完成后才一次性生效。",
                             "The whole file is imported in one transaction: a cancel or an error writes "
                             "nothing; the rows take effect together when it finishes."))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.result = QLabel("")
        self.result.setWordWrap(True)
        layout.addWidget(self.result)

    @property
    def kind_key(self) -> str:
        return str(self.kind.currentData())

    def choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.ctx.tr("选择导入文件", "Choose the file"), "",
                                              "Excel / CSV (*.xlsx *.xls *.ods *.csv *.txt)")
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> None:
        table = open_table(path)
        try:
            self.header = table.header
            rows = []
            for _line, cells in table.rows:
                rows.append(cells)
                if len(rows) >= PREVIEW_ROWS:
                    break
        finally:
            table.close()
        self.path = path
        self.file_label.setText(str(path))
        self.preview.setColumnCount(len(self.header))
        self.preview.setHorizontalHeaderLabels(self.header)
        self.preview.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, value in enumerate(cells[:len(self.header)]):
                self.preview.setItem(r, c, QTableWidgetItem(value))
        self._show_mapping()

    def _show_mapping(self) -> None:
        while self.mapping_form.rowCount():
            self.mapping_form.removeRow(0)
        self.combos = {}
        guess = bulk_import.guess_mapping(self.kind_key, self.header)
        required = bulk_import.REQUIRED[self.kind_key]
        for key, names in bulk_import.FIELDS[self.kind_key].items():
            combo = QComboBox()
            combo.addItem(self.ctx.tr("（不导入）", "(not imported)"), -1)
            for i, h in enumerate(self.header):
                combo.addItem(h, i)
            if key in guess:
                combo.setCurrentIndex(guess[key] + 1)
            self.combos[key] = combo
            self.mapping_form.addRow(names[0] + (" *" if key in required else ""), combo)
        self.run_button.setEnabled(self.path is not None)

    def mapping(self) -> dict[str, int]:
        return {k: int(c.currentData()) for k, c in self.combos.items() if int(c.currentData()) >= 0}

    def run(self) -> None:
        ctx, path, kind, mapping = self.ctx, self.path, self.kind_key, self.mapping()
        if path is None:
            return

        cancelling = self.cancelling
        cancelling.clear()

        def work(uow: UnitOfWork, actor: Actor, progress: object) -> BulkReport:
            table = open_table(path)

            def step(_done: int) -> None:  # between chunks, inside the one transaction: a cancel rolls it back
                if cancelling.is_set():
                    raise ImportCancelled()
                progress(table.position(), table.size)  # type: ignore[operator]

            try:
                rows = bulk_import.rows_of(kind, table.header, table.rows, mapping)
                return bulk_import.IMPORTERS[kind](uow, actor, rows, progress=step)
            finally:
                table.close()

        self.result.setText("")
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        ctx.ops.run_service_with_progress(work, ctx.tr("正在导入…", "Importing…"), on_done=self._done,
                                  changes=ChangeSet.everything(), parent=self, on_cancel=self.cancel,
                                  on_error=self._failed)

    def cancel(self) -> None:
        """Stops the import at its next chunk; nothing of it is kept."""
        self.cancelling.set()
        self.cancel_button.setEnabled(False)
        self.result.setText(self.ctx.tr("正在取消…", "Cancelling…"))

    def _finished(self) -> None:
        self.cancel_button.setEnabled(False)
        self.run_button.setEnabled(self.path is not None)

    def _failed(self, exc: BaseException) -> None:
        from ui.admin.master_form import message_of

        self._finished()
        self.report = None
        self.save_refused.setEnabled(False)
        if isinstance(exc, ImportCancelled):
            self.result.setText(self.ctx.tr("导入已取消：整个文件在一个事务中，没有写入任何数据。",
                                            "The import was cancelled: the file is one transaction, nothing "
                                            "was written."))
            return
        self.result.setText(message_of(exc, self.ctx.lang))
        if not isinstance(exc, WorkshopError):  # a file or database failure: its sentence, the trace in the log
            self.ctx.ops.report(exc, parent=self)

    def _done(self, report: BulkReport) -> None:
        self._finished()
        self.report = report
        lines = [report.summary(self.ctx.lang)]
        for r in report.refused[:10]:
            lines.append(self.ctx.tr(f"第 {r.line_no} 行 {r.key}：{r.reason_zh}", f"line {r.line_no} {r.key}: {r.reason_en}"))
        if len(report.refused) > 10:
            lines.append("…")
        self.result.setText("\n".join(lines))
        self.save_refused.setEnabled(bool(report.refused))

    def save_report(self, path: Path | None = None) -> None:
        if self.report is None:
            return
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, self.ctx.tr("保存拒绝的行", "Save the refused rows"),
                                                  "refused.xlsx", "Excel (*.xlsx);;CSV (*.csv)")
            if not name:
                return
            path = Path(name)
        write_report(path, self.report.refused)
