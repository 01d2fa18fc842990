"""Issue 22, the shop's vocabulary: every state and kind has its Chinese and English label in ONE registry
(workshop.domain.labels) and the UI, printing and the CLI take labels from it and nowhere else."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from enum import Enum
from pathlib import Path

import pytest

import workshop.domain
from workshop.domain import labels
from workshop.domain.changes import RecordKind
from workshop.domain.codes import ClaimState, ToolState
from workshop.domain.job_clock import NoticeKind, PauseReason
from workshop.domain.lang import tr
from workshop.domain.payers import Split
from workshop.domain.roles import Perm, Role
from workshop.domain.work_order import Kind, State

ROOT = Path(__file__).resolve().parents[3]
CJK = re.compile(r"[\u4e00-\u9fff]")
NOT_SHOWN = {Perm, NoticeKind, RecordKind, Split}  # permissions, internal notice kinds, the change set's record
# kinds and the payer-split rules of the kind policy are never shown as words


def _domain_enums() -> list[type[Enum]]:
    found = []
    for info in pkgutil.iter_modules(workshop.domain.__path__):
        module = importlib.import_module(f"workshop.domain.{info.name}")
        found += [o for o in vars(module).values()
                  if inspect.isclass(o) and issubclass(o, Enum) and o.__module__ == module.__name__]
    return found


def test_labels_every_state_and_kind_enum_of_the_domain_is_registered() -> None:
    missing = [f"{e.__module__}.{e.__name__}" for e in _domain_enums()
               if e not in labels.REGISTRY and e not in NOT_SHOWN]
    assert not missing


@pytest.mark.parametrize("enum", list(labels.REGISTRY), ids=lambda e: e.__name__)
def test_labels_every_member_has_a_chinese_and_an_english_label(enum: type[Enum]) -> None:
    table = labels.REGISTRY[enum]
    assert set(table) == set(enum), f"{enum.__name__}: labels for exactly its members"
    for member in enum:
        zh, en = table[member]
        assert CJK.search(zh), f"{member!r}: Chinese label {zh!r}"
        assert en.strip() and not CJK.search(en), f"{member!r}: English label {en!r}"
        assert "_" not in en, f"{member!r}: the English label is not the raw code ({en!r})"


def test_labels_no_english_label_reads_as_a_stored_code() -> None:
    """The English raw-code walk (tests/ui/test_desk_wording.py) tells a label from a code by its text: no label
    may be spelled like a code of any registered enum (pending, paused, open …)."""
    codes = {str(m.value) for e in labels.REGISTRY for m in e}
    alike = [f"{e.__name__}.{m.name}: {en!r}" for e, table in labels.REGISTRY.items()
             for m, (_zh, en) in table.items() if en in codes]
    assert not alike


def test_labels_label_names_a_member_and_label_of_a_stored_code() -> None:
    assert labels.label(State.IN_PROGRESS) == "维修中"
    assert labels.label(State.IN_PROGRESS, "en") == "In progress"
    assert labels.label_of(Kind, "warranty", "en") == "Warranty"
    assert labels.label_of(ClaimState, "draft") == "待签字"
    assert labels.label_of(ToolState, "out", "en") == "Lent out"
    assert labels.label_of(PauseReason, "parts") == "待料"
    assert labels.label_of(Role, "cashier", "en") == "Cashier"
    # older data: an unknown code is shown as it is, nothing as nothing
    assert labels.label_of(State, "archived_in_2019", "en") == "archived_in_2019"
    assert labels.label_of(State, None) == "" and labels.label_of(State, "") == ""
    assert labels.choices(Kind, "en")[0] == (Kind.GENERAL, "General repair")
    assert tr("en", "是", "yes") == "yes" and tr("zh", "是", "yes") == "是"


def _registered_codes() -> dict[str, set[type[Enum]]]:
    codes: dict[str, set[type[Enum]]] = {}
    for enum in labels.REGISTRY:
        for member in enum:
            codes.setdefault(str(member.value), set()).add(enum)
    return codes


def _label_tables(path: Path) -> list[str]:
    """Dict literals keyed by two or more codes of one registered enum with text (or pairs of text) as values:
    a label table of its own."""
    codes = _registered_codes()
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Dict) or len(node.keys) < 2:
            continue
        keys = [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
        texts = all((isinstance(v, ast.Constant) and isinstance(v.value, str))
                    or (isinstance(v, ast.Tuple) and all(isinstance(x, ast.Constant) for x in v.elts))
                    for v in node.values)
        if len(keys) < 2 or not texts:
            continue
        common: set[type[Enum]] | None = None
        for k in keys:
            common = codes.get(k, set()) if common is None else common & codes.get(k, set())
        if common:
            found.append(f"{path.name}:{node.lineno} ({', '.join(e.__name__ for e in common)})")
    return found


def _label_modules() -> list[Path]:
    skip = {ROOT / "workshop/domain/labels.py"}
    return [p for folder in ("ui", "workshop/printing", "workshop/cli", "workshop/queries", "workshop/services",
                             "workshop/domain")
            for p in sorted((ROOT / folder).rglob("*.py")) if p not in skip]


def test_labels_no_ui_printing_or_cli_module_keeps_a_label_table_of_a_registered_enum() -> None:
    tables = [t for p in _label_modules() for t in _label_tables(p)]
    assert not tables


def test_labels_the_table_check_finds_a_label_table(tmp_path: Path) -> None:
    """The AST check above is not blind: it finds a table like the one ui/front_desk/common.py used to keep."""
    sample = tmp_path / "sample.py"
    sample.write_text('STATE_EN = {"draft": "Draft", "in_progress": "In progress"}\n'
                      'how = {"in_person": ("当面", "in person"), "phone": ("电话", "by phone")}\n', encoding="utf-8")
    assert len(_label_tables(sample)) == 2


def test_labels_no_module_imports_a_label_table_by_its_old_name() -> None:
    old = re.compile(r"\b(STATE_EN|KIND_EN|STATE_ZH|KIND_ZH|ROLE_NAMES_(?:ZH|EN)|METHOD_LABEL_(?:ZH|EN)|"
                     r"PAYER_LABEL_(?:ZH|EN)|CLAIM_STATE_(?:ZH|EN)|TOOL_STATE_(?:ZH|EN)|LABOR_KIND_(?:ZH|EN))\b")
    hits = [f"{p.relative_to(ROOT)}:{n}" for p in _label_modules()
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if old.search(line)]
    assert not hits
