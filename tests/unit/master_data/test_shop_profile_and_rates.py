"""S1, A5: the shop's profile printed on every document, and the teams' cost and piece rates with the moment
each takes effect — the margin counts the rate in force, never the built-in 45/55 元 once the shop set its own."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, update

from tests.helpers.approvals_data import make_work_order
from tests.helpers.front_desk_data import add_shop, open_order
from workshop.cli import main as cli_main
from workshop.db.models import AuditEntry, WorkOrder
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput, PermissionDenied, RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.printing.documents import print_document
from workshop.services import shop_profile, team_rates
from workshop.services.totals import compute_totals

D = Decimal
T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def test_s1_shop_profile_is_printed_on_the_documents(db: Database, people: dict[Role, Actor],
                                                     tmp_path: Path) -> None:
    shop = add_shop(db, people)
    wo = open_order(db, people, shop)
    assert shop_profile.get_shop_profile(db).name == ""  # a new shop prints no demo company's name
    shop_profile.save_shop_profile(db.uow(), people[Role.ADMIN], name="深圳鹏远汽车服务有限公司",
                                   address="深圳市南山区深南大道 1 号", phone="0755-26660000",
                                   tax_no="91440300ｍａ5ｆ0ｘｘｘ1ｋ", bank_account="招商银行深圳分行 7559 0000")
    profile = shop_profile.get_shop_profile(db)
    assert profile.tax_no == "91440300MA5F0XXX1K"
    for doc in ("work-order", "quote", "settlement"):  # every document's header: name, address, phone, tax number
        pdf = tmp_path / f"{doc}.pdf"
        print_document(db, doc, wo.number, pdf)
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "深圳鹏远汽车服务有限公司" in text and "广州粤通" not in text, doc
        for word in ("地址：深圳市南山区深南大道 1 号", "电话：0755-26660000", "税号：91440300MA5F0XXX1K"):
            assert word in text, (doc, word)
    with db.read() as s:
        assert s.scalar(select(AuditEntry.action).where(AuditEntry.action == "shop_profile.save"))


def test_s1_shop_profile_bad_input_refused(db: Database, people: dict[Role, Actor], tmp_path: Path) -> None:
    admin = people[Role.ADMIN]
    with pytest.raises(InvalidInput):
        shop_profile.save_shop_profile(db.uow(), admin, name="  ")
    with pytest.raises(InvalidInput, match="纳税人识别号"):
        shop_profile.save_shop_profile(db.uow(), admin, name="店", tax_no="123")
    with pytest.raises(InvalidInput, match="标志图片"):
        shop_profile.save_shop_profile(db.uow(), admin, name="店", logo_path=str(tmp_path / "none.png"))
    with pytest.raises(PermissionDenied):
        shop_profile.save_shop_profile(db.uow(), people[Role.ADVISOR], name="店")
    assert shop_profile.get_shop_profile(db).name == ""
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n")
    assert shop_profile.save_shop_profile(db.uow(), admin, name="店", logo_path=str(logo)).logo_path == str(logo)


def test_a5_margin_counts_the_team_cost_rate_in_force(db: Database, people: dict[Role, Actor]) -> None:
    # labor 2 h x 300 (机修) = 600 + part 400 costing 200; built-in cost rate 45/h -> 90
    wo_id = make_work_order(db, people[Role.FRONT_DESK_LEAD])
    admin = people[Role.ADMIN]
    team_rates.set_team_rates(db.uow(), admin, "机修", cost_rate="60", piece_rate="30", effective_from=T0)
    team_rates.set_team_rates(db.uow(), admin, "机修", cost_rate="80", piece_rate="35",
                              effective_from=T0 + timedelta(days=30))
    with db.uow() as uow:  # a work order settled between the two rates keeps the first one
        uow.session.execute(update(WorkOrder).where(WorkOrder.id == wo_id)
                            .values(settled_at=T0 + timedelta(days=3)))
        uow.commit()
    with db.read() as s:
        wo = s.get(WorkOrder, wo_id)
        assert wo is not None
        assert compute_totals(s, wo).labor_cost == D("120.00")   # 2 h x 60
        wo.settled_at = None
        assert compute_totals(s, wo).labor_cost == D("160.00")   # open: 2 h x 80, the rate now
    rates = {r.team: r for r in team_rates.current_team_rates(db)}
    assert (rates["机修"].cost_rate, rates["机修"].piece_rate) == (D("80.00"), D("35.00"))
    assert rates["钣喷"].effective_from is None and rates["钣喷"].cost_rate == D("55.00")  # the default yet
    assert [r.cost_rate for r in team_rates.team_rate_history(db)] == [D("80.00"), D("60.00")]


def test_a5_team_rates_bad_input_refused(db: Database, people: dict[Role, Actor]) -> None:
    admin = people[Role.ADMIN]
    with pytest.raises(InvalidInput):
        team_rates.set_team_rates(db.uow(), admin, "喷漆组", cost_rate="50", piece_rate="30")
    with pytest.raises(InvalidInput):
        team_rates.set_team_rates(db.uow(), admin, "机修", cost_rate="0", piece_rate="30")
    with pytest.raises(InvalidInput):
        team_rates.set_team_rates(db.uow(), admin, "机修", cost_rate="50", piece_rate="-1")
    with pytest.raises(PermissionDenied):
        team_rates.set_team_rates(db.uow(), people[Role.ADVISOR], "机修", cost_rate="50", piece_rate="30")
    team_rates.set_team_rates(db.uow(), admin, "机修", cost_rate="50", piece_rate="30", effective_from=T0)
    with pytest.raises(RuleViolation):
        team_rates.set_team_rates(db.uow(), admin, "机修", cost_rate="51", piece_rate="30", effective_from=T0)
    assert len(team_rates.team_rate_history(db)) == 1


def test_s1_shop_and_team_rate_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'shop.sqlite'}"
    assert cli_main(["--db", url, "init"]) == 0
    assert cli_main(["--db", url, "shop", "set", "--name", "佛山顺达汽车服务有限公司", "--phone", "0757-22220000"]) == 0
    assert cli_main(["--db", url, "team-rate", "set", "钣喷", "--cost", "58", "--piece", "38"]) == 0
    assert cli_main(["--db", url, "team-rate", "set", "钣喷", "--cost", "x", "--piece", "38"]) == 2
    capsys.readouterr()
    assert cli_main(["--db", url, "shop", "show"]) == 0
    assert "佛山顺达汽车服务有限公司" in capsys.readouterr().out
    assert cli_main(["--db", url, "team-rate", "list", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "钣喷,58.00,38.00" in out and "机修,45.00,0.00" in out
