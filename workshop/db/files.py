"""Every file the program writes on a user's word (`--out`, backup targets, the daily backup folder) is checked
here first: never the live database or its -wal/-shm/-journal, never a folder, a device or any other file that
is not a regular one, and a missing folder is a sentence, not a traceback."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from sqlalchemy.engine import make_url

from workshop.domain.errors import InvalidInput

LIVE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def live_database_files(url: str | None) -> set[Path]:
    """The files of the SQLite database at url (none for PostgreSQL or an in-memory database)."""
    if not url:
        return set()
    sa_url = make_url(url)
    if sa_url.get_backend_name() != "sqlite" or not sa_url.database or sa_url.database == ":memory:":
        return set()
    live = Path(sa_url.database).resolve()
    return {live.with_name(live.name + suffix) for suffix in LIVE_SUFFIXES}


def check_output_path(target: Path | str, live_url: str | None = None) -> Path:
    """The path, if the program may write a file there (creating it or replacing a regular file)."""
    path = Path(target).expanduser()
    shown = str(path)
    if not shown or shown.endswith(os.sep):
        raise InvalidInput(f"{shown or '（空）'} 是一个目录，请给出文件名。", f"{shown or '(empty)'} is a folder; name a file.")
    resolved = path.resolve()
    if resolved in live_database_files(live_url):
        raise InvalidInput(f"不能写到 {shown}：这是正在使用的数据库文件。",
                           f"Cannot write to {shown}: it is the live database's own file.")
    try:
        info = os.stat(resolved)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise InvalidInput(f"无法使用 {shown}（{exc.strerror}）。", f"Cannot use {shown} ({exc.strerror}).") from None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise InvalidInput(f"{shown} 是一个目录，请给出文件名。", f"{shown} is a folder; name a file.")
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInput(f"{shown} 不是普通文件（设备或特殊文件），不能写入。",
                               f"{shown} is not a regular file (a device or special file); it cannot be written.")
    parent = resolved.parent
    if not parent.exists():
        raise InvalidInput(f"目录不存在：{path.parent}。", f"No such folder: {path.parent}.")
    if not parent.is_dir():
        raise InvalidInput(f"{path.parent} 不是目录。", f"{path.parent} is not a folder.")
    return path


def check_output_folder(folder: Path | str) -> Path:
    """A folder the program may create files in (the daily backups): created when missing, never a file."""
    path = Path(folder).expanduser()
    if path.exists() and not path.is_dir():
        raise InvalidInput(f"{path} 不是目录。", f"{path} is not a folder.")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput(f"无法创建目录 {path}（{exc.strerror}）。", f"Cannot create the folder {path} ({exc.strerror}).") \
            from None
    return path


def is_disk_full(exc: BaseException) -> bool:
    """ENOSPC / EDQUOT / EFBIG from the OS, or SQLite's 'database or disk is full'."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return True
    text = f"{exc} {getattr(exc, 'stderr', '') or ''}".lower()
    return "disk is full" in text or "no space left" in text
