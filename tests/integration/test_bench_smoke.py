"""Issue 9: `workshop bench` runs end to end on the small demo and reports every figure. A smoke test of the
suite, never a timed test: the figures themselves are judged in benchmarks/README.md, not here."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from benchmarks import suite as bench
from workshop.queries import dashboards


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('bench') / 'bench-small.sqlite'}"


def test_bench_reports_every_figure_on_the_small_demo(small_demo: str) -> None:
    result = bench.run(small_demo, "small", repeat=3, gui_runs=0, with_labels=False, log=lambda _m: None)
    figures = json.loads(json.dumps(result))["figures"]   # what --json writes
    expected = {"scan_to_issue", "scan_to_issue_raw_sql", "clock_on", "clock_on_raw_sql", "plate_search",
                "customer_search", "work_order_list_first_page", "workshop_board", "cashier_open", "label_1000",
                "gui_startup", "gui_startup_floor", "screen_open",
                "board_340",  # W8: the floor board with 340 cars in the workshop
                "pinyin_search", "part_search", "work_order_tail_search",  # issue 19's search forms
                "reminder_list", "appointment_day",  # issue 21: the R2 call list, the R1 day calendar
                "vehicle_history",  # issue 19: the picked car's history panel
                "account_list",  # M3: the accounts of 应收与挂账
                *(f"dashboard_{name}" for name, _ in dashboards.BENCH_QUERIES)}
    assert set(figures) == expected == set(bench.figure_names())
    assert figures["label_1000"] == {"skipped": "--no-labels"}
    assert figures["gui_startup"] == figures["gui_startup_floor"] == figures["screen_open"] == {"skipped": "--gui-runs 0"}
    for name in expected - {"label_1000", "gui_startup", "gui_startup_floor", "screen_open"}:
        assert figures[name]["p50_ms"] > 0 and figures[name]["p95_ms"] >= figures[name]["p50_ms"], name
    assert result["scale"] == "small" and result["database"] == "sqlite" and result["machine"]
    assert result["growth"] == {}  # growth is measured at large scale against the small companion
    assert "scan_to_issue p95 / floor p95" in result["targets"]
    assert "clock_on p95 / floor p95" in result["targets"]  # W5
    assert {"pinyin_search", "part_search", "work_order_tail_search"} <= set(bench.P95_TARGETS_MS)


def test_gui_start_up_loads_no_library_the_first_screen_does_not_need(small_demo: str) -> None:
    """The start-up probe `workshop bench` times: the login window shows, the probe types the password into it,
    the main window opens with its first screen, and neither Alembic, pyqtgraph nor reportlab was imported on
    the way (argon2 for the login; the demo generator for the login window's list of demo users)."""
    bench.run(small_demo, "small", repeat=1, gui_runs=0, with_labels=False, log=lambda _m: None)  # the data
    out = subprocess.run([sys.executable, "-m", "ui.startup_probe", "--db", small_demo, "--typing", "0.3"],
                         capture_output=True, text=True, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
                         timeout=120, check=True)
    report = json.loads(out.stdout.strip().splitlines()[-1])
    # no xlsxwriter, calamine, reportlab, barcode …; the demo users are read after the database is ready
    assert "argon2" in report["modules"] and set(report["modules"]) <= {"argon2", "workshop.demo"}
    from ui.startup_probe import DEMO_PASSWORD, PHASES
    from workshop import demo

    assert DEMO_PASSWORD == demo.DEMO_PASSWORD
    assert list(report["phases_ms"]) == list(PHASES)
    phases = report["phases_ms"]
    assert 0 < report["login_shown_ms"] == phases["login_shown"] < phases["enter"] < phases["first_screen_filled"]
    assert phases["enter"] - phases["login_shown"] >= 300  # Enter when the typing time is over
    assert report["login_wait_ms"] == round(phases["first_screen_filled"] - phases["enter"], 1)
    assert 0 < report["peak_rss_mb"] < 1000


def test_gui_start_up_floor_and_own_peak_memory(small_demo: str) -> None:
    """Issue 22: the bench times a bare PySide6 window next to the real start and reports the ratio; the peak
    memory is the probe's own (VmHWM), not the high-water mark inherited from a big parent process."""
    bench.run(small_demo, "small", repeat=1, gui_runs=0, with_labels=False, log=lambda _m: None)  # the data
    ballast = b"\x01" * (400 * 1024 * 1024)  # the parent's peak grows by 400 MB; the child's must not
    fig, floor = bench.gui_startup(small_demo, 1)
    del ballast
    # both timed (process start to the login window / to the bare window); which is faster is the bench's
    # figure, not a test's: one start each, and the real one is now within ~1.3 x the bare one (it came in
    # under it once, 145.6 against 147.9 ms, and failed CI)
    assert floor.p50_ms > 0 and fig.p50_ms > 0
    assert fig.extra["ratio_to_floor_p50"] == round(fig.p50_ms / floor.p50_ms, 2)
    assert fig.extra["login_wait_p50_ms"] > 0 and fig.extra["process_p50_ms"] > fig.p50_ms + 1000  # the typing
    assert 0 < floor.extra["peak_rss_mb"] < fig.extra["peak_rss_mb"] < 350


def test_screen_open_reports_every_screen_of_the_session(small_demo: str) -> None:
    """Issue 22: `screen_open` opens every main screen the user sees (first open, then switched back to) and
    reports each; the bench's figure and targets are built from that report."""
    from benchmarks import screen_open
    from ui.screens import SCREENS

    bench.run(small_demo, "small", repeat=1, gui_runs=0, with_labels=False, log=lambda _m: None)  # the data
    out = subprocess.run([sys.executable, "-m", "benchmarks.screen_open", "--db", small_demo, "--repeat", "1",
                          "--users", "director"], capture_output=True, text=True,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), timeout=300, check=True)
    screens = json.loads(out.stdout.strip().splitlines()[-1])["screens"]
    assert "dashboard" in screens and "claims" in screens and set(screens) <= {s.key for s in SCREENS}
    for key, fig in screens.items():
        assert fig["first_ms"] > 0 and fig["back_p95_ms"] >= fig["back_p50_ms"] > 0 and fig["user"] == "director", key
    assert screen_open.FIRST_MS == bench.SCREEN_FIRST_MS and screen_open.BACK_MS == bench.SCREEN_BACK_MS
