"""Bad input, table-driven, over every service (on SQLite and PostgreSQL).

Each service is called with valid values (which must be accepted: the world gives it something to act on), then
once per malformed value of each of its fields: empty, blank, None, wrong type, too long (10,000 characters),
negative, zero, NaN/infinity, non-digit and wrong-check-digit barcodes, NUL and other control characters,
SQL-looking text, emoji, lone surrogates, full-width digits and letters from Chinese input methods,
naive/absurd dates. Every call is one of:
- refused with a WorkshopError that has a sentence in Chinese and English, and nothing written (the audit log
  and the other tables' counts and versions unchanged), or
- accepted, and then the value is stored exactly as given (after trimming and Unicode NFC), or normalised
  where it means the same thing (full-width, case, spaces in codes; phone, plate and VIN forms) - never
  silently cut, never a different record, never a wrong type stored.
Never a crash (TypeError, AttributeError, a database error...).

Accepted calls run in a unit of work whose commit flushes, checks what would be stored (re-reading it from the
database inside the transaction) and rolls back, so the world stays the same for every call."""

from __future__ import annotations

import contextlib
import json
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import event, func, inspect, select
from sqlalchemy.orm import Session

from tests.helpers import dbs
from tests.helpers import reliability as rel
from tests.helpers import reliability_data as rd
from tests.integration.test_permission_matrix import SERVICES
from workshop.db.models import (
    Approval,
    AuditEntry,
    Bin,
    ClaimOrder,
    Complaint,
    Customer,
    DeclinedWork,
    Deposit,
    LaborOperation,
    LimitSetting,
    Part,
    PurchaseOrder,
    Setting,
    StockMove,
    Supplier,
    TeamRate,
    Tool,
    ToolLoan,
    User,
    Vehicle,
    Walkaround,
    WalkaroundPhoto,
    WorkOrder,
    WorkOrderEvent,
)
from workshop.db.uow import Database, UnitOfWork
from workshop.domain.approval_kinds import ApprovalKind, QuoteSignatureDetails
from workshop.domain.clock import shop_today
from workshop.domain.errors import AuthenticationFailed, InvalidInput, WorkshopError
from workshop.domain.roles import Role
from workshop.domain.text import clean_phone, halfwidth
from workshop.domain.vehicle import make_vin, normalise_plate, normalise_vin
from workshop.services import (
    accounts,
    approvals,
    bulk_import,
    cashier,
    cashier_day,
    cashier_gate,
    cashier_invoice,
    claims,
    declined_work,
    dispatch,
    front_desk,
    job_clock_manager,
    labor_catalog,
    limits,
    parts_catalog,
    parts_counter,
    purchasing,
    quality,
    quotes,
    receivables,
    settings,
    shop_profile,
    shop_settings,
    stock,
    suppliers,
    team_rates,
    teams,
    tools,
    users,
    walkaround,
    workshop_floor,
)
from workshop.services.work_order_dto import ProposedLabor, ProposedPart

# --- the malformed values ---------------------------------------------------------------------------------

TEN_K = "长" * 10_000
TEXT_CORE = [
    ("empty", ""), ("blank", "   "), ("none", None), ("int", 12345), ("list", ["张伟"]), ("nul", "张\x00伟"),
    ("escape", "张伟\x1b[2J\x07"), ("10k_chars", TEN_K), ("sql", "x'); DROP TABLE work_orders; --"),
    ("emoji", "王🚗🔧😀"), ("fullwidth", "ＡＢＣ１２３"), ("lone_surrogate", "张\ud800伟"),
]
KEY_CORE = [(label, v) for label, v in TEXT_CORE if label not in ("blank", "escape", "emoji", "fullwidth")]
TEXT_MORE = [
    ("bytes", b"abc"), ("float", 1.5), ("dict", {"a": 1}), ("newline", "第一行\n第二行"), ("tab", "甲\t乙"),
    ("sql_or", "x' OR '1'='1"), ("sql_comment", "1; DELETE FROM audit_log /*"), ("ideographic_space", "　张伟　"),
    ("rtl_override", "abc\u202edef"), ("zero_width", "a\u200bb"), ("nfd", "Cafe\u0301"), ("like", "100%_x"),
    ("html", "<script>alert(1)</script>"), ("backslash", "C:\\new\\table"), ("201_chars", "a" * 201),
]
NUM = [
    ("empty", ""), ("text", "abc"), ("negative", -1), ("negative_text", "-1"), ("zero", 0), ("nan", "NaN"),
    ("infinity", "Infinity"), ("decimal_nan", Decimal("NaN")), ("bool", True), ("huge", "1e30"),
    ("too_precise", "1.234"), ("list", [1]), ("nul", "1\x00"), ("sql", "1; DROP TABLE parts"),
    ("fullwidth_digits", "１２"), ("fullwidth_decimal", "１．５"),
]
# a second field of a kind already tried in the same call gets the values that found crashes, and the forms
# that must be understood (the validator is usually the same one)
SMOKE = {"empty", "int", "list", "nul", "10k_chars", "lone_surrogate", "text", "negative", "nan", "bool",
         "naive", "date", "none"}
# record ids come from the rows the program shows, never typed: wrong numbers, not wrong types
IDS = [("negative", -1), ("zero", 0), ("missing", 987654)]
DATES = [("text", "2024-01-01"), ("none", None), ("int", 20240101), ("future", date(2999, 1, 1)),
         ("datetime", datetime(2024, 1, 1, tzinfo=UTC)), ("ancient", date(1, 1, 1))]
DATETIMES = [("naive", datetime(2026, 1, 1, 9, 0)), ("text", "2026-01-01T09:00+08:00"), ("date", date(2026, 1, 1)),
             ("int", 1767225600), ("ancient", datetime(1, 1, 2, tzinfo=UTC)),
             ("far_future", datetime(9999, 12, 30, tzinfo=UTC))]
CHOICES = [("empty", ""), ("none", None), ("unknown", "xxx"), ("int", 1), ("list", ["x"]), ("sql", "x'; --"),
           ("nul", "x\x00")]
BOOLS = [("text_no", "no"), ("text_false", "false"), ("none", None), ("list", [])]
SEQS = [("none", None), ("empty", [])]  # lists are built by the program: nothing chosen, not malformed
PASSWORDS = [("empty", ""), ("short", "12345"), ("none", None), ("int", 1234567), ("10k_chars", "x" * 10_000),
             ("nul", "abc\x00defgh"), ("emoji", "密码🔑🔑🔑🔑"), ("sql", "' OR 1=1 --"), ("surrogate", "abcdef\ud800")]


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def values(kind: str, base: Any) -> list[tuple[str, Any]]:
    """The malformed values tried for a field of this kind (base: its valid value)."""
    if base is None and kind in ("key", "opt_key", "new_code", "opt_code"):
        base = ""  # no valid value to write differently
    if kind in ("text", "opt_text", "note"):
        return TEXT_CORE
    if kind == "rich_text":  # the free texts clerks type most: every oddity
        return TEXT_CORE + TEXT_MORE
    if kind in ("key", "opt_key"):  # a number or code that names a record: scanned or typed
        return [*KEY_CORE, ("non_digit_barcode", "69012345678AB"), ("bad_check_digit", "6901234567891"),
                ("fullwidth_valid", fullwidth(base)), ("lower_valid", base.lower()), ("padded_valid", f" {base}\t")]
    if kind in ("new_code", "opt_code"):  # a code that is stored (new part number, tool code, receipt number)
        return [*TEXT_CORE, ("space_inside", "AB 12"), ("chinese", "零件一"), ("fullwidth_valid", fullwidth(base)),
                ("41_chars", "A" * 41)]
    if kind == "barcode":
        base = base or rd.pd.ean13("690123456711")
        return [*TEXT_CORE, ("non_digit", "69012345678AB"), ("bad_check_digit", base[:-1] + str((int(base[-1]) + 1) % 10)),
                ("12_digits", base[:-1]), ("excel", "6.90123E+12"), ("fullwidth_valid", fullwidth(base))]
    if kind == "num":  # and the valid amount typed with a Chinese input method: the same number
        return [*NUM, ("fullwidth_valid", fullwidth(base))] if isinstance(base, str) else NUM
    if kind == "id":
        return IDS
    if kind == "date":
        return DATES
    if kind == "datetime":
        return DATETIMES
    if kind == "choice":
        return [*CHOICES, ("upper_valid", str(base).upper()), ("fullwidth_valid", fullwidth(str(base)))]
    if kind == "bool":
        return BOOLS
    if kind == "seq":
        return SEQS
    if kind == "password":
        return PASSWORDS
    if kind in ("phone", "plate", "vin", "username"):
        extra = {
            "phone": lambda: [("letters", "138abcd0000"), ("short", "12345"),
                              ("dashes", f"{base[:3]}-{base[3:7]}-{base[7:]}"), ("plus86", f"+86 {base}")],
            "plate": lambda: [("no_dot", base.replace("·", "")), ("hong_kong", "港A12345"), ("letter_i", "粤B·I2345")],
            "vin": lambda: [("bad_check", base[:8] + ("1" if base[8] != "1" else "2") + base[9:]),
                            ("with_i_o_q", "LSVAU2180N21234IO"), ("16_chars", base[:16])],
            "username": lambda: [("space_inside", "li si"), ("chinese", "李四")],
        }[kind]()
        return [*TEXT_CORE, *extra, ("fullwidth_valid", fullwidth(base)), ("lower_valid", base.lower())]
    raise AssertionError(kind)


# --- the table: every service, its valid call and its fields ------------------------------------------------

W = rd.World
Call = Callable[[W, dict[str, Any]], Any]


@dataclass(frozen=True)
class Case:
    service: str                           # module.function, as the permission matrix names it
    call: Call
    valid: Callable[[W], dict[str, Any]]
    fields: dict[str, str]                 # field -> kind (see values())
    strings_only: bool = False             # the values come from a file reader: text, never other types


def _refused_rows(report: parts_catalog.ImportReport) -> parts_catalog.ImportReport:
    """The price-list import reports a refused row instead of raising: the row is the call here."""
    if report.refused:
        row = report.refused[0]
        raise InvalidInput(row.reason_zh, row.reason_en)
    return report


def now() -> datetime:
    """The test's own clock, read when a call is built (a module-level "now" froze the import time)."""
    return datetime.now(UTC)
CASES: list[Case] = [
    # approvals
    Case("approval_requests.decide",
         lambda w, k: approvals.decide(_uow(w), w[Role.SERVICE_DIRECTOR], k["approval_id"], k["approve"], k["reason"]),
         lambda w: {"approval_id": w.approval, "approve": True, "reason": "同意"},
         {"approval_id": "id", "approve": "bool", "reason": "note"}),
    Case("approval_requests.sign",
         lambda w, k: approvals.sign(_uow(w), w[Role.SERVICE_DIRECTOR], k["approval_id"], k["comment"]),
         lambda w: {"approval_id": w.approval, "comment": "同意"},
         {"approval_id": "id", "comment": "note"}),
    Case("approval_requests.withdraw",
         lambda w, k: approvals.withdraw(_uow(w), w[Role.FRONT_DESK_LEAD], k["approval_id"]),
         lambda w: {"approval_id": w.approval},
         {"approval_id": "id"}),
    Case("approval_requests.request_signature",
         lambda w, k: approvals.request_signature(
             _uow(w), w[Role.ADVISOR], ApprovalKind.QUOTE_SIGNATURE,
             QuoteSignatureDetails(quote_id=1, revision=1, total=Decimal("100.00")), reason=k["reason"],
             work_order_id=k["work_order_id"]),
         lambda w: {"reason": "定损报价", "work_order_id": w.orders["accident"].id},
         {"reason": "note", "work_order_id": "id"}),
    Case("approvals.give_discount",
         lambda w, k: approvals.give_discount(_uow(w), w[Role.FRONT_DESK_LEAD], k["work_order_id"], pct=k["pct"],
                                              reason=k["reason"]),
         lambda w: {"work_order_id": w.orders["discount"].id, "pct": "5", "reason": "老客户"},
         {"work_order_id": "id", "pct": "num", "reason": "text"}),
    Case("approvals.request_discount_approval",
         lambda w, k: approvals.request_discount_approval(_uow(w), w[Role.FRONT_DESK_LEAD], k["work_order_id"],
                                                          amount=k["amount"], reason=k["reason"]),
         lambda w: {"work_order_id": w.orders["discount"].id, "amount": "1100", "reason": "车主投诉后的补偿"},
         {"work_order_id": "id", "amount": "num", "reason": "note"}),
    Case("approvals.request_margin_approval",
         lambda w, k: approvals.request_margin_approval(_uow(w), w[Role.ADVISOR], k["work_order_id"], k["reason"]),
         lambda w: {"work_order_id": w.orders["accident"].id, "reason": "保险公司定损价低"},
         {"work_order_id": "id", "reason": "note"}),
    # claims
    Case("claim_signatures.cancel_claim_order",
         lambda w, k: claims.cancel_claim_order(_uow(w), w[Role.ADVISOR], k["claim_no"], k["reason"]),
         lambda w: {"claim_no": w.claims["draft"], "reason": "客户不修了"},
         {"claim_no": "key", "reason": "note"}),
    Case("claims.create_claim_order",
         lambda w, k: claims.create_claim_order(_uow(w), w[Role.ADVISOR], k["work_order_no"],
                                                k["lines"] if "lines" in k else [(k["code"], k["qty"])]),
         lambda w: {"work_order_no": w.orders["warranty"].number, "code": rd.PADS, "qty": "1"},
         {"work_order_no": "key", "code": "key", "qty": "num", "lines": "seq"}),
    Case("claim_arrival.mark_customer_called",
         lambda w, k: claims.mark_customer_called(_uow(w), w[Role.ADVISOR], k["claim_no"], k["note"]),
         lambda w: {"claim_no": w.claims["arrived"], "note": "客户说明天来"},
         {"claim_no": "key", "note": "note"}),
    Case("claim_signatures.mark_ordered",
         lambda w, k: claims.mark_ordered(_uow(w), w[Role.PARTS_CLERK], k["claim_no"]),
         lambda w: {"claim_no": w.claims["signed"]}, {"claim_no": "key"}),
    Case("claim_arrival.receive_claim_parts",
         lambda w, k: claims.receive_claim_parts(_uow(w), w[Role.PARTS_CLERK], k["claim_no"],
                                                 {k["line_id"]: k["qty"]}),
         lambda w: {"claim_no": w.claims["ordered"], "line_id": w.claim_line, "qty": "1"},
         {"claim_no": "key", "line_id": "id", "qty": "num"}),
    Case("cashier.take_payment",
         lambda w, k: cashier.take_payment(_uow(w), w[Role.CASHIER], k["number"],
                                           [cashier.Tender(k["method"], k["amount"], k["reference"])]),
         lambda w: {"number": w.cashier["to_pay"], "method": "alipay", "amount": "10.00", "reference": "POS2026001"},
         {"number": "key", "method": "choice", "amount": "num", "reference": "opt_code"}),
    Case("cashier.apply_deposit",
         lambda w, k: cashier.apply_deposit(_uow(w), w[Role.CASHIER], k["number"], k["claim_no"]),
         lambda w: {"number": w.cashier["to_pay"], "claim_no": w.cashier["deposit_claim"]},
         {"number": "key", "claim_no": "key"}),
    Case("cashier.void_receipt",
         lambda w, k: cashier.void_receipt(_uow(w), w[Role.CASHIER], k["receipt_no"], reason=k["reason"]),
         lambda w: {"receipt_no": w.cashier["receipt"], "reason": "收错工单"},
         {"receipt_no": "key", "reason": "note"}),
    Case("cashier.set_payer_terms",
         lambda w, k: cashier.set_payer_terms(_uow(w), w[Role.ADVISOR], k["number"], insurer=k["insurer"],
                                              assessed_amount=k["assessed_amount"], deductible=k["deductible"]),
         lambda w: {"number": w.orders["accident"].number, "insurer": "平安保险", "assessed_amount": "3000.00",
                    "deductible": "500.00"},
         {"number": "key", "insurer": "text", "assessed_amount": "num", "deductible": "num"}),
    Case("cashier_day.close_day",
         lambda w, k: cashier_day.close_day(_uow(w), w[Role.CASHIER], k["day"], counted_cash=k["counted_cash"],
                                            reason=k["reason"]),
         lambda w: {"day": shop_today(), "counted_cash": "100.00", "reason": "差异已登记，明日核对"},
         {"day": "date", "counted_cash": "num", "reason": "opt_text"}),
    Case("cashier_invoice.request_invoice",
         lambda w, k: cashier_invoice.request_invoice(_uow(w), w[Role.CASHIER], k.pop("number"), **k),
         lambda w: {"number": w.cashier["to_pay"], "title": "广州某某物流有限公司", "kind": "special",
                    "amount": "50.00", "tax_number": "91440101MA5ABCDE1X"},
         {"number": "key", "title": "text", "kind": "choice", "amount": "num", "tax_number": "opt_code"}),
    Case("cashier_invoice.record_invoice_number",
         lambda w, k: cashier_invoice.record_invoice_number(_uow(w), w[Role.CASHIER], k["request_id"],
                                                            k["invoice_number"]),
         lambda w: {"request_id": int(w.cashier["invoice_request"]), "invoice_number": "04400123"},
         {"request_id": "id", "invoice_number": "new_code"}),
    Case("cashier.request_late_void",
         lambda w, k: cashier.request_late_void(_uow(w), w[Role.CASHIER], k["receipt_no"], reason=k["reason"]),
         lambda w: {"receipt_no": w.cashier["old_receipt"], "reason": "客户退单"},
         {"receipt_no": "key", "reason": "note"}),
    # account customers (M3), receivables (M5)
    Case("accounts.set_account",
         lambda w, k: accounts.set_account(_uow(w), w[Role.SERVICE_DIRECTOR], k["customer_id"],
                                           credit_limit=k["credit_limit"]),
         lambda w: {"customer_id": w.customer, "credit_limit": "5000.00"}, {"customer_id": "id", "credit_limit": "num"}),
    Case("accounts.take_account_payment",
         lambda w, k: accounts.take_account_payment(_uow(w), w[Role.CASHIER], k["customer_id"],
                                                    cashier.Tender(k["method"], k["amount"], k["reference"])),
         lambda w: {"customer_id": w.customer, "method": "transfer", "amount": "10.00", "reference": "TR2026001"},
         {"customer_id": "id", "method": "choice", "amount": "num", "reference": "opt_code"}),
    Case("receivables.approve",
         lambda w, k: receivables.approve(_uow(w), w[Role.CASHIER], k["receivable_id"], amount=k["amount"]),
         lambda w: {"receivable_id": int(w.cashier["rec_billed"]), "amount": "450.00"},
         {"receivable_id": "id", "amount": "num"}),
    Case("receivables.record_payment",
         lambda w, k: receivables.record_payment(_uow(w), w[Role.CASHIER], k["receivable_id"], amount=k["amount"],
                                                 reference=k["reference"]),
         lambda w: {"receivable_id": int(w.cashier["rec_approved"]), "amount": "100.00", "reference": "PA2026001"},
         {"receivable_id": "id", "amount": "num", "reference": "opt_code"}),
    Case("receivables.reject",
         lambda w, k: receivables.reject(_uow(w), w[Role.CASHIER], k["receivable_id"], reason=k["reason"]),
         lambda w: {"receivable_id": int(w.cashier["rec_billed"]), "reason": "超出保险责任"},
         {"receivable_id": "id", "reason": "note"}),
    Case("receivables.rebill_customer",
         lambda w, k: receivables.rebill_customer(_uow(w), w[Role.CASHIER], k["receivable_id"]),
         lambda w: {"receivable_id": int(w.cashier["rec_rejected"])}, {"receivable_id": "id"}),
    Case("receivables.request_write_off",
         lambda w, k: receivables.request_write_off(_uow(w), w[Role.CASHIER], k["receivable_id"], reason=k["reason"]),
         lambda w: {"receivable_id": int(w.cashier["rec_rejected"]), "reason": "多次催收未果"},
         {"receivable_id": "id", "reason": "note"}),
    Case("cashier_gate.issue_gate_pass",
         lambda w, k: cashier_gate.issue_gate_pass(_uow(w), w[Role.CASHIER], k["number"]),
         lambda w: {"number": w.orders["settled"].number}, {"number": "key"}),
    Case("cashier_gate.scan_gate_pass",
         lambda w, k: cashier_gate.scan_gate_pass(_uow(w), w[Role.CASHIER], k["code"]),
         lambda w: {"code": w.cashier["gate_pass"]}, {"code": "key"}),
    Case("claims.record_deposit",
         lambda w, k: claims.record_deposit(_uow(w), w[Role.ADVISOR], k["claim_no"], k["amount"], k["method"],
                                            receipt_no=k["receipt_no"], received_at=k["received_at"]),
         lambda w: {"claim_no": w.claims["draft"], "amount": "200.00", "method": "wechat", "receipt_no": "SJ20260001",
                    "received_at": now() - timedelta(hours=1)},
         {"claim_no": "key", "amount": "num", "method": "choice", "receipt_no": "opt_code",
          "received_at": "datetime"}),
    Case("claim_arrival.record_refund",
         lambda w, k: claims.record_refund(_uow(w), w[Role.ADVISOR], k["claim_no"], k["amount"], k["method"],
                                           refunded_at=k["refunded_at"]),
         lambda w: {"claim_no": w.claims["cancelled_with_deposit"], "amount": "200", "method": "cash",
                    "refunded_at": now() - timedelta(minutes=10)},
         {"claim_no": "key", "amount": "num", "method": "choice", "refunded_at": "datetime"}),
    Case("claim_signatures.sign_claim_order",
         lambda w, k: claims.sign_claim_order(_uow(w), w[Role.WORKSHOP_MANAGER], k["claim_no"], k["kind"]),
         lambda w: {"claim_no": w.claims["draft"], "kind": "claim_manager"},
         {"claim_no": "key", "kind": "choice"}),
    # front desk
    Case("customers.add_customer",
         lambda w, k: front_desk.add_customer(_uow(w), w[Role.ADVISOR], **k),
         lambda w: {"name": "李娜", "phone": "13912345678", "address": "广州市越秀区"},
         {"name": "rich_text", "phone": "phone", "address": "opt_text"}),
    Case("work_order_lines.add_labor_line",
         lambda w, k: front_desk.add_labor_line(_uow(w), w[Role.ADVISOR], **k),
         lambda w: {"number": w.orders["draft"].number, "expected_version": w.orders["draft"].version,
                    "operation_code": rd.OPERATION, "hours": "0.8", "rate": None, "team": "机修",
                    "technician_id": w[Role.TECHNICIAN].user_id, "description": "更换机油机滤（全合成）"},
         {"number": "key", "expected_version": "id", "operation_code": "key", "hours": "num", "team": "choice",
          "technician_id": "id", "description": "opt_text"}),
    Case("work_order_lines.add_part_line",
         lambda w, k: front_desk.add_part_line(_uow(w), w[Role.ADVISOR], **k),
         lambda w: {"number": w.orders["draft"].number, "expected_version": w.orders["draft"].version,
                    "part_no": rd.PADS, "quantity": "2", "unit_price": "480.00"},
         {"number": "key", "expected_version": "id", "part_no": "key", "quantity": "num", "unit_price": "num"}),
    Case("customers.add_vehicle",
         lambda w, k: front_desk.add_vehicle(_uow(w), w[Role.ADVISOR], **k),
         lambda w: {"customer_id": w.customer, "plate": "粤A·54321", "vin": make_vin("LFV3A23C0J3054321"),
                    "brand": "丰田", "model": "凯美瑞", "purchase_date": date(2024, 3, 1), "mileage": 12000,
                    "warranty_months": 36, "warranty_km": 100000},
         {"customer_id": "id", "plate": "plate", "vin": "vin", "brand": "opt_text", "model": "text",
          "purchase_date": "date", "mileage": "num", "warranty_months": "num"}),
    Case("work_order_flow.cancel_work_order",
         lambda w, k: front_desk.cancel_work_order(_uow(w), w[Role.ADVISOR], k["number"], reason=k["reason"]),
         lambda w: {"number": w.orders["draft"].number, "reason": "客户改天再来"},
         {"number": "key", "reason": "text"}),
    Case("work_order_lines.change_part_quantity",
         lambda w, k: front_desk.change_part_quantity(_uow(w), w[Role.ADVISOR], k["number"], k["line_id"],
                                                      expected_version=k["expected_version"], quantity=k["quantity"]),
         lambda w: {"number": w.orders["draft"].number, "line_id": w.orders["draft"].part_lines[0],
                    "expected_version": w.orders["draft"].version, "quantity": "3"},
         {"number": "key", "line_id": "id", "expected_version": "id", "quantity": "num"}),
    Case("added_items.confirm_added_item",
         lambda w, k: front_desk.confirm_added_item(_uow(w), w[Role.ADVISOR], k["added_item_id"],
                                                    consent_method=k["consent_method"], consent_at=k["consent_at"]),
         lambda w: {"added_item_id": w.added_item, "consent_method": "phone", "consent_at": None},
         {"added_item_id": "id", "consent_method": "choice", "consent_at": "datetime"}),
    Case("added_items.decline_added_item",
         lambda w, k: front_desk.decline_added_item(_uow(w), w[Role.ADVISOR], k["added_item_id"], reason=k["reason"]),
         lambda w: {"added_item_id": w.added_item, "reason": "客户下次再换"},
         {"added_item_id": "id", "reason": "note"}),
    Case("work_order_flow.deliver_work_order",
         lambda w, k: front_desk.deliver_work_order(_uow(w), w[Role.ADVISOR], k["number"]),
         lambda w: {"number": w.orders["settled"].number}, {"number": "key"}),
    Case("customers.edit_customer",
         lambda w, k: front_desk.edit_customer(_uow(w), w[Role.ADVISOR], k.pop("customer_id"), **k),
         lambda w: {"customer_id": w.customer, "expected_version": w.customer_version, "name": "张伟（老客户）",
                    "phone": "13800138001", "address": "广州市海珠区"},
         {"customer_id": "id", "expected_version": "id", "name": "text", "phone": "phone", "address": "opt_text"}),
    Case("customers.edit_vehicle",
         lambda w, k: front_desk.edit_vehicle(_uow(w), w[Role.ADVISOR], k.pop("vehicle_id"), **k),
         lambda w: {"vehicle_id": w.vehicle, "expected_version": w.vehicle_version, "plate": rd.PLATE, "vin": rd.VIN,
                    "brand": "一汽大众", "model": "帕萨特 330TSI", "mileage": 200000, "customer_id": w.customer},
         {"vehicle_id": "id", "expected_version": "id", "plate": "plate", "vin": "vin", "brand": "text",
          "model": "opt_text", "mileage": "num", "customer_id": "id", "purchase_date": "date"}),
    Case("work_order_open.edit_work_order",
         lambda w, k: front_desk.edit_work_order(_uow(w), w[Role.ADVISOR], k.pop("number"), **k),
         lambda w: {"number": w.orders["draft"].number, "expected_version": w.orders["draft"].version,
                    "fault_description": "冷车启动有异响", "requested_items": "检查发动机", "priority": "urgent",
                    "promised_at": now() + timedelta(days=1), "charging_mode": "contract"},
         {"number": "key", "expected_version": "id", "fault_description": "text", "requested_items": "opt_text",
          "priority": "choice", "promised_at": "datetime", "charging_mode": "choice", "mileage_in": "num"}),
    Case("work_order_open.open_work_order",
         lambda w, k: front_desk.open_work_order(_uow(w), w[Role.ADVISOR], **k),
         lambda w: {"vehicle_id": w.vehicle, "kind": "general", "mileage_in": 250000, "fault_description": "空调不凉",
                    "requested_items": "检查空调", "priority": "important", "charging_mode": "paid",
                    "promised_at": now() + timedelta(hours=4), "out_of_warranty_agreed": True,
                    "confirm_lower_mileage": True},
         {"vehicle_id": "id", "kind": "choice", "mileage_in": "num", "fault_description": "rich_text",
          "requested_items": "opt_text", "priority": "choice", "charging_mode": "choice", "promised_at": "datetime",
          "customer_id": "id", "internal_department": "opt_text"}),
    Case("work_order_lines.remove_labor_line",
         lambda w, k: front_desk.remove_labor_line(_uow(w), w[Role.ADVISOR], k["number"], k["line_id"],
                                                   expected_version=k["expected_version"]),
         lambda w: {"number": w.orders["draft"].number, "line_id": w.orders["draft"].labor_line,
                    "expected_version": w.orders["draft"].version},
         {"number": "key", "line_id": "id", "expected_version": "id"}),
    Case("work_order_lines.remove_part_line",
         lambda w, k: front_desk.remove_part_line(_uow(w), w[Role.ADVISOR], k["number"], k["line_id"],
                                                  expected_version=k["expected_version"]),
         lambda w: {"number": w.orders["draft"].number, "line_id": w.orders["draft"].part_lines[0],
                    "expected_version": w.orders["draft"].version},
         {"number": "key", "line_id": "id", "expected_version": "id"}),
    Case("work_order_flow.settle_work_order",
         lambda w, k: front_desk.settle_work_order(_uow(w), w[Role.ADVISOR], k["number"]),
         lambda w: {"number": w.orders["inspected"].number}, {"number": "key"}),
    Case("work_order_flow.start_work_order",
         lambda w, k: front_desk.start_work_order(_uow(w), w[Role.ADVISOR], k["number"],
                                                  expected_version=k["expected_version"]),
         lambda w: {"number": w.orders["draft"].number, "expected_version": w.orders["draft"].version},
         {"number": "key", "expected_version": "id"}),
    Case("customers.update_mileage",
         lambda w, k: front_desk.update_mileage(_uow(w), w[Role.ADVISOR], k["vehicle_id"], k["mileage"],
                                                confirm_lower_mileage=True),
         lambda w: {"vehicle_id": w.vehicle, "mileage": 123456}, {"vehicle_id": "id", "mileage": "num"}),
    # limits and settings
    Case("limits.set_limit",
         lambda w, k: limits.set_limit(_uow(w), w[Role.SERVICE_DIRECTOR], k["role"], k["key"], k["value"],
                                       k["effective_from"]),
         lambda w: {"role": "front_desk_lead", "key": "max_discount_pct", "value": "12", "effective_from": None},
         {"role": "choice", "key": "choice", "value": "num", "effective_from": "datetime"}),
    Case("settings.set_setting",
         lambda w, k: settings.set_setting(_uow(w), w[Role.ADMIN], k["key"], k["value"]),
         lambda w: {"key": "shop_name", "value": "广州粤通汽车销售服务有限公司（天河店）"},
         {"key": "choice", "value": "text"}),
    Case("settings.set_settings",
         lambda w, k: settings.set_settings(_uow(w), w[Role.ADMIN], {"shop_name": k["value"]}),
         lambda w: {"value": "广州粤通汽车销售服务有限公司（天河店）"},
         {"value": "text"}),
    # parts catalog
    Case("parts_catalog.add_part",
         lambda w, k: parts_catalog.add_part(_uow(w), w[Role.PARTS_CLERK], **k),
         lambda w: {"part_no": "NEW0001", "name": "空调滤清器", "price": "95.00", "barcode": rd.pd.ean13("690123456700"),
                    "bin_code": "B-02-03", "unit": "件", "min_stock": "2"},
         {"part_no": "new_code", "name": "rich_text", "price": "num", "barcode": "barcode", "bin_code": "opt_code",
          "unit": "note", "min_stock": "num"}),
    Case("parts_catalog.edit_part",
         lambda w, k: parts_catalog.edit_part(_uow(w), w[Role.PARTS_CLERK], k.pop("part_id"), **k),
         lambda w: {"part_id": w.parts[rd.PADS], "name": "前刹车片（陶瓷）", "price": "520.00", "min_stock": "4",
                    "bin_code": "B-02-04"},
         {"part_id": "id", "name": "text", "price": "num", "min_stock": "num", "barcode": "barcode", "unit": "note",
          "bin_code": "opt_code"}),
    Case("parts_catalog.import_parts",
         lambda w, k: _refused_rows(parts_catalog.import_parts(_uow(w), w[Role.PARTS_CLERK], [
             parts_catalog.ImportRow(2, k["part_no"], k["name"], k["price"], k["barcode"], k["bin"])])),
         lambda w: {"part_no": "IMP0001", "name": "雨刮片", "price": "120.00", "barcode": "", "bin": "C-01-01"},
         {"part_no": "new_code", "name": "text", "price": "num", "barcode": "barcode", "bin": "opt_code"},
         strings_only=True),
    Case("bulk_import.import_parts",
         lambda w, k: _refused_rows(bulk_import.import_parts(_uow(w), w[Role.PARTS_CLERK], [(2, k)])),
         lambda w: {"part_no": "IMP0002", "name": "雨刮片", "price": "120.00", "barcode": "", "bin": "C-01-01",
                    "unit": "件", "min_stock": "2"},
         # the bulk path writes with Core statements, which the probe (ORM objects) cannot read back: only the
         # refusal of malformed numbers is judged here; its text cells are covered by tests/unit/imports
         {"price": "num"},
         strings_only=True),
    Case("bulk_import.import_labor_operations",
         lambda w, k: _refused_rows(bulk_import.import_labor_operations(_uow(w), w[Role.PARTS_CLERK], [(2, k)])),
         lambda w: {"code": "IMPJX01", "name": "更换雨刮片", "hours": "0.3", "rate": "200", "team": "机修"},
         {"code": "new_code", "name": "text", "hours": "num", "rate": "num"},
         strings_only=True),
    Case("bulk_import.import_customers",
         lambda w, k: _refused_rows(bulk_import.import_customers(_uow(w), w[Role.ADVISOR], [(2, k)])),
         lambda w: {"name": "导入客户", "phone": "13500135000", "vin": make_vin("LSVAU2180N2654321"),
                    "plate": "粤B·65432", "model": "朗逸", "purchase_date": "2024-03-01", "mileage": "1000"},
         {"name": "text", "phone": "phone", "vin": "vin", "model": "note"},
         strings_only=True),
    # parts counter
    Case("parts_counter.issue_part",
         lambda w, k: parts_counter.issue_part(_uow(w), w[Role.PARTS_CLERK], k["work_order_no"], k["code"], k["qty"]),
         lambda w: {"work_order_no": w.orders["started"].number, "code": rd.OIL_BARCODE, "qty": "2"},
         {"work_order_no": "key", "code": "key", "qty": "num"}),
    Case("parts_counter.mark_fitted",
         lambda w, k: parts_counter.mark_fitted(_uow(w), w[Role.PARTS_CLERK], k["work_order_no"], k["part_line_id"]),
         lambda w: {"work_order_no": w.orders["started"].number, "part_line_id": w.orders["started"].part_lines[0]},
         {"work_order_no": "key", "part_line_id": "id"}),
    Case("parts_counter.receive_old_part",
         lambda w, k: parts_counter.receive_old_part(_uow(w), w[Role.PARTS_CLERK], k["work_order_no"], k["code"],
                                                     k["qty"]),
         lambda w: {"work_order_no": w.orders["started"].number, "code": rd.OLD_FOR_NEW, "qty": "1"},
         {"work_order_no": "key", "code": "key", "qty": "num"}),
    Case("parts_counter.return_part",
         lambda w, k: parts_counter.return_part(_uow(w), w[Role.PARTS_CLERK], k["work_order_no"], k["code"],
                                                k["qty"], k["reason"]),
         lambda w: {"work_order_no": w.orders["started"].number, "code": rd.OIL, "qty": "1", "reason": "多领了"},
         {"work_order_no": "key", "code": "key", "qty": "num", "reason": "note"}),
    # purchasing
    Case("purchasing.cancel_purchase_order",
         lambda w, k: purchasing.cancel_purchase_order(_uow(w), w[Role.PARTS_CLERK], k["po_number"]),
         lambda w: {"po_number": w.purchase_order}, {"po_number": "key"}),
    Case("purchasing.create_purchase_order",
         lambda w, k: purchasing.create_purchase_order(
             _uow(w), w[Role.PARTS_CLERK], k["supplier"],
             k["lines"] if "lines" in k else [purchasing.OrderLine(k["code"], k["qty"], k["cost"])],
             k["work_order_no"]),
         lambda w: {"supplier": "广州骏达汽配", "code": rd.OIL, "qty": "5", "cost": "38.00",
                    "work_order_no": w.orders["started"].number},
         {"supplier": "text", "code": "key", "qty": "num", "cost": "num", "lines": "seq", "work_order_no": "opt_key"}),
    Case("purchasing.order_quote_lines",
         lambda w, k: purchasing.order_quote_lines(_uow(w), w[Role.PARTS_CLERK], k["work_order_no"], k["supplier"],
                                                   [(k["line_id"], k["qty"])]),
         lambda w: {"work_order_no": w.orders["accident"].number, "supplier": "广汽丰田配件中心",
                    "line_id": w.quote_line, "qty": "2"},
         {"work_order_no": "key", "supplier": "text", "line_id": "id", "qty": "num"}),
    Case("purchasing.record_self_purchase",
         lambda w, k: purchasing.record_self_purchase(
             _uow(w), w[Role.PARTS_CLERK], k["code"], k["qty"],
             [purchasing.SupplierOffer(k["supplier"], k["price"]), purchasing.SupplierOffer("汽配城乙", Decimal(110)),
              purchasing.SupplierOffer("汽配城丙", Decimal(120))], k["chosen"], k["reason"], k["work_order_no"]),
         lambda w: {"code": rd.PADS, "qty": "1", "supplier": "汽配城甲", "price": "100.00", "chosen": 0,
                    "reason": "", "work_order_no": w.orders["started"].number},
         {"code": "key", "qty": "num", "supplier": "text", "price": "num", "chosen": "id", "reason": "opt_text",
          "work_order_no": "opt_key"}),
    # quality
    Case("quality.advance_complaint",
         lambda w, k: quality.advance_complaint(_uow(w), w[Role.CUSTOMER_SERVICE], k["number"], k["step"],
                                                note=k["note"]),
         lambda w: {"number": w.complaints["accepted"], "step": "handle", "note": "已致电客户道歉"},
         {"number": "key", "step": "choice", "note": "text"}),
    *[Case(f"quality.{fn.__name__}",
           lambda w, k, fn=fn: fn(_uow(w), w[Role.CUSTOMER_SERVICE], k["number"], note=k["note"]),
           lambda w, state=state: {"number": w.complaints[state], "note": "已处理"},
           {"number": "key", "note": "note"})
      for fn, state in ((quality.handle_complaint, "accepted"), (quality.verify_complaint, "handled"),
                        (quality.feed_back_complaint, "verified"), (quality.archive_complaint, "fed_back"))],
    Case("quality.record_complaint",
         lambda w, k: quality.record_complaint(_uow(w), w[Role.CUSTOMER_SERVICE], **k),
         lambda w: {"content": "交车时车内有烟味", "customer_id": w.customer,
                    "work_order_number": w.orders["delivered"].number, "received_at": now() - timedelta(hours=2)},
         {"content": "rich_text", "customer_id": "id", "work_order_number": "opt_key", "received_at": "datetime"}),
    Case("quality.record_return_visit",
         lambda w, k: quality.record_return_visit(_uow(w), w[Role.CUSTOMER_SERVICE], k["number"], result=k["result"],
                                                  score=k["score"]),
         lambda w: {"number": w.orders["delivered"].number, "result": "客户满意", "score": 5},
         {"number": "key", "result": "text", "score": "num"}),
    # stock
    Case("stock.book_internal_use",
         lambda w, k: stock.book_internal_use(_uow(w), w[Role.PARTS_CLERK], k["work_order_no"], k["code"], k["qty"],
                                              k["note"]),
         lambda w: {"work_order_no": w.orders["internal"].number, "code": rd.OIL, "qty": "1", "note": "新车 PDI"},
         {"work_order_no": "key", "code": "key", "qty": "num", "note": "note"}),
    Case("stock.receive_delivery_note",
         lambda w, k: stock.receive_delivery_note(_uow(w), w[Role.PARTS_CLERK], k["note"], k["supplier"],
                                                  k["lines"] if "lines" in k else
                                                  [stock.ReceiptLine(k["code"], k["qty"], k["cost"])]),
         lambda w: {"note": "SD-2026-001", "supplier": "广州骏达汽配", "code": rd.OIL, "qty": "10", "cost": "39.50"},
         {"note": "text", "supplier": "text", "code": "key", "qty": "num", "cost": "num", "lines": "seq"}),
    Case("stock.receive_purchase_order",
         lambda w, k: stock.receive_purchase_order(_uow(w), w[Role.PARTS_CLERK], k["po_number"],
                                                   [(k["line_id"], k["qty"])], k["delivery_note"]),
         lambda w: {"po_number": w.purchase_order, "line_id": w.purchase_order_line, "qty": "4",
                    "delivery_note": "SD-7"},
         {"po_number": "key", "line_id": "id", "qty": "num", "delivery_note": "opt_text"}),
    Case("stock.record_stocktake",
         lambda w, k: stock.record_stocktake(_uow(w), w[Role.PARTS_CLERK],
                                             k["counts"] if "counts" in k else
                                             [stock.CountLine(k["part_id"], k["counted"])], k["reason"]),
         lambda w: {"part_id": w.parts[rd.PADS], "counted": "47", "reason": "盘点发现破损 3 套"},
         {"part_id": "id", "counted": "num", "reason": "text", "counts": "seq"}),
    # tools
    Case("tools.declare_lost",
         lambda w, k: tools.declare_lost(_uow(w), w[Role.PARTS_CLERK], k["tool_code"], k["resolution"], k["note"]),
         lambda w: {"tool_code": w.tools["out"], "resolution": "charge", "note": "借用人承认丢失"},
         {"tool_code": "key", "resolution": "choice", "note": "note"}),
    Case("tools.lend_tool",
         lambda w, k: tools.lend_tool(_uow(w), w[Role.PARTS_CLERK], k["badge"], k["tool_code"],
                                      work_order_no=k["work_order_no"], due_at=k["due_at"]),
         lambda w: {"badge": w.badge, "tool_code": w.tools["in"], "work_order_no": w.orders["started"].number,
                    "due_at": now() + timedelta(hours=3)},
         {"badge": "key", "tool_code": "key", "work_order_no": "opt_key", "due_at": "datetime"}),
    Case("tools.register_tool",
         lambda w, k: tools.register_tool(_uow(w), w[Role.PARTS_CLERK], **k),
         lambda w: {"code": "T100", "name": "气门弹簧压缩器", "original_price": "860.00", "brand": "大众",
                    "model": "T10166", "location": "工具柜 3 层"},
         {"code": "new_code", "name": "rich_text", "original_price": "num", "brand": "opt_text", "model": "opt_text",
          "location": "opt_text"}),
    Case("tools.retire_tool",
         lambda w, k: tools.retire_tool(_uow(w), w[Role.PARTS_CLERK], k["code"], k["reason"]),
         lambda w: {"code": w.tools["in"], "reason": "卡簧断裂"}, {"code": "key", "reason": "text"}),
    Case("tools.return_tool",
         lambda w, k: tools.return_tool(_uow(w), w[Role.PARTS_CLERK], k["tool_code"]),
         lambda w: {"tool_code": w.tools["out"]}, {"tool_code": "key"}),
    # users
    Case("users.add_user",
         lambda w, k: users.add_user(_uow(w), w[Role.ADMIN], **k),
         lambda w: {"username": "wangfang", "display_name": "王芳", "password": "secret123", "roles": ["advisor"],
                    "team": None},
         {"username": "new_code", "display_name": "text", "password": "password", "roles": "seq", "team": "choice"}),
    Case("users.reset_password",
         lambda w, k: users.reset_password(_uow(w), w[Role.ADMIN], k["user_id"], k["new_password"]),
         lambda w: {"user_id": w.spare_user, "new_password": "newsecret1"},
         {"user_id": "id", "new_password": "password"}),
    Case("users.set_active",
         lambda w, k: users.set_active(_uow(w), w[Role.ADMIN], k["user_id"], k["active"]),
         lambda w: {"user_id": w.spare_user, "active": False}, {"user_id": "id", "active": "bool"}),
    Case("users.set_roles",
         lambda w, k: users.set_roles(_uow(w), w[Role.ADMIN], k["user_id"], k["roles"]),
         lambda w: {"user_id": w.spare_user, "roles": ["advisor", "front_desk_lead"]},
         {"user_id": "id", "roles": "seq"}),
    Case("users.edit_user",
         lambda w, k: users.edit_user(_uow(w), w[Role.ADMIN], k["user_id"], team=k["team"], roles=k["roles"]),
         lambda w: {"user_id": w.spare_user, "team": None, "roles": ["advisor", "front_desk_lead"]},
         {"user_id": "id", "team": "choice", "roles": "seq"}),
    Case("users.add_user_as_system",
         lambda w, k: users.add_user_as_system(_uow(w), **k),
         lambda w: {"username": "chenjing", "display_name": "陈静", "password": "secret123", "roles": ["admin"]},
         {"username": "new_code", "display_name": "text", "password": "password"}),
    Case("users.set_password_as_system",
         lambda w, k: users.set_password_as_system(_uow(w), k["username"], k["new_password"]),
         lambda w: {"username": "spare", "new_password": "newsecret1"},
         {"username": "username", "new_password": "password"}),
    # workshop floor
    Case("workshop_floor.assign_job",
         lambda w, k: workshop_floor.assign_job(_uow(w), w[Role.WORKSHOP_MANAGER], k.pop("number"), **k),
         lambda w: {"number": w.orders["draft"].number, "team": "机修", "technician_id": w[Role.TECHNICIAN].user_id,
                    "line_id": w.orders["draft"].labor_line},
         {"number": "key", "team": "choice", "technician_id": "id", "line_id": "id"}),
    Case("workshop_floor.complete_job",
         lambda w, k: workshop_floor.complete_job(_uow(w), w[Role.TECHNICIAN], k["number"],
                                                  self_check_note=k["note"]),
         lambda w: {"number": w.orders["in_progress"].number, "note": "已自检，无渗漏"},
         {"number": "key", "note": "text"}),
    Case("workshop_floor.propose_added_item",
         lambda w, k: workshop_floor.propose_added_item(
             _uow(w), w[Role.TECHNICIAN], k["number"], description=k["description"],
             labor=[ProposedLabor(k["operation_code"])], parts=k["parts"] if "parts" in k else
             [ProposedPart(k["part_no"], k["qty"])]),
         lambda w: {"number": w.orders["started"].number, "description": "前刹车盘磨损", "operation_code": rd.OPERATION,
                    "part_no": rd.PADS, "qty": "1"},
         {"number": "key", "description": "text", "operation_code": "key", "part_no": "key", "qty": "num",
          "parts": "seq"}),
    Case("workshop_floor.qc_fail",
         lambda w, k: workshop_floor.qc_fail(_uow(w), w[Role.QC_INSPECTOR], k["number"], reason=k["reason"]),
         lambda w: {"number": w.orders["completed"].number, "reason": "路试仍有异响"},
         {"number": "key", "reason": "text"}),
    Case("workshop_floor.qc_pass",
         lambda w, k: workshop_floor.qc_pass(_uow(w), w[Role.QC_INSPECTOR], k["number"], note=k["note"]),
         lambda w: {"number": w.orders["completed"].number, "note": "路试正常"},
         {"number": "key", "note": "note"}),
    Case("workshop_floor.take_job",
         lambda w, k: workshop_floor.take_job(_uow(w), w[Role.TECHNICIAN], k["number"], plate=k["plate"]),
         lambda w: {"number": w.orders["started"].number, "plate": rd.PLATE},
         {"number": "key", "plate": "plate"}),
    # R3 declined work, R4 the walk-around
    Case("declined_work.note_qc_suggestion",
         lambda w, k: declined_work.note_qc_suggestion(_uow(w), w[Role.QC_INSPECTOR], k.pop("number"), **k),
         lambda w: {"number": w.orders["completed"].number, "description": "雨刮片老化，建议更换", "amount": "120"},
         {"number": "key", "description": "text", "amount": "num"}),
    Case("declined_work.dismiss_declined_work",
         lambda w, k: declined_work.dismiss_declined_work(_uow(w), w[Role.ADVISOR], k["declined_id"],
                                                          reason=k["reason"]),
         lambda w: {"declined_id": rd.open_declined(w), "reason": "客户已在外面换过"},
         {"declined_id": "id", "reason": "note"}),
    Case("declined_work.take_up_declined_work",
         lambda w, k: declined_work.take_up_declined_work(_uow(w), w[Role.ADVISOR], k["declined_id"], k["number"],
                                                          expected_version=k["expected_version"]),
         lambda w: {"declined_id": rd.open_declined(w), "number": w.orders["draft"].number,
                    "expected_version": w.orders["draft"].version},
         {"declined_id": "id", "number": "key", "expected_version": "id"}),
    Case("walkaround.save_walkaround",
         lambda w, k: walkaround.save_walkaround(_uow(w), w[Role.ADVISOR], k.pop("number"), **k),
         lambda w: {"number": w.orders["draft"].number, "fuel_eighths": 4, "mileage": 31000, "valuables": "行车记录仪",
                    "warning_lamps": ["tpms"], "tyres": {"lf": "worn"}, "marks": [(0.5, 0.2, "scratch")],
                    "note": "右后门旧划痕"},
         {"number": "key", "fuel_eighths": "num", "mileage": "num", "valuables": "opt_text", "warning_lamps": "seq",
          "marks": "seq", "note": "opt_text"}),
    Case("walkaround.add_walkaround_photo",
         lambda w, k: walkaround.add_walkaround_photo(_uow(w), w[Role.ADVISOR], k.pop("number"), data=rd.PHOTO,
                                                      thumb=rd.PHOTO, **k),
         lambda w: {"number": w.orders["draft"].number, "source": "file", "caption": "左前 45°"},
         {"number": "key", "source": "choice", "caption": "opt_text"}),
    Case("walkaround.remove_walkaround_photo",
         lambda w, k: walkaround.remove_walkaround_photo(_uow(w), w[Role.ADVISOR], k["number"], k["photo_id"]),
         lambda w: {"number": w.orders["draft"].number, "photo_id": rd.a_photo(w)},
         {"number": "key", "photo_id": "id"}),
]


def _first_id(w: W, model: Any) -> int:
    with w.db.read() as s:
        return int(s.scalar(select(model.id).order_by(model.id).limit(1)))


def _supplemental_line(w: W) -> int:
    """A supplemental part on the accident quote, not signed yet (written for real, once)."""
    q = quotes.quote_of(w.db, w.orders["accident"].number)
    assert q is not None
    unsigned = [ln.id for ln in q.lines if not ln.signed]
    if unsigned:
        return unsigned[0]
    q = quotes.add_quote_part(w.db.uow(), w[Role.ADVISOR], w.orders["accident"].number, part_no=rd.OIL, quantity="1")
    return q.lines[-1].id


# master data of a new shop (S1)
CASES += [
    Case("labor_catalog.add_labor_operation",
         lambda w, k: labor_catalog.add_labor_operation(_uow(w), w[Role.ADMIN], **k),
         lambda w: {"code": "JX0909", "name": "更换空调滤芯", "standard_hours": "0.3", "rate": "180", "team": "机修",
                    "kind": "maintenance"},
         {"code": "new_code", "name": "rich_text", "standard_hours": "num", "rate": "num", "team": "choice",
          "kind": "choice"}),
    Case("labor_catalog.edit_labor_operation",
         lambda w, k: labor_catalog.edit_labor_operation(_uow(w), w[Role.ADMIN], k.pop("code"), **k),
         lambda w: {"code": rd.OPERATION, "name": "更换机油机滤（全合成）", "rate": "220", "team": "机修"},
         {"code": "key", "name": "text", "rate": "num", "team": "choice"}),
    Case("labor_catalog.retire_labor_operation",
         lambda w, k: labor_catalog.retire_labor_operation(_uow(w), w[Role.ADMIN], k["code"]),
         lambda w: {"code": rd.OPERATION}, {"code": "key"}),
    Case("labor_catalog.reinstate_labor_operation",
         lambda w, k: labor_catalog.reinstate_labor_operation(_uow(w), w[Role.ADMIN], k["code"]),
         lambda w: {"code": rd.OPERATION}, {"code": "key"}),
    Case("shop_profile.save_shop_profile",
         lambda w, k: shop_profile.save_shop_profile(_uow(w), w[Role.ADMIN], **k),
         lambda w: {"name": "广州粤通汽车销售服务有限公司", "address": "广州市天河区黄埔大道西 888 号",
                    "phone": "020-88881234", "tax_no": "91440101MA5CXXXX1K", "bank_account": "工商银行天河支行",
                    "logo_path": ""},
         {"name": "rich_text", "address": "opt_text", "phone": "opt_text", "tax_no": "opt_code",
          "bank_account": "opt_text", "logo_path": "opt_text"}),
    Case("team_rates.set_team_rates",
         lambda w, k: team_rates.set_team_rates(_uow(w), w[Role.ADMIN], k.pop("team"), **k),
         lambda w: {"team": "钣喷", "cost_rate": "58", "piece_rate": "38", "effective_from": now()},
         {"team": "choice", "cost_rate": "num", "piece_rate": "num", "effective_from": "datetime"}),
    Case("suppliers.add_supplier",
         lambda w, k: suppliers.add_supplier(_uow(w), w[Role.PARTS_CLERK], **k),
         lambda w: {"name": "佛山恒通汽配有限公司", "contact": "李生", "phone": "13800001111", "terms": "月结 30 天",
                    "is_manufacturer": False},
         {"name": "rich_text", "contact": "opt_text", "phone": "opt_text", "terms": "note", "is_manufacturer": "bool"}),
    Case("suppliers.edit_supplier",
         lambda w, k: suppliers.edit_supplier(_uow(w), w[Role.PARTS_CLERK], k.pop("supplier_id"), **k),
         lambda w: {"supplier_id": _first_id(w, Supplier), "contact": "王经理", "terms": "现款现货", "is_active": True},
         {"supplier_id": "id", "contact": "text", "terms": "opt_text", "is_active": "bool"}),
    Case("suppliers.add_bin",
         lambda w, k: suppliers.add_bin(_uow(w), w[Role.PARTS_CLERK], **k),
         lambda w: {"code": "Z-09-09", "description": "Z区 9号货架"},
         {"code": "new_code", "description": "opt_text"}),
    Case("suppliers.edit_bin",
         lambda w, k: suppliers.edit_bin(_uow(w), w[Role.PARTS_CLERK], k["bin_id"], description=k["description"]),
         lambda w: {"bin_id": _first_id(w, Bin), "description": "小件区"},
         {"bin_id": "id", "description": "text"}),
    Case("quotes.write_quote",
         lambda w, k: quotes.write_quote(_uow(w), w[Role.ADVISOR], k.pop("number"), **k),
         lambda w: {"number": w.orders["accident"].number, "insurer": "中国人保财险", "assessment_no": "PICC2026-0815",
                    "deductible": "500"},
         {"number": "key", "insurer": "text", "assessment_no": "opt_code", "deductible": "num"}),
    Case("quotes.add_quote_labor",
         lambda w, k: quotes.add_quote_labor(_uow(w), w[Role.ADVISOR], k.pop("number"), **k),
         lambda w: {"number": w.orders["accident"].number, "operation_code": rd.OPERATION, "hours": "0.8"},
         {"number": "key", "operation_code": "key", "hours": "num"}),
    Case("quotes.add_quote_part",
         lambda w, k: quotes.add_quote_part(_uow(w), w[Role.ADVISOR], k.pop("number"), **k),
         lambda w: {"number": w.orders["accident"].number, "part_no": rd.PADS, "quantity": "2", "unit_price": "480"},
         {"number": "key", "part_no": "key", "quantity": "num", "unit_price": "num"}),
    Case("quotes.remove_quote_line",
         lambda w, k: quotes.remove_quote_line(_uow(w), w[Role.ADVISOR], k["number"], k["line_id"]),
         lambda w: {"number": w.orders["accident"].number, "line_id": _supplemental_line(w)},
         {"number": "key", "line_id": "id"}),
    Case("quotes.sign_quote",
         lambda w, k: quotes.sign_quote(_uow(w), w[Role.FRONT_DESK_LEAD], k["number"], note=k["note"]),
         lambda w: {"number": w.orders["accident"].number, "note": "已与定损员核对", "_": _supplemental_line(w)},
         {"number": "key", "note": "note"}),
    Case("settings.save_settings",
         lambda w, k: settings.save_settings(_uow(w), w[Role.ADMIN], k),
         lambda w: {"return_visit_days": "2", "claim_overdue_days": "10", "closing_time": "17:30"},
         {"return_visit_days": "num", "claim_overdue_days": "num", "closing_time": "text"}),
    Case("shop_settings.save_shop_settings",
         lambda w, k: shop_settings.save_shop_settings(
             _uow(w), w[Role.ADMIN], {"return_visit_days": k["return_visit_days"],
                                      "service_interval": k["service_interval"]},
             claim_director_threshold=k["claim_director_threshold"]),
         lambda w: {"return_visit_days": "2", "service_interval": "6/7500", "claim_director_threshold": "8000"},
         {"return_visit_days": "num", "service_interval": "text", "claim_director_threshold": "num"}),
]


def _spare_team(w: W) -> str:
    """A team with no member and no work, to rename and retire (written for real, once)."""
    if "电工" not in {t.code for t in teams.list_teams(w.db, include_retired=True)}:
        teams.add_team(w.db.uow(), w[Role.ADMIN], code="电工")
    return "电工"


# the shop's teams (S1)
CASES += [
    Case("teams.add_team",
         lambda w, k: teams.add_team(_uow(w), w[Role.ADMIN], **k),
         lambda w: {"code": "快修", "name": "快修组", "name_en": "express service"},
         {"code": "new_code", "name": "opt_text", "name_en": "opt_text"}),
    Case("teams.rename_team",
         lambda w, k: teams.rename_team(_uow(w), w[Role.ADMIN], k.pop("code"), **k),
         lambda w: {"code": _spare_team(w), "name": "电工组", "name_en": "electrics"},
         {"code": "key", "name": "text", "name_en": "opt_text"}),
    Case("teams.retire_team",
         lambda w, k: teams.retire_team(_uow(w), w[Role.ADMIN], k["code"]),
         lambda w: {"code": _spare_team(w)}, {"code": "key"}),
    Case("teams.reinstate_team",
         lambda w, k: teams.reinstate_team(_uow(w), w[Role.ADMIN], k["code"]),
         lambda w: {"code": _spare_team(w)}, {"code": "key"}),
    Case("users.set_team",
         lambda w, k: users.set_team(_uow(w), w[Role.ADMIN], k["user_id"], k["team"]),
         lambda w: {"user_id": w.spare_user, "team": "钣喷"}, {"user_id": "id", "team": "choice"}),
]


# --- running a call: refused, accepted (dry) or crashed ---------------------------------------------------------

SIGNED = [AuditEntry, StockMove, WorkOrderEvent, Customer, Vehicle, Part, Tool, ToolLoan, Approval, ClaimOrder, Deposit,
          Complaint, PurchaseOrder, LimitSetting, Setting, User, LaborOperation, TeamRate, Supplier, Bin,
          DeclinedWork, Walkaround, WalkaroundPhoto]
VERSIONED = [WorkOrder, Part, Tool, ClaimOrder, Customer, Vehicle]


def signature(db: Database) -> tuple[Any, ...]:
    """Row counts of the tables a service writes, and the sum of every version column: any write shows."""
    counts = [select(func.count()).select_from(m).scalar_subquery() for m in SIGNED]
    versions = [select(func.coalesce(func.sum(m.version), 0)).scalar_subquery() for m in VERSIONED]
    with db.engine.connect() as conn:
        return tuple(conn.execute(select(*counts, *versions)).one())


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def candidates(value: str) -> set[str]:
    """The forms an accepted text may be stored in: as given (trimmed, NFC), or half-width / case-normalised."""
    text = _clean(value)
    half = halfwidth(text).strip()
    return {text, half, half.upper(), half.lower(), "".join(half.split()).upper()}


class Probe:
    """What a dry commit would have stored, read back from the database inside the transaction."""

    def __init__(self, value: Any) -> None:
        self.value = value
        self.wanted = candidates(value) if isinstance(value, str) and _clean(value) else set()
        self.committed = False
        self.written: dict[int, Any] = {}
        self.stored_at: list[str] = []      # table.column holding the value exactly (as re-read)
        self.in_audit = False
        self.truncated: list[str] = []      # table.column holding a cut copy of it
        self.audit_floor = 0                # the last audit row before this call

    def seen(self, session: Session, *_args: Any) -> None:
        for obj in (*session.new, *session.dirty):
            self.written[id(obj)] = obj

    def check_stored(self, session: Session) -> None:
        for entity_id, summary in session.execute(select(AuditEntry.entity_id, AuditEntry.summary)
                                                  .where(AuditEntry.id > self.audit_floor)):
            self.in_audit |= bool(self.wanted & {_clean(entity_id), *_strings(json.loads(summary))})
        for obj in self.written.values():
            state = inspect(obj)
            if state.deleted or state.detached or not state.persistent:
                continue
            mapper = state.mapper
            for attr in mapper.column_attrs:
                text = getattr(obj, attr.key)
                if not isinstance(text, str):
                    continue
                if isinstance(obj, AuditEntry):
                    continue  # read back above
                where = f"{mapper.local_table.name}.{attr.key}"
                if text in self.wanted:
                    column = mapper.local_table.c[attr.columns[0].name]
                    pk = [mapper.local_table.c[c.name] == getattr(obj, mapper.get_property_by_column(c).key)
                          for c in mapper.primary_key]
                    again = session.execute(select(column).where(*pk)).scalar()
                    if again in self.wanted:
                        self.stored_at.append(where)
                elif len(text) >= 10 and any(w.startswith(text) for w in self.wanted):
                    self.truncated.append(where)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield _clean(value)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


class DryUnitOfWork(UnitOfWork):
    """Runs the service for real; its commit flushes, lets the probe read back what would be stored, and rolls
    back. Refusals never reach commit, so for them this is exactly the real thing."""

    probe: Probe

    def __enter__(self) -> UnitOfWork:
        entered = super().__enter__()
        self.probe.audit_floor = self.session.scalar(select(func.max(AuditEntry.id))) or 0
        event.listen(self.session, "before_flush", self.probe.seen)
        return entered

    def commit(self) -> None:
        self.flush_audit()
        self.session.flush()
        self.probe.seen(self.session)
        self.probe.check_stored(self.session)
        self.probe.committed = True
        self.session.rollback()
        self._committed = True


ACTIVE: dict[str, Probe] = {}


def _uow(w: W) -> UnitOfWork:
    """The unit of work every call in the table runs in."""
    uow = DryUnitOfWork(w.db)
    uow.probe = ACTIVE["probe"]
    return uow


@dataclass
class Outcome:
    status: str            # refused | accepted | crashed
    detail: str = ""
    probe: Probe | None = None


def run(case: Case, w: W, kwargs: dict[str, Any], value: Any) -> Outcome:
    ACTIVE["probe"] = probe = Probe(value)
    try:
        case.call(w, dict(kwargs))
    except WorkshopError as exc:
        if not (exc.zh.strip() and exc.en.strip()):
            return Outcome("crashed", f"{type(exc).__name__} without a sentence: {exc!r}")
        return Outcome("refused", f"{type(exc).__name__}: {exc.en}")
    except Exception as exc:
        return Outcome("crashed", f"{type(exc).__name__}: {exc}"[:300])
    if not probe.committed:
        return Outcome("crashed", "returned without committing or refusing")
    return Outcome("accepted", probe=probe)


MUST_ACCEPT = {"fullwidth_valid", "lower_valid", "padded_valid", "dashes", "plus86", "no_dot"}
MUST_ACCEPT_KINDS = {"key", "opt_key", "new_code", "opt_code", "barcode", "phone", "plate", "vin", "username",
                     "num"}
NORMALISED_KINDS = {"key", "opt_key", "phone", "plate", "vin", "username"}
OPTIONAL_KINDS = {"opt_text", "note", "opt_key", "opt_code", "barcode"}  # empty means "none given"


def _canonical(kind: str, value: Any) -> Any:
    if not isinstance(value, str):
        return object()
    try:
        if kind == "phone":
            return clean_phone(value)
        if kind == "plate":
            return normalise_plate(value)
        if kind == "vin":
            return normalise_vin(value)
    except WorkshopError:
        return object()
    return "".join(halfwidth(value).split()).upper()


def judge(kind: str, label: str, value: Any, base: Any, outcome: Outcome) -> str | None:
    """None when the outcome is right for this kind of field and value, else what is wrong."""
    if outcome.status == "crashed":
        return f"crashed: {outcome.detail}"
    if outcome.status == "refused":
        if label in MUST_ACCEPT and kind in MUST_ACCEPT_KINDS:
            return f"refused a form that means the same as the valid value ({outcome.detail})"
        return None
    probe = outcome.probe
    assert probe is not None
    blank = value is None or (isinstance(value, str) and not value.strip())
    if (blank and kind in (*OPTIONAL_KINDS, "choice")) or (value is None and kind != "bool"):
        return None  # not given: optional here, or "unchanged" in an edit
    if kind in ("text", "rich_text", "opt_text", "note"):
        if not isinstance(value, str):
            return f"accepted a {type(value).__name__} as text"
        if probe.truncated:
            return f"stored cut short in {probe.truncated}"
        if probe.wanted and not (probe.stored_at or probe.in_audit):
            return "accepted but not stored as given"
        return None
    if kind in NORMALISED_KINDS:
        return None if _canonical(kind, value) == _canonical(kind, base) else f"accepted {value!r} as if it were {base!r}"
    if kind in ("new_code", "opt_code", "barcode"):  # any well-formed code: stored as typed, half-width, upper case
        if not isinstance(value, str):
            return f"accepted a {type(value).__name__} as a code"
        return None if probe.stored_at or probe.in_audit else "accepted but not stored"
    if kind == "num":
        if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
            return f"accepted a {type(value).__name__} as a number"
        try:
            number = Decimal(halfwidth(str(value)).strip().replace(",", ""))
        except ArithmeticError:
            return f"accepted {value!r} as a number"
        return None if number.is_finite() and number >= 0 else f"accepted {value!r}"
    if kind == "id":
        return None if value == base and type(value) is type(base) else f"accepted {value!r} for {base!r}"
    if kind == "date":
        ok = isinstance(value, date) and not isinstance(value, datetime) and value <= shop_today()
        return None if ok else f"accepted {value!r} as a date"
    if kind == "datetime":
        ok = isinstance(value, datetime) and value.tzinfo is not None
        return None if ok else f"accepted {value!r} as a moment"
    if kind == "choice":
        return None if isinstance(value, str) and value.strip().lower() == str(base).lower() else f"accepted {value!r}"
    if kind == "bool":
        return None if isinstance(value, bool) else f"accepted {value!r} as yes/no"
    if kind == "seq":
        return None if value == [] else f"accepted {value!r} as a list"
    if kind == "password":
        return None if isinstance(value, str) and 6 <= len(value) <= 200 else f"accepted {value!r} as a password"
    raise AssertionError(kind)


# --- the world, once per backend -------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
          template_dir: Path) -> Iterator[W]:
    if request.param == "postgres":
        if not dbs.pg_url():
            pytest.skip("WORKSHOP_TEST_PG_URL is not set")
        db = dbs.new_postgres()
    else:
        db = dbs.new_sqlite(tmp_path_factory.mktemp("bad_input"), template_dir)
    quick = pytest.MonkeyPatch()  # argon2id at its real cost adds nothing to what is tested here
    quick.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    try:
        yield rd.build_world(db)
    finally:
        quick.undo()
        db.dispose()


TRIED: dict[str, int] = {}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.service)
def test_malformed_input_is_refused_or_stored_exactly_never_a_crash(world: W, case: Case) -> None:
    valid = case.valid(world)
    before = signature(world.db)
    baseline = run(case, world, valid, None)
    assert baseline.status == "accepted", f"the valid call is not accepted: {baseline.detail}"
    problems: list[str] = []
    tried = 0
    kinds_done: set[str] = set()
    for field_name, kind in case.fields.items():
        base = valid.get(field_name)
        tries = [(label, value) for label, value in values(kind, base)
                 if (kind not in kinds_done or label in SMOKE or label in MUST_ACCEPT)
                 and (isinstance(value, str) or not case.strings_only)]
        kinds_done.add(kind)
        for label, value in tries:
            outcome = run(case, world, {**valid, field_name: value}, value)
            tried += 1
            wrong = judge(kind, label, value, base, outcome)
            if wrong:
                problems.append(f"{field_name}={label}: {wrong}")
        after = signature(world.db)
        if after != before:  # something was written and kept: find the call
            for label, value in tries:
                run(case, world, {**valid, field_name: value}, value)
                if signature(world.db) != after:
                    problems.append(f"{field_name}={label}: wrote and kept something")
            problems.append(f"{field_name}: the database changed ({before} -> {after})")
            before = signature(world.db)
    TRIED[f"{world.db.dialect}:{case.service}"] = tried
    dialect = world.db.dialect
    mine = {k.split(":", 1)[1]: n for k, n in TRIED.items() if k.startswith(dialect + ":")}
    rel.record_figures(f"bad_input.{dialect}", {"services": len(mine), "malformed_calls": sum(mine.values())})
    assert not problems, "\n".join(["", *problems])


_CLOCKS: dict[str, int] = {}


def _closed_clock(w: W) -> int:
    """A clock entry on the car in progress, clocked on and off an hour ago (made once per world)."""
    from workshop.services import job_clock

    key = w.db.url
    if key not in _CLOCKS:
        order = w.orders["in_progress"]
        assert order.labor_line is not None
        start = now() - timedelta(hours=2)
        job_clock.clock_on(w.db.uow(), w.badge, order.number, order.labor_line, now=start)
        _CLOCKS[key] = job_clock.clock_off(w.db.uow(), w.badge, now=start + timedelta(hours=1)).id
    return _CLOCKS[key]


# W4 dispatch and W5 the manager's side of the job clock
CASES += [
    Case("dispatch.dispatch_line",
         lambda w, k: dispatch.dispatch_line(_uow(w), w[Role.WORKSHOP_MANAGER], k["number"], k["line_id"],
                                             [(w[Role.TECHNICIAN].user_id, Decimal("100"))], reason=k["reason"]),
         lambda w: {"number": w.orders["started"].number, "line_id": w.orders["started"].labor_line, "reason": ""},
         {"number": "key", "line_id": "id", "reason": "note"}),
    Case("job_clock_manager.stop_clocks_at_closing",
         lambda w, k: job_clock_manager.stop_clocks_at_closing(_uow(w), w[Role.WORKSHOP_MANAGER], now=now()),
         lambda w: {}, {}),
    Case("job_clock_manager.correct_clock",
         lambda w, k: job_clock_manager.correct_clock(_uow(w), w[Role.WORKSHOP_MANAGER], k["clock_id"],
                                                      started_at=k["started_at"], ended_at=k["ended_at"],
                                                      reason=k["reason"]),
         lambda w: {"clock_id": _closed_clock(w), "started_at": now() - timedelta(hours=2),
                    "ended_at": now() - timedelta(minutes=50), "reason": "忘记下工打卡"},
         {"clock_id": "id", "started_at": "datetime", "ended_at": "datetime", "reason": "text"}),
]


def test_the_table_covers_every_service() -> None:
    named = {f"{f.__module__.rsplit('.', 1)[1]}.{f.__name__}" for f in SERVICES}
    assert named - {c.service for c in CASES} == set()


def test_login_with_a_malformed_name_or_password_is_refused_never_a_crash(world: W) -> None:
    """users.authenticate takes no actor: every malformed name or password is the one refusal sentence."""
    from tests.helpers.people import make_user

    make_user(world.db, "loginprobe", [Role.ADVISOR])
    tried = 0
    for _label, value in [*TEXT_CORE, *TEXT_MORE, *PASSWORDS]:
        for name, password in ((value, "secret123"), ("loginprobe", value)):
            with pytest.raises(AuthenticationFailed) as refused:
                users.authenticate(world.db.uow(), name, password)  # type: ignore[arg-type]
            assert refused.value.zh and refused.value.en
            tried += 1
    rel.record_figures(f"bad_input_login.{world.db.dialect}", {"malformed_logins": tried})


# bringing customers back (R1, R2)
def _appt_day(offset: int) -> date:
    from workshop.domain.calendar import PUBLIC_CALENDAR

    d = now().date() + timedelta(days=20 + offset)
    while PUBLIC_CALENDAR.is_public_holiday(d):
        d += timedelta(days=1)
    return d


def _booked(w: W, offset: int) -> int:
    from workshop.services import appointments

    return appointments.book_appointment(w.db.uow(), w[Role.ADVISOR], vehicle_id=w.vehicle, day=_appt_day(offset),
                                         slot="10:00", team="机修", service="保养", channel="phone").id


def _yesterdays(w: W) -> int:
    """An appointment of yesterday still booked (written directly: a booking in the past is refused)."""
    from workshop.db.models import Appointment, Vehicle
    from workshop.domain.clock import shop_today

    with w.db.uow() as uow:
        v = uow.session.get(Vehicle, w.vehicle)
        assert v is not None
        a = Appointment(customer_id=v.customer_id, vehicle_id=v.id, day=shop_today() - timedelta(days=1),
                        slot="08:30", team="机修", service="保养", channel="phone", advisor_id=w[Role.ADVISOR].user_id,
                        state="booked", note="", created_at=now() - timedelta(days=3),
                        created_by=w[Role.ADVISOR].user_id, confirm_note="", close_reason="")
        uow.session.add(a)
        uow.session.flush()
        aid = a.id
        uow.commit()
    return aid


def _appointment_cases() -> list[Case]:
    from workshop.services import appointments, reminders

    return [
        Case("appointments.book_appointment",
             lambda w, k: appointments.book_appointment(_uow(w), w[Role.ADVISOR], **k),
             lambda w: {"vehicle_id": w.vehicle, "day": _appt_day(0), "slot": "13:30", "team": "机修",
                        "service": "空调异味", "channel": "wechat"},
             {"vehicle_id": "id", "day": "date", "slot": "choice", "team": "choice", "service": "text",
              "channel": "choice"}),
        Case("appointments.confirm_appointment",
             lambda w, k: appointments.confirm_appointment(_uow(w), w[Role.CUSTOMER_SERVICE], k["id"], note=k["note"]),
             lambda w: {"id": _booked(w, 1), "note": "客户确认"}, {"id": "id", "note": "note"}),
        Case("appointments.cancel_appointment",
             lambda w, k: appointments.cancel_appointment(_uow(w), w[Role.CUSTOMER_SERVICE], k["id"],
                                                          reason=k["reason"]),
             lambda w: {"id": _booked(w, 2), "reason": "客户出差"}, {"id": "id", "reason": "text"}),
        Case("appointments.record_no_show",
             lambda w, k: appointments.record_no_show(_uow(w), w[Role.ADVISOR], k["id"], note=k["note"]),
             lambda w: {"id": _yesterdays(w), "note": "未接电话"}, {"id": "id", "note": "note"}),
        Case("appointments.arrive_appointment",
             lambda w, k: appointments.arrive_appointment(_uow(w), w[Role.ADVISOR], k["id"], mileage_in=k["mileage"]),
             lambda w: {"id": _yesterdays(w), "mileage": 99999}, {"id": "id", "mileage": "num"}),
        Case("reminders.recompute_service_due",
             lambda w, k: reminders.recompute_service_due(_uow(w), w[Role.ADMIN]), lambda w: {}, {}),
        Case("reminders.set_vehicle_due_dates",
             lambda w, k: reminders.set_vehicle_due_dates(_uow(w), w[Role.ADVISOR], k["vehicle_id"],
                                                          insurance_due=k["insurance_due"],
                                                          inspection_due=k["inspection_due"]),
             lambda w: {"vehicle_id": w.vehicle, "insurance_due": date(2027, 5, 1), "inspection_due": None},
             {"vehicle_id": "id", "insurance_due": "date"}),
        Case("reminders.record_reminder_call",
             lambda w, k: reminders.record_reminder_call(_uow(w), w[Role.CUSTOMER_SERVICE], k["vehicle_id"],
                                                         kind=k["kind"], due_date=k["due_date"],
                                                         outcome=k["outcome"], note=k["note"]),
             lambda w: {"vehicle_id": w.vehicle, "kind": "service", "due_date": date(2027, 1, 5),
                        "outcome": "not_reached", "note": "无人接听"},
             {"vehicle_id": "id", "kind": "choice", "due_date": "date", "outcome": "choice", "note": "note"}),
    ]


CASES += _appointment_cases()


# W7 piece-rate months and W8 bays (the board)
def _closed_piece_month(w: W) -> str:
    """A month long past, closed for real once per world, for the dated corrections."""
    from workshop.services import piece_rate

    month = "2020-02"
    with contextlib.suppress(WorkshopError):
        piece_rate.close_month(w.db.uow(), w[Role.SERVICE_DIRECTOR], month, now=now())
    return month


def _piece_rate_cases() -> list[Case]:
    from workshop.domain.floor_board import Bay
    from workshop.services import floor_board, piece_rate

    return [
        Case("piece_rate.close_month",
             lambda w, k: piece_rate.close_month(_uow(w), w[Role.SERVICE_DIRECTOR], k["month"], now=now()),
             lambda w: {"month": "2020-01"}, {"month": "text"}),
        Case("piece_rate.add_correction",
             lambda w, k: piece_rate.add_correction(_uow(w), w[Role.SERVICE_DIRECTOR], k["month"], k["technician_id"],
                                                    "-20.00", k["reason"], now=now()),
             lambda w: {"month": _closed_piece_month(w), "technician_id": w[Role.TECHNICIAN].user_id,
                        "reason": "返修扣回补录"},
             {"month": "text", "technician_id": "id", "reason": "text"}),
        Case("floor_board.save_bays",
             lambda w, k: floor_board.save_bays(_uow(w), w[Role.SERVICE_DIRECTOR],
                                                [Bay(name=k["name"], kind=k["kind"], team=None)]),
             lambda w: {"name": "快修工位 1", "kind": "bay"}, {"name": "text", "kind": "choice"}),
        Case("floor_board.place_on_bay",
             lambda w, k: floor_board.place_on_bay(_uow(w), w[Role.WORKSHOP_MANAGER], k["number"], None, now=now()),
             lambda w: {"number": w.orders["in_progress"].number}, {"number": "key"}),
    ]


CASES += _piece_rate_cases()
