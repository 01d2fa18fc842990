"""Administration: the shop's profile (printed on every document), the teams' cost and piece rates with the
moment they take effect (A5, W7), and the shop's settings (thresholds, days, closing time) — S1."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ui.admin.master_form import Field, FormDialog, FormScreen, TableScreen
from ui.context import AppContext
from ui.widgets.team_choices import team_choices
from workshop.db.uow import UnitOfWork
from workshop.domain.changes import RecordKind
from workshop.domain.clock import fmt_shop, utcnow
from workshop.domain.master_data import parse_shop_time
from workshop.domain.roles import Actor, Perm, Role
from workshop.services import limits, settings, shop_profile, shop_settings, team_rates, teams
from workshop.services.team_rates import TeamRateInfo

PROFILE_FIELDS = (
    Field("name", "店名（打印在单据上）", "Shop name (printed on documents)"),
    Field("address", "地址", "Address"),
    Field("phone", "电话", "Phone"),
    Field("tax_no", "纳税人识别号", "Tax number", placeholder="91440101MA5C..."),
    Field("bank_account", "开户行及账号", "Bank and account"),
    Field("logo_path", "标志图片（PNG/JPG 文件路径）", "Logo (path of a PNG/JPG file)"),
)


class ShopProfileScreen(FormScreen):
    TITLE = ("本店信息", "Shop profile")
    NOTE = ("店名、地址、电话、税号和开户行打印在任务委托书、报价单、结算单和收据上。",
            "The name, address, phone, tax number and bank account are printed on every document.")

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, PROFILE_FIELDS, can_save=ctx.can(Perm.MASTER_DATA))
        self.refresh()

    def load(self) -> dict[str, Any]:
        return dict(shop_profile.get_shop_profile(self.ctx.db).__dict__)

    def store(self, uow: UnitOfWork, actor: Actor, values: dict[str, Any]) -> Any:
        return shop_profile.save_shop_profile(uow, actor, **values)


def rate_fields(ctx: AppContext) -> list[Field]:
    return [
        Field("team", "班组", "Team", "choice", team_choices(ctx.db)),
        Field("cost_rate", "内部工时成本（元/小时）", "Internal labor cost (元/h)"),
        Field("piece_rate", "计件单价（元/工时）", "Piece rate (元 per billed hour)"),
        Field("effective_from", "生效时间（留空 = 现在）", "Takes effect (blank = now)",
              placeholder="2026-12-01 00:00"),
    ]


def save_rates(uow: UnitOfWork, actor: Actor, *, team: str, cost_rate: str, piece_rate: str,
               effective_from: str = "") -> TeamRateInfo:
    """The rates dialog's service (run by the form dialog through the operation runner)."""
    return team_rates.set_team_rates(uow, actor, team, cost_rate=cost_rate, piece_rate=piece_rate,
                                     effective_from=parse_shop_time(effective_from or ""))


class TeamRatesScreen(TableScreen):
    TITLE = ("班组与费率", "Teams and rates")
    HEADERS = (("班组", "Team"), ("内部工时成本 元/h", "Cost 元/h"), ("计件单价 元/工时", "Piece rate"),
               ("生效时间", "Takes effect"), ("录入人", "Entered by"))
    KINDS = frozenset({RecordKind.TEAMS})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.button("设定新费率", "New rates", self.add, ctx.can(Perm.MASTER_DATA))
        self.bar.addStretch(1)
        self.refresh()

    def load(self) -> list[TeamRateInfo]:
        current = team_rates.current_team_rates(self.ctx.db, utcnow())
        in_use = {t.code for t in teams.list_teams(self.ctx.db)}  # a retired team keeps only its history here
        defaults = [r for r in current if r.effective_from is None and r.team in in_use]
        return defaults + team_rates.team_rate_history(self.ctx.db)

    def cells(self, row: TeamRateInfo) -> Sequence[object]:
        when = fmt_shop(row.effective_from) if row.effective_from else self.ctx.tr("默认（未设定）", "default (not set)")
        return (row.team, row.cost_rate, row.piece_rate, when, row.set_by)

    def add(self) -> None:
        ctx = self.ctx
        FormDialog(ctx, ctx.tr("设定班组费率", "Team rates"), rate_fields(ctx), save_rates,
                   parent=self).exec()


SETTING_FIELDS = (
    Field("claim_director_threshold", "索赔订货总监签字金额（元，C2）", "Claim order: director signs above (元, C2)"),
    Field("return_visit_days", "交车后几天内回访（Q1）", "Return visit within days of delivery (Q1)"),
    Field("claim_overdue_days", "索赔件到货未装超期天数（C3）", "Claim parts overdue after days (C3)"),
    Field("closing_time", "下班时间（专用工具归还、计时截止）", "Closing time (tools due back, clocks stop)",
          placeholder="18:00"),
    Field("backup_time", "每日自动备份时间（程序开着时每天一次）", "Daily backup time (once a day while the app is open)",
          placeholder="12:30"),
    Field("appointment_slots", "预约时段（R1）", "Appointment slots (R1)", placeholder="08:30, 10:00, 13:30, 15:00"),
    Field("appointment_capacity.机修", "机修每时段可约（周一到周日）", "机修 places per slot (Mon to Sun)",
          placeholder="3,3,3,3,3,2,2"),
    Field("appointment_capacity.钣喷", "钣喷每时段可约（周一到周日）", "钣喷 places per slot (Mon to Sun)",
          placeholder="1,1,1,1,1,1,0"),
    Field("service_interval", "保养间隔 月/公里（R2）", "Service interval months/km (R2)", placeholder="6/5000"),
    Field("service_intervals_by_model", "按车型的保养间隔", "Service intervals by model",
          placeholder="朗逸=6/7500; 途观L=12/10000"),
    Field("daily_km_default", "新车日均里程（公里）", "A new car's km per day", placeholder="40"),
    Field("reminder_days_ahead", "提前几天提醒", "Remind this many days ahead", placeholder="14"),
    Field("board_refresh_seconds", "车间大屏刷新间隔（秒，W8）", "Floor board refresh (seconds, W8)", placeholder="5"),
    Field("shift_hours", "班次出勤小时（0：按首次上工到末次停工，W6）",
          "Shift hours (0: first clock-on to last clock-off, W6)", placeholder="0"),
    Field("comeback_days", "返修认定天数（W7）", "Comeback within days (W7)", placeholder="30"),
    Field("comeback_deduction_pct", "返修扣回计件比例 %（W7）", "Comeback deduction % of the job's pay (W7)",
          placeholder="100"),
)
PLAIN_SETTINGS = ("return_visit_days", "claim_overdue_days", "closing_time", "backup_time", "appointment_slots",
                  "appointment_capacity.机修", "appointment_capacity.钣喷", "service_interval",
                  "service_intervals_by_model", "daily_km_default", "reminder_days_ahead", "board_refresh_seconds",
                  "shift_hours", "comeback_days", "comeback_deduction_pct")


def claim_threshold_now(ctx: AppContext) -> Decimal:
    rows = limits.limits_table(ctx.db, utcnow())
    return next(r.value for r in rows if r.key == "claim_director_threshold" and r.role == Role.SERVICE_DIRECTOR
                and (r.effective_from is None or r.effective_from <= utcnow()))


class ShopSettingsScreen(FormScreen):
    TITLE = ("系统设置", "Settings")
    NOTE = ("折扣与毛利限额在「审批 → 限额」中设定。", "Discount and margin limits are set under Approvals → Limits.")

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, SETTING_FIELDS, can_save=ctx.can(Perm.LIMITS_SET))
        self.refresh()

    def load(self) -> dict[str, Any]:
        values: dict[str, Any] = {k: v for k, v in settings.current_settings(self.ctx.db).items()
                                  if k in PLAIN_SETTINGS}
        values["claim_director_threshold"] = claim_threshold_now(self.ctx)
        return values

    def store(self, uow: UnitOfWork, actor: Actor, values: dict[str, Any]) -> Any:
        """One transaction: the settings, R2's due dates again if an interval changed, the C2 threshold."""
        shop_settings.save_shop_settings(uow, actor, {k: values[k] for k in PLAIN_SETTINGS},
                                         claim_director_threshold=values["claim_director_threshold"])
        return values
