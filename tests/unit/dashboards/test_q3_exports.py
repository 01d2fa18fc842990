"""Q3 exports: every report to CSV/JSON from the command line, and the one-page weekly PDF in Chinese."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import date
from pathlib import Path

import pytest

from tests.helpers.dashboard_data import NOW, build
from workshop.cli import main
from workshop.db.uow import Database
from workshop.printing.summary import last_week, weekly_summary_pdf
from workshop.queries.dashboards import BENCH_QUERIES, FIGURES, figure, write_csv
from workshop.queries.dashboards_base import Params

pytestmark = pytest.mark.clock  # the shop's calendar: CI runs these again at a year end and after a year turn


def test_q3_every_figure_has_its_definition_once(db: Database) -> None:
    names = [f.name for f in FIGURES]
    assert len(names) == len(set(names))
    for f in FIGURES:
        assert f.definition_zh and f.definition_en and f.title_zh and f.title_en
        assert f.drill is not None and f.drill_columns
    assert [n for n, _ in BENCH_QUERIES] == names
    for _, fn in BENCH_QUERIES[:3]:
        fn(db)  # runs on an empty database


def test_q3_csv_export_writes_labels_and_plain_numbers(db: Database) -> None:
    build(db)
    fig = figure("revenue_margin_by_kind")
    data = fig.run(db, Params(date(2026, 3, 2), date(2026, 3, 11), now=NOW))
    out = io.StringIO()
    write_csv(fig, data, out, "zh")
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["类型", "结算单数", "营业额", "成本", "毛利", "毛利率"]
    assert rows[1] == ["一般维修", "2", "890.00", "525.00", "365.00", "41.01"]
    assert ["营业额", "9640.00"] in rows


def test_q3_report_command_csv_and_json(db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    build(db)
    url = db.engine.url.render_as_string(hide_password=False)
    assert main(["--db", url, "report", "fill_rate", "--from", "2026-03-02", "--to", "2026-03-11",
                 "--format", "csv"]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0] == "类型,申领行数,首次足量发出,满足率"
    assert "一般维修,2,1,50.0" in text
    assert main(["--db", url, "--lang", "en", "report", "work_orders_per_day", "--from", "2026-03-02",
                 "--to", "2026-03-04", "--kind", "general", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["title"] == "Work orders per day"
    assert [r["count"] for r in doc["rows"]] == [1, 0, 2]
    out = tmp_path / "visits.csv"
    assert main(["--db", url, "report", "return_visits_due", "--user", "wang", "--format", "csv",
                 "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads the Chinese


def test_q3_weekly_pdf_is_one_chinese_page(db: Database, tmp_path: Path) -> None:
    build(db)
    assert last_week(date(2026, 3, 4)) == date(2026, 3, 2)
    pdf = weekly_summary_pdf(db, tmp_path / "weekly.pdf", date(2026, 3, 2), now=NOW)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "WenQuanYi" in fonts or "Noto" in fonts
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "售后服务部周报" in text
    # week 03-02..03-08: 7 opened; settled WO13 150 + WO1 800 + WO2 600 + WO3 8000 = 9,550, cost 7,050 -> 26.18 %
    assert "9,550.00" in text and "26.18%" in text
    assert "王前台" in text  # discounts per advisor


def test_q3_weekly_pdf_command(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build(db)
    url = db.engine.url.render_as_string(hide_password=False)
    out = tmp_path / "w.pdf"
    assert main(["--db", url, "report", "weekly-pdf", "--week", "2026-03-04", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
