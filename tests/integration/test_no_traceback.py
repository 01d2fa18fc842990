"""No traceback ever reaches a user (issue 18): the command line's one top-level handler and the GUI's
(operations runner, sys.excepthook) turn database, file and encoding errors into sentences; the trace goes to
the log file. A test fails if any command prints `Traceback`."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import exc as sa_exc

from tests.helpers.disks import full_disk  # noqa: F401  (the tmpfs fixture)
from workshop import failures

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/nowhere"


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    return tmp_path / "logs"


@pytest.fixture
def shop(tmp_path: Path, logs: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'shop.sqlite'}"
    assert _cli(logs, "--db", url, "init").returncode == 0
    yield url


def _cli(logs: Path, *args: str | bytes) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, failures.LOG_ENV: str(logs)}
    done = subprocess.run([sys.executable, "-m", "workshop.cli", *args], capture_output=True, timeout=120, env=env)
    result = subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode("utf-8", "replace"),
                                         done.stderr.decode("utf-8", "replace"))
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def _refused(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode in (2, 3), (done.returncode, done.stderr)
    assert all(w in done.stderr for w in words), done.stderr


def test_s_cli_database_errors_are_sentences(tmp_path: Path, logs: Path) -> None:
    _refused(_cli(logs, "--db", UNREACHABLE, "list", "users"), "无法连接数据库")  # 1 PostgreSQL unreachable
    assert "OperationalError" in (logs / "workshop.log").read_text(encoding="utf-8")  # the trace is logged
    _refused(_cli(logs, "--db", "::not a url", "list", "users"), "数据库地址无法识别")  # 2 unparseable --db
    _refused(_cli(logs, "--db", f"sqlite:///{tmp_path}", "list", "users"), "无法打开数据库文件")  # 3 a folder
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    _refused(_cli(logs, "--db", f"sqlite:///{blocker}/x.sqlite", "list", "users"))  # 4 folder cannot exist
    _refused(_cli(logs, "--db", "mysql://x/y", "list", "users"), "不支持的数据库")  # 5 another database
    _refused(_cli(logs, "--lang", "en", "--db", UNREACHABLE, "search", "粤A"), "cannot be reached")  # 6


def test_s_cli_input_and_file_errors_are_sentences(shop: str, tmp_path: Path, logs: Path) -> None:
    _refused(_cli(logs, "--db", shop, "list", "users", "--limit", "99999999999999999999"), "1000000")  # 7
    _refused(_cli(logs, "--db", shop, "search", b"\xed\xa0\x80"), "无法识别的字符")  # 8 a lone surrogate
    _refused(_cli(logs, "--db", shop, "tool-charges", "--month", "2026-11", "--out",
                  str(tmp_path / "missing" / "c.csv")), "目录不存在")  # 9 --out into a missing folder
    _refused(_cli(logs, "--db", shop, "tool-charges", "--month", "2026-11", "--out", str(tmp_path)), "目录")  # 10
    _refused(_cli(logs, "--db", shop, "import-parts", str(tmp_path / "missing" / "p.csv")), "找不到文件")  # 11
    old_mac = tmp_path / "old-mac.csv"  # 12 a CSV with old-Mac CR line endings: read, not a crash
    old_mac.write_bytes(b"part_no,name,price\r0001,oil filter,12.00\r0002,air filter,30.00\r")
    done = _cli(logs, "--db", shop, "import-parts", str(old_mac))
    assert done.returncode == 0 and "新增 2" in done.stdout, done.stderr


def test_s_cli_printing_onto_a_full_disk_is_a_sentence(shop: str, full_disk: Path, logs: Path) -> None:  # noqa: F811
    filler = full_disk / "filler"
    with pytest.raises(OSError), filler.open("wb") as f:
        while True:
            f.write(b"x" * 4096)
            f.flush()
    for args in (("tool-charges", "--month", "2026-11", "--out", str(full_disk / "c.csv")),
                 ("report", "work_orders_per_day", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "csv",
                  "--out", str(full_disk / "r.csv")),
                 ("backup", str(full_disk / "b.sqlite"))):
        _refused(_cli(logs, "--db", shop, *args), "磁盘已满")


def test_s_gui_operations_tell_a_sentence_never_the_driver_error(qtbot, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.operations import Operations

    monkeypatch.setenv(failures.LOG_ENV, str(tmp_path))
    ops = Operations("zh")
    ops.show_errors = False
    errors = {
        "无法连接数据库": sa_exc.OperationalError("SELECT 1", {}, psycopg.OperationalError("connection refused")),
        "磁盘已满": sa_exc.OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full")),
        "文件无法读取": PermissionError(13, "Permission denied", "/x/y.pdf"),
        "无法识别的字符": UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed"),
    }
    for words, error in errors.items():
        def fail(error: BaseException = error) -> None:
            raise error

        ops.run(fail)
        assert ops.wait()
        assert words in ops.last_message and "psycopg" not in ops.last_message
        assert "sqlite3" not in ops.last_message and "Error" not in ops.last_message
    assert "Traceback" in (tmp_path / "workshop.log").read_text(encoding="utf-8")


def test_s_gui_excepthook_logs_and_shows_a_sentence(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import app

    monkeypatch.setenv(failures.LOG_ENV, str(tmp_path))
    shown: list[str] = []
    monkeypatch.setattr(app.QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    app.install_excepthook("en")
    try:
        raise sa_exc.OperationalError("SELECT 1", {}, psycopg.OperationalError("server closed the connection"))
    except sa_exc.OperationalError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert len(shown) == 1 and "cannot be reached" in shown[0] and "psycopg" not in shown[0]
    assert "server closed the connection" in (tmp_path / "workshop.log").read_text(encoding="utf-8")
