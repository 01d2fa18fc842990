"""M7: an invoice request records title, tax number, type (普票 / 专票) and amount, and the invoice number once
issued; the work order shows whether it has been invoiced."""

from __future__ import annotations

import pytest

from tests.helpers import cashier_data as cd
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.queries.cashier import bill
from workshop.services import cashier_invoice as inv


def test_m7_an_invoice_request_then_its_number_marks_the_order_invoiced(db: Database,
                                                                        people: dict[Role, Actor]) -> None:
    wo = cd.settled_order(db, people)
    c_ = people[Role.CASHIER]
    assert not bill(db, wo.number).invoiced
    with pytest.raises(InvalidInput, match="税号"):
        inv.request_invoice(db.uow(), c_, wo.number, title="广州某某物流有限公司", kind="special", amount="168")
    with pytest.raises(InvalidInput):
        inv.request_invoice(db.uow(), c_, wo.number, title="某公司", kind="special", amount="168", tax_number="123")
    with pytest.raises(InvalidInput):
        inv.request_invoice(db.uow(), c_, wo.number, title="某公司", kind="vat", amount="168")
    with pytest.raises(RuleViolation, match="超过了结算金额"):
        inv.request_invoice(db.uow(), c_, wo.number, title="张伟", kind="normal", amount="168.01")
    with pytest.raises(PermissionDenied):
        inv.request_invoice(db.uow(), people[Role.TECHNICIAN], wo.number, title="张伟", kind="normal", amount="1")
    r = inv.request_invoice(db.uow(), c_, wo.number, title="广州某某物流有限公司", kind="special", amount="168",
                            tax_number="91440101mA5abcde1x")
    assert r.tax_number == "91440101MA5ABCDE1X" and r.invoice_number is None
    b = bill(db, wo.number)
    assert b.invoices and not b.invoiced
    with pytest.raises(RuleViolation):
        inv.request_invoice(db.uow(), c_, wo.number, title="张伟", kind="normal", amount="0.01")
    done = inv.record_invoice_number(db.uow(), c_, r.id, "04400123")
    assert done.invoice_number == "04400123" and bill(db, wo.number).invoiced
    with pytest.raises(RuleViolation, match="已开票"):
        inv.record_invoice_number(db.uow(), c_, r.id, "04400124")
    with pytest.raises(NotFound):
        inv.record_invoice_number(db.uow(), c_, 987654, "04400125")


def test_m7_the_work_order_list_shows_invoiced(db: Database, people: dict[Role, Actor]) -> None:
    from workshop.queries.work_orders import list_work_orders

    wo = cd.settled_order(db, people)
    c_ = people[Role.CASHIER]
    assert [r.invoiced for r in list_work_orders(db)] == [False]
    first = inv.request_invoice(db.uow(), c_, wo.number, title="张伟", kind="normal", amount="100")
    inv.record_invoice_number(db.uow(), c_, first.id, "04400200")
    assert [r.invoiced for r in list_work_orders(db)] == [True]
    second = inv.request_invoice(db.uow(), c_, wo.number, title="张伟", kind="normal", amount="68")
    assert [r.invoiced for r in list_work_orders(db)] == [False]  # one still waits for its number
    inv.record_invoice_number(db.uow(), c_, second.id, "04400201")
    assert [r.invoiced for r in list_work_orders(db)] == [True]
