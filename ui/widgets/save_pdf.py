"""Saving a PDF (or any file) from the screens: one place for the file dialog and the feedback.

The dialog is Qt's own (DontUseNativeDialog), so it speaks the app's language through Qt's zh_CN catalog
(ui/app.py loads qtbase_zh_CN.qm), and it proposes a Chinese file name such as 结算单-<number>.pdf in the
folder used last (else the Documents folder). Nothing is ever written without asking. When the file is
written, a message says where, with a button that opens the folder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from ui.context import AppContext

_last_folder: list[Path] = []  # the folder chosen last in this session


def safe_file_name(name: str) -> str:
    """A proposed file name without the characters Windows refuses ("/" in a number, ":" in a time)."""
    return re.sub(r'[\\/:*?"<>|]+', "-", name).strip(" .") or "文件"


def start_folder() -> Path:
    if _last_folder:
        return _last_folder[-1]
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs else Path.home()


def ask_save_path(parent: QWidget | None, ctx: AppContext, title: str, file_name: str,
                  name_filter: str = "PDF (*.pdf)") -> Path | None:
    """Qt's own save dialog (in Chinese when the app is), proposing `file_name`; None when cancelled."""
    suffix = Path(file_name).suffix.lstrip(".")
    dialog = QFileDialog(parent, title, str(start_folder() / safe_file_name(file_name)), name_filter)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    if suffix:
        dialog.setDefaultSuffix(suffix)
    dialog.selectFile(safe_file_name(file_name))
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, ctx.tr("保存", "Save"))
    dialog.setLabelText(QFileDialog.DialogLabel.Reject, ctx.tr("取消", "Cancel"))
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    path = Path(dialog.selectedFiles()[0])
    if suffix and path.suffix.lower() != f".{suffix.lower()}":
        path = path.with_name(f"{path.name}.{suffix}")
    _last_folder.append(path.parent)
    return path


def ask_open_path(parent: QWidget | None, ctx: AppContext, title: str, name_filter: str = "") -> Path | None:
    """Qt's own open dialog, in the app's language; None when cancelled."""
    dialog = QFileDialog(parent, title, str(start_folder()), name_filter)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, ctx.tr("打开", "Open"))
    dialog.setLabelText(QFileDialog.DialogLabel.Reject, ctx.tr("取消", "Cancel"))
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    path = Path(dialog.selectedFiles()[0])
    _last_folder.append(path.parent)
    return path


def open_folder(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


def show_written(parent: QWidget | None, ctx: AppContext, path: Path, what: str = "") -> QMessageBox:
    """"Saved to …" with the full path and a button that opens the folder; not modal, returned for tests."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(ctx.tr("已保存", "Saved"))
    box.setText(ctx.tr(f"{what or '文件'}已保存到：\n{path}", f"{what or 'The file'} was saved to:\n{path}"))
    folder = box.addButton(ctx.tr("打开文件夹", "Open folder"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Ok)
    folder.clicked.connect(lambda: open_folder(path))
    box.setProperty("written_path", str(path))
    present(box)
    return box


def present(box: QMessageBox) -> None:
    """Shown without blocking (tests collect the boxes instead)."""
    box.open()


def save_file(parent: QWidget | None, ctx: AppContext, title: str, file_name: str,
              write: Callable[[Path], Any], *, what: str = "", name_filter: str = "PDF (*.pdf)",
              on_saved: Callable[[Path], None] | None = None) -> None:
    """Ask where, write on a worker thread (errors shown as usual), then say where it was written."""
    path = ask_save_path(parent, ctx, title, file_name, name_filter)
    if path is None:
        return

    def done(_: object) -> None:
        show_written(parent, ctx, path, what)
        if on_saved is not None:
            on_saved(path)

    ctx.ops.run(lambda: write(path), done, parent=parent)
