"""P3, M1, A4: the accident quote written, signed, supplemented and signed again — only signed lines are ordered,
by the purchase order and by self-purchase; the signature is an Approval record. Built through the services only."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from workshop.db.models import Approval, PurchaseOrderLine
from workshop.db.uow import Database
from workshop.domain.errors import NotFound, PermissionDenied, RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.domain.vehicle import make_vin
from workshop.printing.documents import print_document
from workshop.services import front_desk, labor_catalog, parts_catalog, purchasing, quotes
from workshop.services.purchasing import SupplierOffer
from workshop.services.work_order_dto import WorkOrderInfo

OFFERS = [SupplierOffer("广州骏达汽配", Decimal("1500")), SupplierOffer("佛山恒通汽配", Decimal("1550")),
          SupplierOffer("东莞利丰汽配", Decimal("1580"))]


def accident_job(db: Database, people: dict[Role, Actor], kind: str = "accident") -> WorkOrderInfo:
    admin, clerk, advisor = people[Role.ADMIN], people[Role.PARTS_CLERK], people[Role.ADVISOR]
    if not labor_catalog.list_labor_operations(db):
        labor_catalog.add_labor_operation(db.uow(), admin, code="BP0101", name="前保险杠拆装喷漆", standard_hours="3",
                                          rate="260", team="钣喷", kind="paint")
        parts_catalog.add_part(db.uow(), clerk, part_no="3G0807221", name="前保险杠", price="1650")
        parts_catalog.add_part(db.uow(), clerk, part_no="3G1941005", name="左前大灯", price="3980")
    customer = front_desk.add_customer(db.uow(), advisor, name="陈静", phone="13922223333")
    n = len(front_desk_vehicles(db))
    vehicle = front_desk.add_vehicle(db.uow(), advisor, customer_id=customer.id, plate=f"粤A·D123{n}",
                                     vin=make_vin(f"LFV3A23CJ305432{n}"), brand="大众", model="迈腾",
                                     purchase_date=date(2023, 5, 1), mileage=42000)
    return front_desk.open_work_order(db.uow(), advisor, vehicle_id=vehicle.id, kind=kind, mileage_in=42100,
                                      fault_description="前部碰撞，保险杠破裂")


def front_desk_vehicles(db: Database) -> list[int]:
    from workshop.db.models import Vehicle

    with db.read() as s:
        return list(s.scalars(select(Vehicle.id)))


def written_quote(db: Database, people: dict[Role, Actor]) -> WorkOrderInfo:
    wo = accident_job(db, people)
    advisor = people[Role.ADVISOR]
    quotes.write_quote(db.uow(), advisor, wo.number, insurer="中国人保财险", assessment_no="ｐｉｃｃ2026-0815",
                       assessed_amount="", deductible="500")
    quotes.add_quote_labor(db.uow(), advisor, wo.number, operation_code="BP0101")
    quotes.add_quote_part(db.uow(), advisor, wo.number, part_no="3G0807221")
    return wo


def test_p3_quote_written_with_insurer_assessment_and_lines(db: Database, people: dict[Role, Actor]) -> None:
    wo = written_quote(db, people)
    q = quotes.quote_of(db, wo.number)
    assert q is not None
    assert (q.insurer, q.assessment_no, q.assessed_amount, q.deductible) == ("中国人保财险", "PICC2026-0815", None,
                                                                             Decimal("500.00"))
    assert [(ln.code, ln.quantity, ln.amount, ln.signed) for ln in q.lines] == [
        ("BP0101", Decimal("3.00"), Decimal("780.00"), False), ("3G0807221", Decimal("1.00"), Decimal("1650.00"), False)]
    assert (q.split.total, q.split.insurer, q.split.customer) == (Decimal("2430.00"), Decimal("1930.00"),
                                                                  Decimal("500.00"))
    q = quotes.write_quote(db.uow(), people[Role.ADVISOR], wo.number, insurer="中国人保财险",
                           assessment_no="PICC2026-0815", assessed_amount="2000", deductible="500")
    assert (q.split.insurer, q.split.customer) == (Decimal("1500.00"), Decimal("930.00"))  # M1: over 2000 is theirs
    assert q.needs_signature and q.revision == 1


def test_p3_only_the_responsible_person_signs_and_the_advisor_edits(db: Database,
                                                                    people: dict[Role, Actor]) -> None:
    wo = written_quote(db, people)
    for role in (Role.ADVISOR, Role.PARTS_CLERK, Role.TECHNICIAN):
        with pytest.raises(PermissionDenied):
            quotes.sign_quote(db.uow(), people[role], wo.number)
    with pytest.raises(PermissionDenied):
        quotes.add_quote_part(db.uow(), people[Role.TECHNICIAN], wo.number, part_no="3G1941005")
    with pytest.raises(PermissionDenied):
        quotes.write_quote(db.uow(), people[Role.SERVICE_DIRECTOR], wo.number, insurer="平安")
    q = quotes.quote_of(db, wo.number)
    assert q is not None and q.signed_revision == 0 and len(q.lines) == 2


def test_p3_unsigned_quote_orders_nothing_not_even_by_self_purchase(db: Database,
                                                                     people: dict[Role, Actor]) -> None:
    wo = written_quote(db, people)
    clerk = people[Role.PARTS_CLERK]
    with pytest.raises(RuleViolation, match="没有签字"):
        purchasing.order_quote_lines(db.uow(), clerk, wo.number, "一汽-大众")
    with pytest.raises(RuleViolation, match="签字后"):
        purchasing.record_self_purchase(db.uow(), clerk, "3G0807221", 1, OFFERS, 0, work_order_no=wo.number)
    with db.read() as s:
        assert s.scalar(select(PurchaseOrderLine.id)) is None


def test_p3_signature_is_an_approval_record_and_puts_the_lines_on_the_work_order(
        db: Database, people: dict[Role, Actor]) -> None:
    wo = written_quote(db, people)
    lead = people[Role.FRONT_DESK_LEAD]
    q = quotes.sign_quote(db.uow(), lead, wo.number, note="已与定损员核对")
    assert (q.signed_revision, q.signed_by, q.needs_signature) == (1, "front_desk_lead", False)
    assert all(ln.signed for ln in q.lines)
    with pytest.raises(RuleViolation, match="已签字"):
        quotes.sign_quote(db.uow(), lead, wo.number)
    with db.read() as s:
        approvals = [(a.kind, a.state, a.decided_by, a.requested_by, a.details)
                     for a in s.scalars(select(Approval).where(Approval.work_order_id == wo.id))]
    assert [a[:4] for a in approvals] == [("quote_signature", "approved", lead.user_id, people[Role.ADVISOR].user_id)]
    figures = json.loads(approvals[0][4])
    assert figures["revision"] == 1 and figures["total"] == "2430.00" and len(figures["lines"]) == 2
    on_order = front_desk.get_work_order(db, wo.number)
    assert [ln.operation_code for ln in on_order.labor_lines] == ["BP0101"]
    assert [(p.part_no, p.quantity) for p in on_order.part_lines] == [("3G0807221", Decimal("1.00"))]
    with pytest.raises(RuleViolation, match="已签字"):
        quotes.remove_quote_line(db.uow(), people[Role.ADVISOR], wo.number, q.lines[1].id)


def test_p3_supplemental_part_is_a_new_revision_signed_again_before_it_is_ordered(
        db: Database, people: dict[Role, Actor]) -> None:
    wo = written_quote(db, people)
    advisor, lead, clerk = people[Role.ADVISOR], people[Role.FRONT_DESK_LEAD], people[Role.PARTS_CLERK]
    quotes.sign_quote(db.uow(), lead, wo.number)
    po = purchasing.order_quote_lines(db.uow(), clerk, wo.number, "一汽-大众")
    assert [(p, q) for _, p, q, _ in po.lines] == [("3G0807221", Decimal("1.00"))]
    q = quotes.add_quote_part(db.uow(), advisor, wo.number, part_no="3G1941005")
    lamp = q.lines[-1]
    assert (q.revision, q.signed_revision, lamp.revision, lamp.signed, lamp.description) == (2, 1, 2, False,
                                                                                         "左前大灯（追加）")
    with pytest.raises(RuleViolation, match="重新签字"):
        purchasing.order_quote_lines(db.uow(), clerk, wo.number, "一汽-大众", [(lamp.id, Decimal(1))])
    with pytest.raises(RuleViolation, match="追加备件"):
        purchasing.record_self_purchase(db.uow(), clerk, "3G1941005", 1, OFFERS, 0, work_order_no=wo.number)
    assert len(front_desk.get_work_order(db, wo.number).part_lines) == 1  # not on the work order before signing
    q = quotes.sign_quote(db.uow(), people[Role.WORKSHOP_MANAGER], wo.number)
    assert q.signed_revision == 2
    po = purchasing.record_self_purchase(db.uow(), clerk, "3G1941005", 1, OFFERS, 0, work_order_no=wo.number)
    assert po.is_self_purchase and po.work_order_no == wo.number
    with pytest.raises(RuleViolation, match="已订完"):
        purchasing.record_self_purchase(db.uow(), clerk, "3G1941005", 1, OFFERS, 0, work_order_no=wo.number)
    assert [p.part_no for p in front_desk.get_work_order(db, wo.number).part_lines] == ["3G0807221", "3G1941005"]
    with db.read() as s:
        kinds = list(s.scalars(select(Approval.kind).where(Approval.work_order_id == wo.id)))
    assert kinds == ["quote_signature", "quote_signature"]


def test_p3_changed_assessment_after_signing_needs_a_new_signature(db: Database,
                                                                    people: dict[Role, Actor]) -> None:
    wo = written_quote(db, people)
    quotes.sign_quote(db.uow(), people[Role.FRONT_DESK_LEAD], wo.number)
    q = quotes.write_quote(db.uow(), people[Role.ADVISOR], wo.number, insurer="中国人保财险",
                           assessment_no="PICC2026-0815", assessed_amount="2200", deductible="500")
    assert (q.revision, q.signed_revision, q.needs_signature) == (2, 1, True)
    q = quotes.sign_quote(db.uow(), people[Role.FRONT_DESK_LEAD], wo.number)
    assert len(front_desk.get_work_order(db, wo.number).part_lines) == 1  # nothing new to put on the order


def test_p3_unsigned_line_removed_and_other_kinds_have_no_quote(db: Database, people: dict[Role, Actor]) -> None:
    wo = written_quote(db, people)
    advisor = people[Role.ADVISOR]
    q = quotes.quote_of(db, wo.number)
    assert q is not None
    q = quotes.remove_quote_line(db.uow(), advisor, wo.number, q.lines[1].id)
    assert [ln.code for ln in q.lines] == ["BP0101"]
    general = accident_job(db, people, kind="general")
    with pytest.raises(RuleViolation, match="不是事故车"):
        quotes.write_quote(db.uow(), advisor, general.number, insurer="平安")
    with pytest.raises(NotFound):
        quotes.add_quote_part(db.uow(), advisor, wo.number, part_no="NO-SUCH")
    assert quotes.quote_of(db, general.number) is None


def test_p3_quote_prints_with_its_revision_signature_and_insurer(db: Database, people: dict[Role, Actor],
                                                                 tmp_path: Path) -> None:
    wo = written_quote(db, people)
    quotes.sign_quote(db.uow(), people[Role.FRONT_DESK_LEAD], wo.number)
    pdf = tmp_path / "quote.pdf"
    print_document(db, "quote", wo.number, pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for word in ("报价单", "中国人保财险", "已签字", "前保险杠", "2,430.00"):
        assert word in text, word


def test_p3_a_signed_line_removed_from_the_work_order_stays_on_the_quote(db: Database,
                                                                         people: dict[Role, Actor]) -> None:
    wo = written_quote(db, people)
    quotes.sign_quote(db.uow(), people[Role.FRONT_DESK_LEAD], wo.number)
    info = front_desk.get_work_order(db, wo.number)
    front_desk.remove_part_line(db.uow(), people[Role.ADVISOR], wo.number, info.part_lines[0].id,
                                expected_version=info.version)
    assert front_desk.get_work_order(db, wo.number).part_lines == ()
    q = quotes.quote_of(db, wo.number)
    assert q is not None and [ln.code for ln in q.lines] == ["BP0101", "3G0807221"] and q.lines[1].signed


def test_m1_quote_prints_the_assessment_and_what_the_insurer_and_customer_pay(db: Database,
                                                                              people: dict[Role, Actor],
                                                                              tmp_path: Path) -> None:
    wo = written_quote(db, people)  # 2,430.00 quoted
    pdf = tmp_path / "unassessed.pdf"
    print_document(db, "quote", wo.number, pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for word in ("定损单号", "PICC2026-0815", "尚未定损", "免赔额", "¥ 500.00", "保险公司支付", "¥ 1,930.00"):
        assert word in text, word
    quotes.write_quote(db.uow(), people[Role.ADVISOR], wo.number, insurer="中国人保财险",
                       assessment_no="PICC2026-0815", assessed_amount="2000", deductible="500")
    print_document(db, "quote", wo.number, pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for word in ("定损金额", "¥ 2,000.00", "保险公司支付", "¥ 1,500.00", "客户支付", "¥ 930.00"):
        assert word in text, word
