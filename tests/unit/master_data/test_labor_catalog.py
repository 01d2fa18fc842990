"""S1, F8: a new shop builds its labor catalog through the service (and the `workshop labor` command); a
retired operation stays on the work orders that carry it but cannot be added again."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.helpers.front_desk_data import add_shop, open_order
from workshop.cli import main as cli_main
from workshop.db.models import AuditEntry, LaborOperation
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput, PermissionDenied, RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.queries.work_orders import find_labor_operations
from workshop.services import front_desk, labor_catalog


def _add(db: Database, actor: Actor, code: str = "JX0901", **over: object) -> labor_catalog.LaborOperationInfo:
    values: dict[str, object] = {"name": "更换空调滤芯", "standard_hours": "0.3", "rate": "180", "team": "机修",
                                 "kind": "maintenance"}
    values.update(over)
    return labor_catalog.add_labor_operation(db.uow(), actor, code=code, **values)  # type: ignore[arg-type]


def test_s1_labor_operation_added_edited_and_audited(db: Database, people: dict[Role, Actor]) -> None:
    admin = people[Role.ADMIN]
    op = _add(db, admin, "ｊｘ0901")  # full-width from a Chinese input method
    assert (op.code, op.standard_hours, op.rate, op.kind, op.retired) == ("JX0901", Decimal("0.30"),
                                                                        Decimal("180.00"), "maintenance", False)
    op = labor_catalog.edit_labor_operation(db.uow(), people[Role.SERVICE_DIRECTOR], "JX0901", rate="200")
    assert op.rate == Decimal("200.00")
    assert [o.code for o in find_labor_operations(db, "空调")] == ["JX0901"]
    with db.read() as s:
        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "labor_operation")))
    assert actions == ["labor.add", "labor.edit"]


def test_s1_labor_operation_bad_input_refused_and_nothing_written(db: Database, people: dict[Role, Actor]) -> None:
    admin = people[Role.ADMIN]
    with pytest.raises(InvalidInput):
        _add(db, admin, standard_hours="0")
    with pytest.raises(InvalidInput):
        _add(db, admin, team="喷漆")
    with pytest.raises(InvalidInput):
        _add(db, admin, kind="magic")
    with pytest.raises(InvalidInput):
        _add(db, admin, code="JX 01")
    _add(db, admin)
    with pytest.raises(RuleViolation):
        _add(db, admin)
    with pytest.raises(InvalidInput):
        labor_catalog.edit_labor_operation(db.uow(), admin, "JX0901", retired_at=None)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(LaborOperation)) == 1


def test_s1_labor_catalog_needs_the_master_data_permission(db: Database, people: dict[Role, Actor]) -> None:
    for role in (Role.ADVISOR, Role.TECHNICIAN, Role.PARTS_CLERK):
        with pytest.raises(PermissionDenied):
            _add(db, people[role])
    _add(db, people[Role.ADMIN])
    with pytest.raises(PermissionDenied):
        labor_catalog.retire_labor_operation(db.uow(), people[Role.ADVISOR], "JX0901")


def test_s1_retired_operation_stays_on_old_orders_but_cannot_be_added(db: Database,
                                                                    people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    _add(db, people[Role.ADMIN])
    advisor = people[Role.ADVISOR]
    wo = open_order(db, people, shop)
    wo = front_desk.add_labor_line(db.uow(), advisor, wo.number, expected_version=wo.version,
                                   operation_code="JX0901")
    labor_catalog.retire_labor_operation(db.uow(), people[Role.ADMIN], "JX0901")
    assert "JX0901" not in [o.code for o in find_labor_operations(db)]
    assert [o.code for o in labor_catalog.list_labor_operations(db) if o.retired] == ["JX0901"]
    kept = front_desk.get_work_order(db, wo.number)
    assert "JX0901" in [ln.operation_code for ln in kept.labor_lines]
    with pytest.raises(RuleViolation, match="停用"):
        front_desk.add_labor_line(db.uow(), advisor, wo.number, expected_version=kept.version,
                                  operation_code="JX0901")
    labor_catalog.reinstate_labor_operation(db.uow(), people[Role.ADMIN], "JX0901")
    front_desk.add_labor_line(db.uow(), advisor, wo.number, expected_version=kept.version, operation_code="JX0901")


def test_s1_labor_command_adds_lists_and_retires(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'shop.sqlite'}"
    assert cli_main(["--db", url, "init"]) == 0
    assert cli_main(["--db", url, "labor", "add", "BP0101", "--name", "前保险杠喷漆", "--hours", "3",
                     "--rate", "260", "--team", "钣喷", "--kind", "paint"]) == 0
    assert cli_main(["--db", url, "labor", "add", "BP0101", "--name", "x", "--hours", "1", "--rate", "1",
                     "--team", "钣喷"]) == 2
    assert cli_main(["--db", url, "labor", "edit", "BP0101", "--rate", "280"]) == 0
    assert cli_main(["--db", url, "labor", "retire", "BP0101"]) == 0
    capsys.readouterr()
    assert cli_main(["--db", url, "labor", "list", "--all", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "BP0101,前保险杠喷漆,3.00,280.00,钣喷,paint," in out
    assert cli_main(["--db", url, "labor", "list", "--format", "csv"]) == 0
    assert "BP0101" not in capsys.readouterr().out
