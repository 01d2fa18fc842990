"""T3 payroll export and the crib/claims lists from the command line."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.helpers.claims_tools_data import arrived_claim, badge_of, make_tool
from workshop.cli import main
from workshop.db.uow import Database
from workshop.domain.clock import to_shop
from workshop.domain.roles import Actor, Role
from workshop.services import tools

pytestmark = pytest.mark.clock  # the shop's calendar: CI runs these again at a year end and after a year turn


def test_t3_tool_charges_month_exported_to_csv_for_payroll(
    db: Database, people: dict[Role, Actor], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clerk = people[Role.PARTS_CLERK]
    make_tool(db, "X-1", price="860.00")
    make_tool(db, "X-2", price="40.00")
    for code in ("X-1", "X-2"):
        tools.lend_tool(db.uow(), clerk, badge_of(db, people[Role.TECHNICIAN]), code)
        charge = tools.declare_lost(db.uow(), clerk, code, "charge")
    month = to_shop(charge.at).strftime("%Y-%m")
    out = tmp_path / "charges.csv"
    assert main(["--db", db.url, "tool-charges", "--month", month, "--out", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens the Chinese header correctly
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][1].startswith("工牌") and rows[1:] == [
        [month, badge_of(db, people[Role.TECHNICIAN]), "technician", "2", "0", "900.00"]]
    assert main(["--db", db.url, "tool-charges", "--month", month, "--format", "json"]) == 0
    assert '"amount": "900.00"' in capsys.readouterr().out
    assert main(["--db", db.url, "tool-charges", "--month", "11/2026"]) == 2


def test_t2_c3_lists_on_the_command_line(
    db: Database, people: dict[Role, Actor], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_tool(db, "X-3")
    tools.lend_tool(db.uow(), people[Role.PARTS_CLERK], badge_of(db, people[Role.TECHNICIAN]), "X-3")
    setup = arrived_claim(db, people, deposit="300.00")
    assert main(["--db", db.url, "tools-out", "--format", "csv"]) == 0
    assert "X-3" in capsys.readouterr().out
    assert main(["--db", db.url, "claims-overdue"]) == 0
    assert setup.claim_no not in capsys.readouterr().out  # arrived today: not overdue
    pdf = tmp_path / "r.pdf"
    assert main(["--db", db.url, "deposit-receipt", setup.claim_no, "--out", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
