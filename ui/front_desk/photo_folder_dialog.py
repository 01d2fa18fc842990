"""R4: choose photos from the phone's upload folder, newest first (names and times only: nothing is decoded on
the GUI thread)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.front_desk import common

SHOWN = 60


class FolderPhotosDialog(QDialog):
    def __init__(self, ctx: AppContext, files: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(ctx.tr("手机上传的照片", "Photos from the phone"))
        self.setMinimumSize(460, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(ctx.tr("选择要加到环车检查的照片（可多选，最新的在上面）：",
                                       "Choose the photos for the walk-around (several at once; newest first):")))
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for path in files[:SHOWN]:
            stamp = datetime.fromtimestamp(path.stat().st_mtime).strftime("%m-%d %H:%M")
            item = QListWidgetItem(f"{stamp}　{path.name}　{path.stat().st_size / 1e6:.1f} MB")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.list.addItem(item)
        if not files:
            layout.addWidget(QLabel(ctx.tr("文件夹里还没有照片。", "The folder holds no photos yet.")))
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        common.name_buttons(ctx, buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> list[Path]:
        return [Path(i.data(Qt.ItemDataRole.UserRole)) for i in self.list.selectedItems()]


def pick_folder_photos(parent: QWidget | None, ctx: AppContext, files: list[Path]) -> list[Path]:
    """The photos chosen, or [] when cancelled (tests replace this function)."""
    dialog = FolderPhotosDialog(ctx, files, parent)
    return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else []
