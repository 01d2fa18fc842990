"""R4: one still from the desk's camera through Qt Multimedia — only imported when the module and a camera are
there (photo_intake.camera_available); otherwise the camera button stays disabled."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.front_desk import common


def capture_image(parent: QWidget | None, ctx: AppContext) -> QImage | None:
    try:
        from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession, QMediaDevices
        from PySide6.QtMultimediaWidgets import QVideoWidget
    except ImportError:
        return None
    if not QMediaDevices.videoInputs():
        return None
    dialog = QDialog(parent)
    dialog.setWindowTitle(ctx.tr("拍照", "Camera"))
    layout = QVBoxLayout(dialog)
    view = QVideoWidget()
    view.setMinimumSize(640, 480)
    layout.addWidget(view, 1)
    session = QMediaCaptureSession()
    camera = QCamera(QMediaDevices.defaultVideoInput())
    capture = QImageCapture()
    session.setCamera(camera)
    session.setImageCapture(capture)
    session.setVideoOutput(view)
    got: list[QImage] = []

    def captured(_id: int, image: QImage) -> None:
        got.append(image)
        dialog.accept()

    def failed(*_args: Any) -> None:
        dialog.reject()

    capture.imageCaptured.connect(captured)
    capture.errorOccurred.connect(failed)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    common.name_buttons(ctx, buttons)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ctx.tr("拍下", "Take"))
    buttons.accepted.connect(capture.capture)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    camera.start()
    dialog.exec()
    camera.stop()
    return got[0] if got else None
