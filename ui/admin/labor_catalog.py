"""Administration: the labor catalog (S1, F8) — add, edit, retire (a retired operation stays on old orders)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ui.admin.master_form import Field, FormDialog, TableScreen
from ui.context import AppContext
from ui.widgets.team_choices import team_choices
from workshop.db.uow import UnitOfWork
from workshop.domain.clock import fmt_shop
from workshop.domain.labels import choices, label_of
from workshop.domain.master_data import LaborKind
from workshop.domain.roles import Actor, Perm
from workshop.services import labor_catalog
from workshop.services.labor_catalog import LaborOperationInfo


def labor_fields(ctx: AppContext, team: str | None = None) -> list[Field]:
    return [
        Field("code", "工时代码", "Code", locked_on_edit=True, placeholder="JX0101"),
        Field("name", "名称", "Name"),
        Field("standard_hours", "标准工时（小时）", "Standard hours"),
        Field("rate", "工时单价（元/小时）", "Rate (元/h)"),
        Field("team", "班组", "Team", "choice", team_choices(ctx.db, team)),
        Field("kind", "类别", "Kind", "choice", [(k.value, name) for k, name in choices(LaborKind, ctx.lang)]),
    ]


def add_operation_dialog(ctx: AppContext, parent: Any = None) -> FormDialog:
    return FormDialog(ctx, ctx.tr("新增工时", "Add labor operation"), labor_fields(ctx),
                      labor_catalog.add_labor_operation, parent=parent)


class LaborCatalogScreen(TableScreen):
    TITLE = ("工时目录", "Labor catalog")
    HEADERS = (("代码", "Code"), ("名称", "Name"), ("标准工时", "Hours"), ("单价", "Rate"), ("班组", "Team"),
               ("类别", "Kind"), ("状态", "State"))

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        can = ctx.can(Perm.MASTER_DATA)
        self.button("新增", "Add", self.add, can)
        self.button("修改", "Edit", self.edit, can)
        self.button("停用/恢复", "Retire/reinstate", self.toggle_retired, can)
        self.bar.addStretch(1)
        self.refresh()

    def load(self) -> list[LaborOperationInfo]:
        return labor_catalog.list_labor_operations(self.ctx.db)

    def cells(self, row: LaborOperationInfo) -> Sequence[object]:
        kind = label_of(LaborKind, row.kind, self.ctx.lang)
        state = (self.ctx.tr("已停用 ", "retired ") + fmt_shop(row.retired_at)) if row.retired_at else \
            self.ctx.tr("在用", "in use")
        return (row.code, row.name, row.standard_hours, row.rate, row.team, kind, state)

    def add(self) -> None:
        add_operation_dialog(self.ctx, self).exec()

    def edit(self) -> None:
        op: LaborOperationInfo | None = self.selected()
        if op is None or not self.ctx.can(Perm.MASTER_DATA):
            return
        ctx = self.ctx
        values = {"code": op.code, "name": op.name, "standard_hours": op.standard_hours, "rate": op.rate,
                  "team": op.team, "kind": op.kind}

        def save(uow: UnitOfWork, actor: Actor, code: str, **v: Any) -> LaborOperationInfo:
            return labor_catalog.edit_labor_operation(uow, actor, op.code, **v)

        FormDialog(ctx, ctx.tr("修改工时", "Edit labor operation"), labor_fields(ctx, op.team), save, values,
                   parent=self).exec()

    def toggle_retired(self) -> None:
        op: LaborOperationInfo | None = self.selected()
        if op is None:
            return
        ctx = self.ctx
        fn = labor_catalog.reinstate_labor_operation if op.retired else labor_catalog.retire_labor_operation
        ctx.ops.run_service(fn, op.code, parent=self)
