"""P3: accident quote parts are ordered only once signed, supplements need a new signature.
P5: self-purchase with three supplier quotes on record, the cheapest chosen or a reason written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.helpers import parts_data as pd
from tests.unit.parts.conftest import Counter
from tests.unit.parts.test_issue import assert_refused
from workshop.db.models import PurchaseOrderLine, Quote, QuoteLine, SelfPurchase, SupplierQuote
from workshop.db.uow import Database
from workshop.domain.clock import utcnow
from workshop.domain.errors import InvalidInput, PermissionDenied, RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.services import purchasing, stock
from workshop.services.purchasing import OrderLine, SupplierOffer

pytestmark = pytest.mark.clock  # the shop's calendar: CI runs these again at a year end and after a year turn


def _accident_quote(db: Database, counter: Counter, *, signed_revision: int) -> tuple[pd.WO, int, int]:
    """An accident job with a quote: a bumper at revision 1, a supplemental headlamp at revision 2."""
    bumper = pd.make_part(db, counter.clerk, "3G0807221", name="前保险杠", price="1650.00", cost="1100.00")
    lamp = pd.make_part(db, counter.clerk, "3G1941005", name="左前大灯", price="3980.00", cost="2600.00")
    wo = pd.make_work_order(db, counter.advisor, [], kind="accident")
    with db.new_session() as s, s.begin():
        quote = Quote(work_order_id=wo.id, revision=2, signed_revision=signed_revision, insurer="人保财险",
                      created_at=utcnow())
        s.add(quote)
        s.flush()
        b = QuoteLine(quote_id=quote.id, part_id=bumper, description="前保险杠", quantity=Decimal(1),
                      unit_price=Decimal("1650.00"), revision=1)
        h = QuoteLine(quote_id=quote.id, part_id=lamp, description="左前大灯（追加）", quantity=Decimal(1),
                      unit_price=Decimal("3980.00"), revision=2)
        s.add_all([b, h])
        s.flush()
        return wo, b.id, h.id


def test_p3_unsigned_quote_cannot_be_ordered(db: Database, counter: Counter) -> None:
    wo, bumper_line, _ = _accident_quote(db, counter, signed_revision=0)
    assert_refused(db, lambda: purchasing.order_quote_lines(db.uow(), counter.clerk, wo.number, "一汽-大众",
                                                           [(bumper_line, Decimal(1))]), RuleViolation, "没有签字")


def test_p3_supplemental_part_needs_a_new_signature(db: Database, counter: Counter) -> None:
    wo, bumper_line, lamp_line = _accident_quote(db, counter, signed_revision=1)
    assert_refused(db, lambda: purchasing.order_quote_lines(db.uow(), counter.clerk, wo.number, "一汽-大众",
                                                           [(lamp_line, Decimal(1))]), RuleViolation, "重新签字")
    po = purchasing.order_quote_lines(db.uow(), counter.clerk, wo.number, "一汽-大众")  # what is signed
    assert [p for _, p, _, _ in po.lines] == ["3G0807221"]
    with db.new_session() as s, s.begin():
        quote = s.scalar(select(Quote).where(Quote.work_order_id == wo.id))
        assert quote is not None
        quote.signed_revision = 2  # signed again by the responsible person
    po2 = purchasing.order_quote_lines(db.uow(), counter.clerk, wo.number, "一汽-大众", [(lamp_line, Decimal(1))])
    assert po2.lines[0][1] == "3G1941005" and po2.work_order_no == wo.number
    with db.read() as s:
        assert s.get(QuoteLine, bumper_line).ordered_qty == 1  # type: ignore[union-attr]
        assert s.scalar(select(PurchaseOrderLine.quote_line_id).where(
            PurchaseOrderLine.purchase_order_id == po2.id)) == lamp_line


def test_p3_quote_line_is_not_ordered_twice(db: Database, counter: Counter) -> None:
    wo, bumper_line, _ = _accident_quote(db, counter, signed_revision=2)
    purchasing.order_quote_lines(db.uow(), counter.clerk, wo.number, "一汽-大众", [(bumper_line, Decimal(1))])
    assert_refused(db, lambda: purchasing.order_quote_lines(db.uow(), counter.clerk, wo.number, "一汽-大众",
                                                           [(bumper_line, Decimal(1))]), RuleViolation, "已订 1")


def test_p3_cancelled_order_gives_the_quote_line_back(db: Database, counter: Counter) -> None:
    wo, _, _ = _accident_quote(db, counter, signed_revision=1)
    po = purchasing.order_quote_lines(db.uow(), counter.clerk, wo.number, "一汽-大众")
    purchasing.cancel_purchase_order(db.uow(), counter.clerk, po.number)
    again = purchasing.order_quote_lines(db.uow(), counter.clerk, wo.number, "一汽-大众")
    assert again.lines[0][2] == 1


def test_p3_accident_parts_are_not_ordered_outside_the_quote(db: Database, counter: Counter) -> None:
    wo, _, _ = _accident_quote(db, counter, signed_revision=0)
    assert_refused(db, lambda: purchasing.create_purchase_order(
        db.uow(), counter.clerk, "一汽-大众", [OrderLine("3G0807221", Decimal(1), Decimal(1100))], wo.number),
        RuleViolation, "报价单")


def _offers(*prices: str) -> list[SupplierOffer]:
    names = ["广州汽配城甲", "广州汽配城乙", "佛山配件行", "东莞配件行"]
    return [SupplierOffer(names[i], Decimal(p)) for i, p in enumerate(prices)]


def test_p5_self_purchase_needs_three_supplier_quotes(counter: Counter) -> None:
    db = counter.db
    assert_refused(db, lambda: purchasing.record_self_purchase(db.uow(), counter.clerk, "06L115562B", 5,
                                                              _offers("40", "42"), 0), RuleViolation, "3 家")
    same = [SupplierOffer("甲", Decimal(40)), SupplierOffer("甲", Decimal(41)), SupplierOffer("乙", Decimal(42))]
    assert_refused(db, lambda: purchasing.record_self_purchase(db.uow(), counter.clerk, "06L115562B", 5, same, 0),
                   RuleViolation, "不同供应商")


def test_p5_cheapest_chosen_needs_no_reason_and_is_recorded(counter: Counter) -> None:
    db = counter.db
    po = purchasing.record_self_purchase(db.uow(), counter.clerk, "06L115562B", 5, _offers("45", "39.5", "41"), 1)
    assert po.is_self_purchase and po.supplier == "广州汽配城乙" and po.lines[0][3] == Decimal("39.50")
    with db.read() as s:
        sp = s.scalar(select(SelfPurchase))
        assert sp is not None and sp.purchase_order_id == po.id and sp.choice_reason == ""
        quotes = list(s.scalars(select(SupplierQuote).order_by(SupplierQuote.id)))
        assert [(q.supplier_name, q.chosen) for q in quotes] == [
            ("广州汽配城甲", False), ("广州汽配城乙", True), ("佛山配件行", False)]
    received = stock.receive_purchase_order(db.uow(), counter.clerk, po.number)
    assert received.moves[0].unit_cost == Decimal("39.50")


def test_p5_not_cheapest_needs_a_reason(counter: Counter) -> None:
    db = counter.db
    assert_refused(db, lambda: purchasing.record_self_purchase(db.uow(), counter.clerk, "06L115562B", 5,
                                                              _offers("45", "39.5", "41"), 0), RuleViolation, "理由")
    po = purchasing.record_self_purchase(db.uow(), counter.clerk, "06L115562B", 5, _offers("45", "39.5", "41"), 0,
                                         reason="甲家现货，今天能到，客户等车")
    assert po.supplier == "广州汽配城甲"
    with db.read() as s:
        assert s.scalar(select(SelfPurchase.choice_reason)) == "甲家现货，今天能到，客户等车"


def test_p5_zero_price_and_bad_choice_refused(counter: Counter) -> None:
    db = counter.db
    assert_refused(db, lambda: purchasing.record_self_purchase(db.uow(), counter.clerk, "06L115562B", 5,
                                                              _offers("0", "39.5", "41"), 1), InvalidInput, "大于零")
    assert_refused(db, lambda: purchasing.record_self_purchase(db.uow(), counter.clerk, "06L115562B", 5,
                                                              _offers("45", "39.5", "41"), 7), InvalidInput)


def test_p5_purchasing_is_refused_to_advisor(counter: Counter, people: dict[Role, Actor]) -> None:
    db = counter.db
    assert_refused(db, lambda: purchasing.record_self_purchase(db.uow(), people[Role.ADVISOR], "06L115562B", 5,
                                                              _offers("45", "39.5", "41"), 1), PermissionDenied)
