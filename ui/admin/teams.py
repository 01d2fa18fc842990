"""Administration → 班组与费率 (S1): the shop's teams — add, rename, retire, reinstate — above the teams' cost
and piece rates (A5, W7). The same page is the set-up wizard's step 2. Every team combo box of the program takes
its entries from `ui.widgets.team_choices`, i.e. from the teams table, not from a fixed list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from ui.admin.master_form import Field, FormDialog, TableScreen, message_of
from ui.admin.shop_setup import TeamRatesScreen
from ui.context import AppContext
from workshop.db.uow import UnitOfWork
from workshop.domain.changes import RecordKind
from workshop.domain.clock import fmt_shop
from workshop.domain.roles import Actor, Perm
from workshop.services import teams
from workshop.services.teams import TeamInfo


def team_fields(*, editing: bool = False) -> list[Field]:
    return [
        Field("code", "班组代码（用户、工单和费率记的就是它，不能改）", "Code (what users, orders and rates hold; fixed)",
              locked_on_edit=True, placeholder="快修"),
        Field("name", "名称（留空 = 代码）" if not editing else "名称", "Name (blank = the code)" if not editing else "Name"),
        Field("name_en", "英文名称", "English name", placeholder="express service"),
    ]


class TeamsScreen(TableScreen):
    TITLE = ("班组", "Teams")
    HEADERS = (("代码", "Code"), ("名称", "Name"), ("英文名称", "English name"), ("状态", "State"))
    KINDS = frozenset({RecordKind.TEAMS})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        can = ctx.can(Perm.MASTER_DATA)
        self.add_button = self.button("新增班组", "Add team", self.add, can)
        self.rename_button = self.button("改名", "Rename", self.edit, can)
        self.retire_button = self.button("停用/恢复", "Retire/reinstate", self.toggle_retired, can)
        self.bar.addStretch(1)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #c0392b")
        self.error.setWordWrap(True)
        layout = self.layout()
        assert layout is not None  # TableScreen builds its layout first
        layout.addWidget(self.error)
        self.refresh()

    def load(self) -> list[TeamInfo]:
        return teams.list_teams(self.ctx.db, include_retired=True)

    def cells(self, row: TeamInfo) -> Sequence[object]:
        state = (self.ctx.tr("已停用 ", "retired ") + fmt_shop(row.retired_at)) if row.retired_at else \
            self.ctx.tr("在用", "in use")
        return (row.code, row.name, row.name_en, state)

    def add(self) -> None:
        ctx = self.ctx
        FormDialog(ctx, ctx.tr("新增班组", "Add team"), team_fields(),
                   teams.add_team, parent=self).exec()

    def edit(self) -> None:
        team: TeamInfo | None = self.selected()
        if team is None or not self.ctx.can(Perm.MASTER_DATA):
            return
        ctx = self.ctx

        def save(uow: UnitOfWork, actor: Actor, *, name: str, name_en: str, **_locked: Any) -> TeamInfo:
            return teams.rename_team(uow, actor, team.code, name=name, name_en=name_en)

        FormDialog(ctx, ctx.tr("班组改名", "Rename team"), team_fields(editing=True), save,
                   {"code": team.code, "name": team.name, "name_en": team.name_en}, parent=self).exec()

    def toggle_retired(self) -> None:
        """A refusal (members or open work left) is said under the table, in the user's language."""
        team: TeamInfo | None = self.selected()
        if team is None:
            return
        ctx = self.ctx
        self.error.setText("")
        fn = teams.reinstate_team if team.retired else teams.retire_team
        ctx.ops.run_service(fn, team.code, parent=self,
                            on_error=lambda exc: self.error.setText(message_of(exc, ctx.lang)))


class TeamsAndRatesPage(QWidget):
    """The teams above, their rates below: Administration → 班组与费率 and the set-up's step 2."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        split = QSplitter(Qt.Orientation.Vertical)
        self.team_list = TeamsScreen(ctx)
        self.rates = TeamRatesScreen(ctx)
        split.addWidget(self.team_list)
        split.addWidget(self.rates)
        split.setSizes([260, 340])
        layout.addWidget(split)
