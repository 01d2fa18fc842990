"""The audit log reads as sentences (issue 19): every action code a service writes has a Chinese and an English
sentence, fields carry their Chinese names, and times inside the details are shop time."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from workshop.domain.audit_actions import ACTIONS, FIELDS, GROUPS, group_of
from workshop.domain.audit_text import details, sentence, shop_time_text
from workshop.domain.work_order import TRANSITIONS
from workshop.services.quality import COMPLAINT_STEPS
from workshop.services.tools import LOST_RESOLUTIONS

ROOT = Path(__file__).resolve().parents[3] / "workshop"
# the f-strings the services build an action code from, and the values they take
EXPANSIONS = {
    "work_order.{action}": sorted({t.action for t in TRANSITIONS}),
    "complaint.{step}": sorted(COMPLAINT_STEPS),
    "tool.lost_{resolution}": list(LOST_RESOLUTIONS),
}


def _codes_of(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _codes_of(node.body) + _codes_of(node.orelse)
    if isinstance(node, ast.JoinedStr):
        pattern = "".join(v.value if isinstance(v, ast.Constant) else "{" + ast.unparse(v.value) + "}"  # type: ignore[attr-defined]
                          for v in node.values)
        assert pattern in EXPANSIONS, f"a new computed action code {pattern}: list its values in EXPANSIONS"
        head, _, tail = pattern.partition("{")
        rest = tail.partition("}")[2]
        return [head + value + rest for value in EXPANSIONS[pattern]]
    raise AssertionError(f"an action code the test cannot read: {ast.unparse(node)}")


def written_codes() -> set[str]:
    codes: set[str] = set()
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "audit"
                    and len(node.args) >= 4):
                codes.update(_codes_of(node.args[1]))
    return codes


def test_s_every_action_code_written_anywhere_has_a_sentence() -> None:
    codes = written_codes()
    assert len(codes) > 80  # the scan really reads the services
    missing = sorted(codes - ACTIONS.keys())
    assert not missing, f"action codes without a sentence: {missing}"
    for code in codes:
        text = ACTIONS[code]
        assert "{who}" in text.zh or code == "user.locked"
        assert text.zh and text.en and text.name_zh and text.name_en
        assert group_of(code) in GROUPS, code


def test_s_discount_reads_as_a_chinese_sentence_and_an_english_one() -> None:
    summary = {"number": "TEST-0033", "pct": "10.00", "amount": "0", "discount": "120.00", "reason": "老客户",
               "week_count": 2}
    assert sentence("discount.give", "张顾问", "TEST-0033", summary, "zh") == \
        "张顾问 把 TEST-0033 的折扣改为 10 %（折扣 120.00 元）：老客户"
    assert sentence("discount.give", "Zhang", "TEST-0033", summary, "en") == \
        "Zhang set the discount on TEST-0033 to 10 % (120.00 yuan off): 老客户"


def test_s_times_in_the_details_are_shop_time() -> None:
    summary = json.loads(json.dumps({"tool": "T-1", "borrower": "tech", "due": "2026-12-01T10:00:00+00:00",
                                     "work_order": None}))
    assert "应还 2026-12-01 18:00" in sentence("tool.lend", "李备件", "5", summary, "zh")
    rows = dict(details("tool_loan", "5", summary, "zh"))
    assert rows["应还时间"] == "2026-12-01 18:00"
    assert "+00:00" not in " ".join(rows.values())
    assert shop_time_text("2026-12-01 10:00:00.123456+00:00") == "2026-12-01 18:00"
    assert shop_time_text("2026-12-01") == "2026-12-01"  # a date stays a date


def test_s_fields_by_their_chinese_names_and_states_by_their_labels() -> None:
    changed = {"phone": ["13800138000", "13900139000"]}
    assert sentence("vehicle.edit", "王", "7", {"changed": changed}, "zh") == \
        "王 修改了车辆 7：电话 13800138000 → 13900139000"
    rows = dict(details("work_order", "12", {"before": "draft", "after": "started", "in_warranty": True}, "zh"))
    assert rows == {"工单": "12", "原值": "草稿", "新值": "已开工", "在保修期内": "是"}
    assert sentence("customer.edit", "王", "3", {"before": {"name": "张", "phone": "1"},
                                                 "after": {"name": "张", "phone": "2"}}, "zh") == "王 修改了客户 3：电话 1 → 2"
    assert all(zh and en for zh, en in FIELDS.values())


def test_s_settings_and_the_shop_profile_read_by_their_names() -> None:
    from workshop.services.settings import DEFAULTS

    text = sentence("shop_profile.save", "王", "店铺资料", {"before": {"address": ""}, "after": {"address": "广州"}},
                    "zh")
    assert text == "王 修改了店铺资料：地址 （空） → 广州"
    unnamed = [k for k in DEFAULTS if k not in FIELDS and not k.startswith(("shop_", "labor_cost_rate.", "demo"))]
    assert not unnamed, f"settings without a Chinese name: {unnamed}"
