"""No traceback ever reaches a user: what the command line's and the GUI's top-level handlers do with an
error that is not a WorkshopError. The full trace goes to a log file in the user log folder; the user reads a
sentence - the database is unreachable, the disk is full, a file cannot be read - in Chinese and English."""

from __future__ import annotations

import csv
import os
import sqlite3
import traceback
from datetime import UTC, datetime
from pathlib import Path

from platformdirs import user_log_dir
from sqlalchemy import exc as sa_exc

from workshop.db.files import is_disk_full
from workshop.domain.errors import WorkshopError
from workshop.domain.lang import tr

LOG_ENV = "WORKSHOP_LOG_DIR"


class UnexpectedFailure(WorkshopError):
    """An error of the machine (database, disk, file, encoding) told as a sentence; nothing was saved."""


class DatabaseUnreachable(UnexpectedFailure):
    """The database server did not answer; the action was not saved and can be tried again."""


def log_file() -> Path:
    folder = Path(os.environ.get(LOG_ENV) or user_log_dir("Workshop", "Workshop"))
    return folder / "workshop.log"


def log_trace(exc: BaseException, where: str) -> Path | None:
    """Append the full trace to the log file; None when even that cannot be written (a full disk)."""
    path = log_file()
    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8", errors="backslashreplace") as f:
            f.write(f"--- {datetime.now(UTC).isoformat()} {where} pid {os.getpid()}\n{trace}\n")
    except OSError:
        return None
    return path


def _unreachable(exc: BaseException) -> bool:
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return True
    if not isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError):
        return False
    text = str(exc.orig if isinstance(exc, sa_exc.DBAPIError) else exc).lower()
    markers = ("connection refused", "could not connect", "connection failed", "could not translate host",
               "server closed the connection", "terminating connection", "timeout expired", "connection timed out",
               "no route to host", "name or service not known", "connection is lost", "the connection is closed",
               "connection to server")
    return any(m in text for m in markers)


def explain(exc: BaseException) -> UnexpectedFailure:
    """The sentence for an error that is not a business refusal."""
    if _unreachable(exc):
        return DatabaseUnreachable(
            "无法连接数据库（服务器没有响应或连接已断开）。本次操作没有保存；请检查网络和数据库服务器，稍后重试。",
            "The database cannot be reached (the server does not answer or the connection dropped). Nothing was "
            "saved; check the network and the database server, then try again.")
    if is_disk_full(exc):
        return UnexpectedFailure("磁盘已满，操作没有完成。请清理磁盘空间后重试。",
                                 "The disk is full; the action was not completed. Free some disk space and try again.")
    if isinstance(exc, sa_exc.ArgumentError | sa_exc.NoSuchModuleError):
        return UnexpectedFailure("数据库地址无法识别（应为 sqlite:///文件路径 或 postgresql+psycopg://用户@服务器/数据库）。",
                                 "The database URL is not understood (expected sqlite:///path/to/file or "
                                 "postgresql+psycopg://user@server/database).")
    orig = exc.orig if isinstance(exc, sa_exc.DBAPIError) else exc
    if isinstance(orig, sqlite3.OperationalError) and "unable to open" in str(orig):
        return UnexpectedFailure("无法打开数据库文件：路径是目录、所在目录不存在或没有权限。",
                                 "The database file cannot be opened: the path is a folder, its folder does not "
                                 "exist, or there is no permission.")
    if isinstance(orig, sqlite3.DatabaseError) and "not a database" in str(orig):
        return UnexpectedFailure("这个文件不是数据库，或已损坏。", "This file is not a database, or it is damaged.")
    if isinstance(exc, sa_exc.DataError | OverflowError):
        return UnexpectedFailure("输入的数值超出范围或格式不对，没有保存。", "A value is out of range or malformed; nothing was saved.")
    if isinstance(exc, UnicodeError):
        return UnexpectedFailure("文字中有无法识别的字符（编码错误），请重新输入或检查文件编码。",
                                 "The text contains a character that cannot be read (an encoding error); type it "
                                 "again or check the file's encoding.")
    if isinstance(exc, csv.Error):
        return UnexpectedFailure(f"CSV 文件无法读取（{exc}）。", f"The CSV file cannot be read ({exc}).")
    if isinstance(exc, OSError):
        name = exc.filename or ""
        return UnexpectedFailure(f"文件无法读取或写入：{name}（{exc.strerror or exc}）。",
                                 f"A file cannot be read or written: {name} ({exc.strerror or exc}).")
    if isinstance(exc, sa_exc.SQLAlchemyError):
        return UnexpectedFailure("数据库出错，操作没有保存。", "The database reported an error; nothing was saved.")
    return UnexpectedFailure("程序出错，操作没有完成。", "The program failed; the action was not completed.")


def sentence_for(exc: BaseException, lang: str, where: str) -> str:
    """The user's sentence for any error, the trace logged for the non-business ones."""
    if isinstance(exc, WorkshopError):
        return exc.message(lang)
    logged = log_trace(exc, where)
    told = explain(exc).message(lang)
    if logged is None:
        return told
    return tr(lang, f"{told}（详情已记入 {logged}）", f"{told} (details in {logged})")
