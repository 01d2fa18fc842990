"""S1 "fresh shop": a new shop starts from `workshop init` with no demo data, sets itself up through the first-start
screens (pytest-qt) and the services those screens call, then runs a first day: a general repair, an accident
job with a signed quote and a supplemental revision signed again, and a warranty claim — each to delivery.
On SQLite and PostgreSQL. No row is inserted by SQL anywhere in this file."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.helpers import dbs
from tests.helpers import reliability as rel
from tests.helpers.cashier_data import release
from tests.ui.test_master_data_screens import fill, save
from ui.admin.labor_catalog import add_operation_dialog
from ui.admin.master_form import FormDialog
from ui.admin.parts_catalog import SUPPLIER_FIELDS, add_part_dialog
from ui.admin.shop_setup import rate_fields, save_rates
from ui.admin.users import UserDialog
from ui.login import FirstAdminDialog
from ui.operations import Operations
from ui.setup_wizard import SetupWizard, first_start_setup
from workshop.cli import main as cli_main
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role
from workshop.domain.vehicle import make_vin
from workshop.printing.documents import print_document
from workshop.queries.stock import stock_list
from workshop.services import (
    approvals,
    claims,
    front_desk,
    labor_catalog,
    parts_counter,
    purchasing,
    quotes,
    stock,
    suppliers,
    team_rates,
    users,
    workshop_floor,
)
from workshop.services.purchasing import OrderLine

PASSWORD = "shop-2026!"
STAFF = (("lead", "陈主管", ["front_desk_lead"], None), ("tech", "赵志强", ["technician"], "机修"),
         ("painter", "郑师傅", ["technician"], "钣喷"), ("qc", "何检验", ["qc_inspector"], None),
         ("parts", "梁仓管", ["parts_clerk"], None), ("manager", "李经理", ["workshop_manager"], None),
         ("director", "王总监", ["service_director"], None), ("cashier", "苏收银", ["cashier"], None))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database, schema made by `workshop init` as a new shop does."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'shop.sqlite'}"
        assert cli_main(["--db", url, "init"]) == 0
        yield url
        return
    pg = dbs.pg_url()
    if not pg:
        pytest.skip("WORKSHOP_TEST_PG_URL is not set")
    with rel.scratch_postgres(pg, "_fresh") as db:
        url = db.url
        db.dispose()
        assert cli_main(["--db", url, "init"]) == 0
        yield url


@dataclass
class Shop:
    db: Database
    staff: dict[str, Actor]

    def __getitem__(self, username: str) -> Actor:
        return self.staff[username]


def set_up_the_shop(qtbot, url: str, monkeypatch: pytest.MonkeyPatch) -> Shop:  # type: ignore[no-untyped-def]
    """The first start, on its screens: the administrator, then profile, rates, users and catalogs."""
    db = Database(url)
    assert users.needs_first_admin(db)
    first = FirstAdminDialog(db)
    qtbot.addWidget(first)
    first.display.setText("邓管理员")
    first.password.setText(PASSWORD)
    first.password2.setText(PASSWORD)
    first.create_admin()
    ops = Operations("zh")
    ops.show_errors = False
    made: list[SetupWizard] = []
    monkeypatch.setattr(SetupWizard, "exec", lambda self: made.append(self) or 0)
    first_start_setup(db, ops, "zh", "admin", PASSWORD)
    wizard = made[0]
    qtbot.addWidget(wizard)
    ctx = wizard.ctx
    ops.wait()
    # 1. the shop's profile
    wizard.profile.form.set_values({"name": "深圳鹏远汽车销售服务有限公司", "address": "深圳市南山区深南大道 9000 号",
                                    "phone": "0755-26660000", "tax_no": "91440300MA5F0XXX1K",
                                    "bank_account": "招商银行深圳科技园支行 7559 0000 0000"})
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    ops.wait()
    # 2. the teams' cost and piece rates
    for team, cost, piece in (("机修", "48", "32"), ("钣喷", "58", "38")):
        dialog = FormDialog(ctx, "", rate_fields(ctx), save_rates)
        fill(dialog, team=team, cost_rate=cost, piece_rate=piece)
        save(dialog)
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    # 3. users: the advisor on the screen, the others through the service the screen calls
    dialog = UserDialog(ctx)
    dialog.username.setText("advisor")
    dialog.display.setText("张顾问")
    dialog.password.setText(PASSWORD)
    dialog.roles.boxes[Role.ADVISOR].setChecked(True)
    dialog.save()
    ops.wait()
    for username, name, roles, team in STAFF:
        users.add_user(db.uow(), ctx.actor, username=username, display_name=name, password=PASSWORD, roles=roles,
                       team=team)
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    # 4. the catalogs: labor operations, a supplier, parts
    for code, name, hours, rate, team, kind in (("JX0101", "更换机油机滤", "0.5", "200", "机修", "maintenance"),
                                                ("JX0201", "更换前刹车片", "1.0", "200", "机修", "repair"),
                                                ("BP0101", "前保险杠拆装喷漆", "3.0", "260", "钣喷", "paint"),
                                                ("JX0301", "更换水泵（索赔）", "2.0", "200", "机修", "repair")):
        dialog = add_operation_dialog(ctx, wizard)
        fill(dialog, code=code, name=name, standard_hours=hours, rate=rate, team=team, kind=kind)
        save(dialog)
        assert dialog.result() == FormDialog.DialogCode.Accepted, dialog.error.text()
    dialog = FormDialog(ctx, "", SUPPLIER_FIELDS, suppliers.add_supplier)
    fill(dialog, name="一汽-大众销售有限责任公司", contact="王经理", phone="020-12345678", terms="月结 30 天")
    dialog.widgets["is_manufacturer"].setChecked(True)  # type: ignore[attr-defined]
    save(dialog)
    for part_no, name, price, unit in (("06L115562", "机油滤清器", "68", "件"), ("G052195M4", "全合成机油 5W-30", "98", "升"),
                                       ("5QD698151", "前刹车片", "480", "套"), ("3G0807221", "前保险杠", "1650", "件"),
                                       ("3G1941005", "左前大灯", "3980", "件"), ("06L121011", "水泵", "1200", "件")):
        dialog = add_part_dialog(ctx, wizard)
        fill(dialog, part_no=part_no, name=name, price=price, unit=unit, supplier="一汽-大众销售有限责任公司")
        save(dialog)
        assert dialog.result() == FormDialog.DialogCode.Accepted, dialog.error.text()
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    assert wizard.result() == SetupWizard.DialogCode.Accepted
    staff = {u: users.authenticate(db.uow(), u, PASSWORD) for u in ("admin", "advisor", *(s[0] for s in STAFF))}
    return Shop(db, staff)


def stock_up(shop: Shop) -> None:
    """The first stock order to the manufacturer, received at the counter."""
    clerk = shop["parts"]
    po = purchasing.create_purchase_order(shop.db.uow(), clerk, "一汽-大众销售有限责任公司", [
        OrderLine("06L115562", Decimal(10), Decimal("38")), OrderLine("G052195M4", Decimal(40), Decimal("55")),
        OrderLine("5QD698151", Decimal(4), Decimal("290"))])
    stock.receive_purchase_order(shop.db.uow(), clerk, po.number, delivery_note="FAW-20261201")


def customer_car(shop: Shop, name: str, phone: str, plate: str, vin_body: str, bought: date) -> int:
    advisor = shop["advisor"]
    c = front_desk.add_customer(shop.db.uow(), advisor, name=name, phone=phone, address="深圳市南山区")
    v = front_desk.add_vehicle(shop.db.uow(), advisor, customer_id=c.id, plate=plate, vin=make_vin(vin_body),
                               brand="大众", model="迈腾 380TSI", purchase_date=bought, mileage=30000)
    return v.id


def through_the_workshop(shop: Shop, number: str, plate: str, technician: str) -> None:
    workshop_floor.take_job(shop.db.uow(), shop[technician], number, plate=plate)
    workshop_floor.complete_job(shop.db.uow(), shop[technician], number, self_check_note="已自检，路试正常")
    workshop_floor.qc_pass(shop.db.uow(), shop["qc"], number, note="质检合格")


def issue_every_line(shop: Shop, number: str) -> None:
    for line in front_desk.get_work_order(shop.db, number).part_lines:
        parts_counter.issue_part(shop.db.uow(), shop["parts"], number, line.part_no, line.quantity)


def test_s1_fresh_shop_sets_up_and_runs_a_first_day(qtbot, fresh_url: str,  # type: ignore[no-untyped-def]
                                                    monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    shop = set_up_the_shop(qtbot, fresh_url, monkeypatch)
    db = shop.db
    try:
        assert {r.team: r.cost_rate for r in team_rates.current_team_rates(db)} == {"机修": Decimal("48.00"),
                                                                                 "钣喷": Decimal("58.00")}
        assert [o.code for o in labor_catalog.list_labor_operations(db)] == ["BP0101", "JX0101", "JX0201", "JX0301"]
        stock_up(shop)
        advisor = shop["advisor"]

        # a general repair: oil service and brake pads, to delivery
        car = customer_car(shop, "张伟", "13800138000", "粤B·12345", "LSVAU2180N212345", date(2020, 3, 1))
        wo = front_desk.open_work_order(db.uow(), advisor, vehicle_id=car, kind="general", mileage_in=86000,
                                        fault_description="刹车异响，到期保养", out_of_warranty_agreed=True)
        for code in ("JX0101", "JX0201"):
            wo = front_desk.add_labor_line(db.uow(), advisor, wo.number, expected_version=wo.version,
                                           operation_code=code)
        for part_no, qty in (("06L115562", "1"), ("G052195M4", "4.5"), ("5QD698151", "1")):
            wo = front_desk.add_part_line(db.uow(), advisor, wo.number, expected_version=wo.version,
                                          part_no=part_no, quantity=qty)
        front_desk.start_work_order(db.uow(), advisor, wo.number)
        issue_every_line(shop, wo.number)
        through_the_workshop(shop, wo.number, "粤B·12345", "tech")
        settled = front_desk.settle_work_order(db.uow(), advisor, wo.number)
        assert settled.total == Decimal("300.00") + Decimal("68.00") + Decimal("441.00") + Decimal("480.00")
        assert settled.cost_total == Decimal("72.00") + Decimal("38.00") + Decimal("247.50") + Decimal("290.00")
        release(db, shop["cashier"], wo.number)  # M2/M4: paid at the cashier, gate pass printed
        assert front_desk.deliver_work_order(db.uow(), advisor, wo.number).state == "delivered"
        pdf = tmp_path / "settlement.pdf"
        print_document(db, "settlement", wo.number, pdf)
        assert pdf.read_bytes().startswith(b"%PDF")

        # an accident job: quote, signature, ordering, a supplemental part signed again, to delivery
        car = customer_car(shop, "陈静", "13922223333", "粤B·D1234", "LFV3A23CJ3054321", date(2022, 5, 1))
        wo = front_desk.open_work_order(db.uow(), advisor, vehicle_id=car, kind="accident", mileage_in=42100,
                                        fault_description="前部碰撞，保险杠破裂")
        quotes.write_quote(db.uow(), advisor, wo.number, insurer="中国人保财险", assessment_no="PICC2026-0815",
                           deductible="500")
        quotes.add_quote_labor(db.uow(), advisor, wo.number, operation_code="BP0101")
        quotes.add_quote_part(db.uow(), advisor, wo.number, part_no="3G0807221")
        with pytest.raises(Exception, match="没有签字"):
            purchasing.order_quote_lines(db.uow(), shop["parts"], wo.number, "一汽-大众销售有限责任公司")
        quotes.sign_quote(db.uow(), shop["lead"], wo.number, note="已与定损员核对")
        first = purchasing.order_quote_lines(db.uow(), shop["parts"], wo.number, "一汽-大众销售有限责任公司")
        stock.receive_purchase_order(db.uow(), shop["parts"], first.number)
        front_desk.start_work_order(db.uow(), advisor, wo.number)
        workshop_floor.take_job(db.uow(), shop["painter"], wo.number, plate="粤B·D1234")
        q = quotes.add_quote_part(db.uow(), advisor, wo.number, part_no="3G1941005")  # found broken on the way
        assert (q.revision, q.signed_revision) == (2, 1)
        with pytest.raises(Exception, match="重新签字"):
            purchasing.order_quote_lines(db.uow(), shop["parts"], wo.number, "一汽-大众销售有限责任公司",
                                         [(q.lines[-1].id, Decimal(1))])
        quotes.sign_quote(db.uow(), shop["manager"], wo.number)
        second = purchasing.order_quote_lines(db.uow(), shop["parts"], wo.number, "一汽-大众销售有限责任公司")
        stock.receive_purchase_order(db.uow(), shop["parts"], second.number)
        issue_every_line(shop, wo.number)
        workshop_floor.complete_job(db.uow(), shop["painter"], wo.number, self_check_note="喷漆色差已检查")
        workshop_floor.qc_pass(db.uow(), shop["qc"], wo.number)
        info = front_desk.get_work_order(db, wo.number)
        asked = approvals.request_margin_approval(db.uow(), advisor, info.id, "保险公司定损价，配件按厂家价进货")
        approvals.decide(db.uow(), shop["director"], asked.id, True, "同意")
        settled = front_desk.settle_work_order(db.uow(), shop["lead"], wo.number)
        assert settled.total == Decimal("780.00") + Decimal("1650.00") + Decimal("3980.00")
        release(db, shop["cashier"], wo.number)  # M2/M4: paid at the cashier, gate pass printed
        assert front_desk.deliver_work_order(db.uow(), advisor, wo.number).state == "delivered"
        q2 = quotes.quote_of(db, wo.number)
        assert q2 is not None and (q2.split.insurer, q2.split.customer) == (Decimal("5910.00"), Decimal("500.00"))

        # a warranty claim: the part ordered from the manufacturer with a deposit, fitted, refunded, delivered
        car = customer_car(shop, "李娜", "13700137000", "粤B·F5678", "LFV2A21K7N307654",
                           date.today() - timedelta(days=200))
        wo = front_desk.open_work_order(db.uow(), advisor, vehicle_id=car, kind="warranty", mileage_in=30500,
                                        fault_description="水泵漏水")
        wo = front_desk.add_labor_line(db.uow(), advisor, wo.number, expected_version=wo.version,
                                       operation_code="JX0301")
        wo = front_desk.add_part_line(db.uow(), advisor, wo.number, expected_version=wo.version, part_no="06L121011")
        claim = claims.create_claim_order(db.uow(), advisor, wo.number, [("06L121011", "1")])
        claims.record_deposit(db.uow(), advisor, claim.number, "300", "wechat")
        claims.sign_claim_order(db.uow(), shop["manager"], claim.number, claims.MANAGER)
        claims.mark_ordered(db.uow(), shop["parts"], claim.number)
        claims.receive_claim_parts(db.uow(), shop["parts"], claim.number)
        claims.mark_customer_called(db.uow(), advisor, claim.number, "客户明天上午来")
        front_desk.start_work_order(db.uow(), advisor, wo.number)
        issue_every_line(shop, wo.number)
        through_the_workshop(shop, wo.number, "粤B·F5678", "tech")
        claims.record_refund(db.uow(), advisor, claim.number, "300", "wechat")
        front_desk.settle_work_order(db.uow(), advisor, wo.number)
        release(db, shop["cashier"], wo.number)  # M2/M4: paid at the cashier, gate pass printed
        assert front_desk.deliver_work_order(db.uow(), advisor, wo.number).state == "delivered"
        assert [(r.part_no, r.on_hand) for r in stock_list(db, search="06L121011")] == [("06L121011", Decimal("0.00"))]
    finally:
        db.dispose()
