"""Printing gives feedback: every file is saved through Qt's own (translatable) dialog proposing a Chinese
name, never silently into a home folder, and a message says where it went with a button to open the folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from tests.helpers.claims_tools_data import arrived_claim
from ui.claims.screen import ClaimsScreen
from ui.context import AppContext
from ui.widgets import save_pdf
from ui.widgets.save_pdf import ask_save_path as real_ask_save_path
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role


def test_f9_save_dialog_is_qt_own_in_chinese_with_a_chinese_name(
        qtbot, make_ctx: Callable[[Role], AppContext], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: dict[str, object] = {}

    def fake_exec(dialog: QFileDialog) -> int:
        seen["native_off"] = dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
        seen["save"] = dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
        seen["accept"] = dialog.labelText(QFileDialog.DialogLabel.Accept)
        dialog.selectFile(str(tmp_path / "结算单-TEST-0001"))
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(QFileDialog, "exec", fake_exec)
    monkeypatch.setattr(save_pdf, "_last_folder", [tmp_path])
    path = real_ask_save_path(None, make_ctx(Role.ADVISOR), "保存结算单", "结算单-TEST/0001.pdf")
    assert seen == {"native_off": True, "save": True, "accept": "保存"}
    assert path == tmp_path / "结算单-TEST-0001.pdf"  # the .pdf added, "/" never in a proposed name
    assert save_pdf.safe_file_name('订金收据-DJ2612:0001?.pdf') == "订金收据-DJ2612-0001-.pdf"
    assert save_pdf.start_folder() == tmp_path  # the folder chosen last is proposed next


def test_f9_written_message_names_the_path_and_opens_the_folder(
        qtbot, make_ctx: Callable[[Role], AppContext], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        written_boxes: list[QMessageBox]) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(save_pdf.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    target = tmp_path / "订金收据-X.pdf"
    box = save_pdf.show_written(None, make_ctx(Role.ADVISOR), target, "订金收据")
    assert written_boxes == [box]
    assert str(target) in box.text() and "已保存到" in box.text()
    folder = next(b for b in box.buttons() if b.text() == "打开文件夹")
    folder.click()
    assert opened == [QUrl.fromLocalFile(str(tmp_path))]


def test_f9_deposit_receipt_is_saved_under_a_chinese_name_with_feedback(
        qtbot, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext],
        saved_files: list[str], written_boxes: list[QMessageBox]) -> None:
    claim = arrived_claim(db, people, deposit="500.00", phone="13911112222")
    ctx = make_ctx(Role.ADVISOR)
    screen = ClaimsScreen(ctx)
    qtbot.addWidget(screen)
    screen.tabs.setCurrentIndex(0)
    assert ctx.ops.wait()  # the claims are read off the GUI thread
    assert screen.select_number(claim.claim_no)
    screen.print_receipt()
    assert ctx.ops.wait()
    assert len(saved_files) == 1 and saved_files[0].startswith("订金收据-") and saved_files[0].endswith(".pdf")
    written = Path(str(written_boxes[-1].property("written_path")))
    assert written.read_bytes().startswith(b"%PDF") and written.name == saved_files[0]


def test_f9_qt_dialogs_speak_chinese_when_the_ui_does(qtbot) -> None:
    from PySide6.QtCore import QTranslator

    from ui.app import setup_app

    app = setup_app("zh")
    try:
        assert QCoreApplication.translate("QFileDialog", "Look in:") != "Look in:"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    finally:
        for translator in app.findChildren(QTranslator):
            QApplication.removeTranslator(translator)
