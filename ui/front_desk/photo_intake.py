"""R4: photos for the walk-around — from a file, from the phone's upload folder (a folder on this desk the phone
syncs into, a desk preference) or from a camera through Qt Multimedia where there is one. The desk resizes with
QImage (the core holds no imaging library) before handing bytes to the service; called on a worker thread.
Each problem is a sentence: a file too big, a file that is not an image, a folder that is gone."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QImageReader

from workshop.domain.errors import InvalidInput
from workshop.domain.walkaround import (
    MAX_PHOTO_BYTES,
    MAX_SOURCE_BYTES,
    MAX_THUMB_BYTES,
    PHOTO_EDGE,
    THUMB_EDGE,
)

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".heic", ".webp", ".bmp")
FOLDER_PREF = "walkaround_photo_folder"


@dataclass(frozen=True)
class PreparedPhoto:
    data: bytes
    thumb: bytes
    name: str


def _jpeg(image: QImage, edge: int, limit: int) -> bytes:
    if max(image.width(), image.height()) > edge:
        image = image.scaled(edge, edge, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    for quality in (82, 70, 55, 40, 25):
        buf = QByteArray()
        device = QBuffer(buf)
        device.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(device, "JPEG", quality)  # type: ignore[call-overload]  # QIODevice overload, not in the stubs
        device.close()
        if buf.size() <= limit:
            return bytes(buf.data())
    return _jpeg(image.scaled(image.width() // 2, image.height() // 2), edge, limit)


def read_image(data: bytes, name: str) -> QImage:
    image = QImage()
    if not image.loadFromData(data) or image.isNull():
        raise InvalidInput(f"「{name}」不是图片，或图片已损坏（只收 JPEG、PNG 等照片）。",
                           f"'{name}' is not an image, or it is damaged (a JPEG or PNG photo is needed).")
    return image


def prepare_image(image: QImage, name: str) -> PreparedPhoto:
    return PreparedPhoto(_jpeg(image, PHOTO_EDGE, MAX_PHOTO_BYTES), _jpeg(image, THUMB_EDGE, MAX_THUMB_BYTES), name)


def prepare_file(path: Path) -> PreparedPhoto:
    """Checked before it is read whole: there, a file, not too big; then decoded and resized."""
    if not path.is_file():
        raise InvalidInput(f"找不到照片文件：{path}", f"The photo file is not there: {path}")
    size = path.stat().st_size
    if size > MAX_SOURCE_BYTES:
        raise InvalidInput(f"照片「{path.name}」太大（{size / 1e6:.1f} MB），最多 {MAX_SOURCE_BYTES / 1e6:.0f} MB。",
                           f"The photo '{path.name}' is too big ({size / 1e6:.1f} MB); at most "
                           f"{MAX_SOURCE_BYTES / 1e6:.0f} MB.")
    return prepare_image(read_image(path.read_bytes(), path.name), path.name)


def folder_photos(folder: str) -> list[Path]:
    """The photos in the phone's upload folder, newest first."""
    if not folder:
        raise InvalidInput("还没有设置手机上传文件夹：请先点「设置文件夹…」。",
                           "No phone upload folder is set yet: choose one with 'Set folder…'.")
    path = Path(folder)
    if not path.is_dir():
        raise InvalidInput(f"手机上传文件夹不存在了：{folder}。请检查手机同步，或重新设置文件夹。",
                           f"The phone upload folder is gone: {folder}. Check the phone's sync or choose the folder again.")
    files = [p for p in path.iterdir() if p.is_file() and p.suffix.lower() in PHOTO_SUFFIXES]
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)


def camera_available() -> bool:
    """Qt Multimedia is an optional module (PySide6-Addons); without it, or without a camera, no camera button."""
    if importlib.util.find_spec("PySide6.QtMultimedia") is None:
        return False
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:
        return False
    return bool(QMediaDevices.videoInputs())


def image_formats() -> str:
    names = sorted({bytes(f.data()).decode().lower() for f in QImageReader.supportedImageFormats()})
    return " ".join(f"*.{n}" for n in names if n in ("jpg", "jpeg", "png", "bmp", "webp", "heic", "gif"))
