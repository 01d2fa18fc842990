"""R4: the walk-around at reception (环车检查) with the customer — fuel, mileage, valuables, warning lamps, tyres,
damage marked on the car outline, photos. Saving the checklist is one service call; each photo is read, resized
and stored by its own call on a worker thread, so saving never waits on a photo."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui import prefs
from ui.common import fit_to_screen
from ui.context import AppContext
from ui.front_desk import photo_intake
from ui.front_desk.common import when
from ui.front_desk.photo_folder_dialog import pick_folder_photos
from ui.widgets.car_outline import CarOutline
from workshop.db.uow import UnitOfWork
from workshop.domain.errors import WorkshopError
from workshop.domain.labels import choices
from workshop.domain.labels import label as label_for
from workshop.domain.roles import Actor
from workshop.domain.walkaround import (
    TYRE_POSITIONS,
    DamageKind,
    TyreState,
    WarningLamp,
    fuel_text,
)
from workshop.queries.walkaround import photos_of, thumbs_of, walkaround_of
from workshop.services import walkaround


class WalkaroundDialog(QDialog):
    outline: CarOutline
    def __init__(self, ctx: AppContext, number: str, mileage_in: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.number = ctx, number
        self.version: int | None = None
        self.uploading = 0
        t = ctx.tr
        self.setWindowTitle(t(f"环车检查 — {number}", f"Walk-around — {number}"))
        fit_to_screen(self, 1180, 700)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        layout.addLayout(top, 1)
        top.addWidget(self._checklist(mileage_in), 3)
        top.addWidget(self._outline_box(), 2)
        top.addWidget(self._photos_box(), 3)
        bottom = QHBoxLayout()
        self.status = QLabel()
        bottom.addWidget(self.status, 1)
        self.save_button = QPushButton(t("保存环车检查", "Save walk-around"))
        self.save_button.setDefault(True)
        close = QPushButton(t("关闭", "Close"))
        bottom.addWidget(self.save_button)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.save_button.clicked.connect(self.save)
        close.clicked.connect(self.accept)
        self._load()

    # --- layout ------------------------------------------------------------------------------------------
    def _checklist(self, mileage_in: int) -> QGroupBox:
        t = self.ctx.tr
        box = QGroupBox(t("检查项目", "Checklist"))
        form = QFormLayout(box)
        fuel_row = QHBoxLayout()
        self.fuel = QSlider(Qt.Orientation.Horizontal)
        self.fuel.setRange(0, 8)
        self.fuel.setPageStep(1)
        self.fuel.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.fuel_label = QLabel()
        self.fuel_label.setMinimumWidth(36)
        fuel_row.addWidget(QLabel(t("空", "E")))
        fuel_row.addWidget(self.fuel, 1)
        fuel_row.addWidget(QLabel(t("满", "F")))
        fuel_row.addSpacing(12)
        fuel_row.addWidget(self.fuel_label)
        self.fuel_label.setStyleSheet("font-weight: bold;")
        self.fuel.valueChanged.connect(lambda v: self.fuel_label.setText(t(f"{fuel_text(v)} 箱", f"{v}/8 tank")))
        self.fuel.setValue(4)
        form.addRow(t("油量", "Fuel"), fuel_row)
        self.mileage = QSpinBox()
        self.mileage.setRange(0, 2_000_000)
        self.mileage.setSingleStep(100)
        self.mileage.setSuffix(t(" 公里", " km"))
        self.mileage.setValue(mileage_in)
        form.addRow(t("里程", "Mileage"), self.mileage)
        self.valuables = QLineEdit()
        self.valuables.setPlaceholderText(t("如：行车记录仪、现金已交客户", "e.g. dash cam; cash handed back"))
        form.addRow(t("贵重物品", "Valuables"), self.valuables)
        lamps = QGridLayout()
        self.lamps: dict[str, QCheckBox] = {}
        for i, (key, name) in enumerate(choices(WarningLamp, self.ctx.lang)):
            cb = QCheckBox(name)
            self.lamps[key] = cb
            lamps.addWidget(cb, i // 2, i % 2)
        form.addRow(t("仪表故障灯", "Warning lamps"), lamps)
        tyres = QGridLayout()
        self.tyres: dict[str, QComboBox] = {}
        for i, pos in enumerate(TYRE_POSITIONS):
            combo = QComboBox()
            for state, name in choices(TyreState, self.ctx.lang):
                combo.addItem(name, state.value)
            self.tyres[pos] = combo
            tyres.addWidget(QLabel(label_for(pos, self.ctx.lang)), i // 2, (i % 2) * 2)
            tyres.addWidget(combo, i // 2, (i % 2) * 2 + 1)
        form.addRow(t("轮胎", "Tyres"), tyres)
        self.note = QLineEdit()
        self.note.setPlaceholderText(t("如：右后门旧划痕，客户知悉", "e.g. old scratch on the right rear door"))
        form.addRow(t("备注", "Note"), self.note)
        return box

    def _outline_box(self) -> QGroupBox:
        t = self.ctx.tr
        box = QGroupBox(t("外观损伤（点车身图标记）", "Damage (click the outline)"))
        v = QVBoxLayout(box)
        kinds = QGridLayout()
        self.kind_group = QButtonGroup(self)
        for i, (key, name) in enumerate(choices(DamageKind, self.ctx.lang)):
            rb = QRadioButton(name)
            rb.setObjectName(f"kind_{key}")
            rb.setChecked(i == 0)
            rb.toggled.connect(lambda on, k=key: setattr(self.outline, "kind", k) if on else None)
            self.kind_group.addButton(rb)
            kinds.addWidget(rb, i // 3, i % 3)
        v.addLayout(kinds)
        self.outline = CarOutline()
        v.addWidget(self.outline, 1)
        row = QHBoxLayout()
        self.marks_label = QLabel()
        undo = QPushButton(t("撤销上一个", "Undo last"))
        undo.clicked.connect(self.outline.undo_last)
        row.addWidget(self.marks_label, 1)
        row.addWidget(undo)
        v.addLayout(row)
        self.outline.marks_changed.connect(self._marks_changed)
        self._marks_changed()
        return box

    def _photos_box(self) -> QGroupBox:
        t = self.ctx.tr
        box = QGroupBox(t("照片", "Photos"))
        v = QVBoxLayout(box)
        self.photo_list = QListWidget()
        self.photo_list.setViewMode(QListWidget.ViewMode.IconMode)
        self.photo_list.setIconSize(QSize(150, 112))
        self.photo_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.photo_list.setSpacing(6)
        v.addWidget(self.photo_list, 1)
        grid = QGridLayout()
        self.photo_buttons: dict[str, QPushButton] = {}
        for i, (key, label) in enumerate((("file", t("从文件添加…", "From a file…")),
                                          ("folder", t("从手机文件夹…", "From the phone folder…")),
                                          ("set_folder", t("设置手机文件夹…", "Set the phone folder…")),
                                          ("camera", t("拍照", "Camera")),
                                          ("remove", t("删除所选照片", "Remove selected")))):
            b = QPushButton(label)
            b.setObjectName(f"photo_{key}")
            self.photo_buttons[key] = b
            grid.addWidget(b, i // 2, i % 2)
        v.addLayout(grid)
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.folder_label.setStyleSheet("color: #555;")
        v.addWidget(self.folder_label)
        has_camera = photo_intake.camera_available()
        self.photo_buttons["camera"].setEnabled(has_camera)
        self.photo_buttons["camera"].setToolTip("" if has_camera else t("本机没有摄像头（或未安装 Qt Multimedia）",
                                                                       "No camera here (or Qt Multimedia is absent)"))
        self.photo_buttons["file"].clicked.connect(self.add_from_file)
        self.photo_buttons["folder"].clicked.connect(self.add_from_folder)
        self.photo_buttons["set_folder"].clicked.connect(self.set_folder)
        self.photo_buttons["camera"].clicked.connect(self.add_from_camera)
        self.photo_buttons["remove"].clicked.connect(self.remove_photo)
        self._show_folder()
        return box

    # --- data --------------------------------------------------------------------------------------------
    def _load(self) -> None:
        view = walkaround_of(self.ctx.db, self.number)
        if view is not None:
            self.version = view.version
            self.fuel.setValue(view.fuel_eighths)
            self.mileage.setValue(view.mileage)
            self.valuables.setText(view.valuables)
            for key, cb in self.lamps.items():
                cb.setChecked(key in view.warning_lamps)
            for pos, combo in self.tyres.items():
                combo.setCurrentIndex(max(0, combo.findData(view.tyres.get(pos, "ok"))))
            self.note.setText(view.note)
            self.outline.set_marks(view.marks)
        self.refresh_photos()

    def refresh_photos(self) -> None:
        self.photo_list.clear()
        metas = {m.id: m for m in photos_of(self.ctx.db, self.number)}
        for photo_id, caption, thumb in thumbs_of(self.ctx.db, self.number):
            pix = QPixmap()
            pix.loadFromData(thumb)
            meta = metas.get(photo_id)
            text = caption or (f"{meta.width}×{meta.height}" if meta else "")
            item = QListWidgetItem(QIcon(pix), text)
            item.setData(Qt.ItemDataRole.UserRole, photo_id)
            self.photo_list.addItem(item)
        self._show_status()

    def _marks_changed(self) -> None:
        n = len(self.outline.marks)
        self.marks_label.setText(self.ctx.tr(f"已标记 {n} 处", f"{n} marked"))

    def _show_status(self) -> None:
        n = self.photo_list.count()
        text = self.ctx.tr(f"照片 {n} 张", f"{n} photos")
        view = walkaround_of(self.ctx.db, self.number) if self.version is not None else None
        if view is not None:
            text = self.ctx.tr(f"上次保存：{view.recorded_by} {when(view.recorded_at)}　",
                               f"Last saved by {view.recorded_by} at {when(view.recorded_at)}　") + text
        if self.uploading:
            text += self.ctx.tr(f"，{self.uploading} 张处理中…", f", {self.uploading} being processed…")
        self.photo_buttons["remove"].setEnabled(n > 0)
        self.photo_list.setToolTip(text)
        self.status.setText(text)

    def values(self) -> dict[str, object]:
        return {"fuel_eighths": self.fuel.value(), "mileage": self.mileage.value(), "valuables": self.valuables.text(),
                "warning_lamps": [k for k, cb in self.lamps.items() if cb.isChecked()],
                "tyres": {pos: combo.currentData() for pos, combo in self.tyres.items()},
                "marks": list(self.outline.marks), "note": self.note.text()}

    def save(self) -> None:
        ctx, number, values, version = self.ctx, self.number, self.values(), self.version

        def saved(result: walkaround.WalkaroundSaved) -> None:
            self.version = result.version
            self.status.setText(ctx.tr(f"环车检查已保存（{result.marks} 处损伤标记）",
                                       f"Walk-around saved ({result.marks} damage marks)"))

        ctx.ops.run_service(walkaround.save_walkaround, number, expected_version=version,
                                                       **values,  # type: ignore[arg-type]
                    on_done=saved, parent=self)

    # --- photos ------------------------------------------------------------------------------------------
    def upload(self, prepare: Callable[[], photo_intake.PreparedPhoto], source: str) -> None:
        """Read, resize and store on a worker thread; the dialog stays usable meanwhile."""
        ctx, number = self.ctx, self.number
        self.uploading += 1
        self._show_status()

        def work(uow: UnitOfWork, actor: Actor) -> object:  # the resize again on a retry: it writes nothing
            photo = prepare()
            return walkaround.add_walkaround_photo(uow, actor, number, data=photo.data,
                                                   thumb=photo.thumb, source=source, caption=photo.name[:100])

        def finished(_result: object = None) -> None:
            self.uploading -= 1
            self.refresh_photos()

        def failed(exc: BaseException) -> None:  # the sentence (too big, not an image…); nothing was written
            finished()
            ctx.ops.report(exc, parent=self)

        ctx.ops.run_service(work, on_done=finished, on_error=failed, parent=self)

    def add_files(self, paths: list[Path], source: str = "file") -> None:
        for path in paths:
            self.upload(functools.partial(photo_intake.prepare_file, path), source)

    def add_from_file(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.ctx.tr("选择照片", "Choose photos"), "",
                                                f"{self.ctx.tr('图片', 'Images')} ({photo_intake.image_formats()})",
                                                options=QFileDialog.Option.DontUseNativeDialog)
        self.add_files([Path(f) for f in files])

    def folder(self) -> str:
        return prefs.load_text(self.ctx.actor.username, photo_intake.FOLDER_PREF)

    def _show_folder(self) -> None:
        f = self.folder()
        self.folder_label.setText(self.ctx.tr(f"手机文件夹：{f or '未设置'}", f"Phone folder: {f or 'not set'}"))

    def set_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.ctx.tr("手机上传文件夹", "Phone upload folder"),
                                                  self.folder(), QFileDialog.Option.DontUseNativeDialog)
        if chosen:
            prefs.save_text(self.ctx.actor.username, photo_intake.FOLDER_PREF, chosen)
            self._show_folder()

    def add_from_folder(self) -> None:
        try:
            files = photo_intake.folder_photos(self.folder())
        except WorkshopError as exc:  # not set, or gone (the phone's sync folder was removed)
            self.ctx.ops.report(exc, parent=self)
            return
        chosen = pick_folder_photos(self, self.ctx, files)
        self.add_files(chosen, "folder")

    def add_from_camera(self) -> None:
        from ui.front_desk.camera_capture import capture_image

        image = capture_image(self, self.ctx)
        if image is not None:
            self.upload(lambda: photo_intake.prepare_image(image, self.ctx.tr("拍照", "camera")), "camera")

    def remove_photo(self) -> None:
        item: QListWidgetItem | None = self.photo_list.currentItem()  # None: nothing picked
        if item is None:
            return
        ctx, number, photo_id = self.ctx, self.number, int(item.data(Qt.ItemDataRole.UserRole))
        ctx.ops.run_service(walkaround.remove_walkaround_photo, number, photo_id,
                            on_done=lambda _r: self.refresh_photos(), parent=self)
