"""The registry of main screens, in navigation order. Each owner replaces only their own factory.

A screen shows in the side bar when the user holds `perm` and, if `uses` is given, at least one of those
permissions (what the screen is *for*: the parts clerk has VIEW but no use for 审批). Each role lands on its
own screen (HOME_BY_ROLE), the first of the user's roles in that order deciding."""

from __future__ import annotations

from dataclasses import dataclass

from workshop.domain.roles import Actor, Perm, Role


@dataclass(frozen=True)
class ScreenSpec:
    key: str
    title_zh: str
    title_en: str
    perm: Perm
    factory: str  # "module:ClassName", constructed as Class(ctx)
    uses: tuple[Perm, ...] = ()

    def visible_to(self, actor: Actor) -> bool:
        return actor.has(self.perm) and (not self.uses or any(actor.has(p) for p in self.uses))


_FLOOR = (Perm.JOB_TAKE, Perm.JOB_ASSIGN, Perm.QC_DECIDE, Perm.WORK_ORDER_OPEN, Perm.CLAIM_SIGN_DIRECTOR)
_STOCK = (Perm.PART_ISSUE, Perm.STOCK_RECEIVE, Perm.WORK_ORDER_OPEN, Perm.JOB_ASSIGN, Perm.CLAIM_SIGN_DIRECTOR)
_CLAIMS = (Perm.CLAIM_EDIT, Perm.CLAIM_RECEIVE, Perm.CLAIM_SIGN_MANAGER, Perm.CLAIM_SIGN_DIRECTOR)
_TOOLS = (Perm.TOOL_LEND, Perm.TOOL_EDIT, Perm.JOB_TAKE)
_APPROVALS = (Perm.APPROVAL_DECIDE, Perm.DISCOUNT_GIVE, Perm.WORK_ORDER_SETTLE, Perm.DISCOUNT_REPORT,
              Perm.LIMITS_SET)

SCREENS: tuple[ScreenSpec, ...] = (
    ScreenSpec("front_desk", "前台接待", "Front desk", Perm.WORK_ORDER_OPEN, "ui.front_desk.screen:FrontDeskScreen"),
    ScreenSpec("workshop_board", "车间看板", "Workshop board", Perm.VIEW, "ui.workshop_floor.board:WorkshopBoardScreen",
               _FLOOR),
    ScreenSpec("floor_terminal", "车间终端", "Floor terminal", Perm.JOB_TAKE,
               "ui.workshop_floor.terminal:FloorTerminalScreen"),
    ScreenSpec("floor_board", "车间大屏", "Floor board", Perm.VIEW, "ui.workshop_floor.floor_board:FloorBoardScreen",
               _FLOOR),
    ScreenSpec("piece_rate", "计件工资", "Piece-rate pay", Perm.DASHBOARD, "ui.workshop_floor.piece_rate_screen:PieceRateScreen",
               (Perm.PIECE_RATE_CLOSE,)),
    ScreenSpec("qc", "质检", "Quality check", Perm.QC_DECIDE, "ui.quality.qc:QcScreen"),
    ScreenSpec("parts_counter", "备件发料", "Parts counter", Perm.PART_ISSUE, "ui.parts_counter.counter_screen:PartsCounterScreen"),
    ScreenSpec("stock", "库存", "Stock", Perm.VIEW, "ui.parts_counter.stock_screen:StockScreen", _STOCK),
    ScreenSpec("purchase_orders", "采购订单", "Purchase orders", Perm.PURCHASE, "ui.parts_counter.purchase_orders:PurchaseOrdersScreen"),
    ScreenSpec("cashier", "收银台", "Cashier", Perm.PAYMENT_TAKE, "ui.cashier.screen:CashierScreen"),
    ScreenSpec("receivables", "应收与挂账", "Receivables & accounts", Perm.VIEW, "ui.cashier.receivables:ReceivablesScreen",
               (Perm.RECEIVABLE_EDIT, Perm.ACCOUNT_LIMIT_SET)),
    ScreenSpec("gate", "门岗放行", "Gate", Perm.GATE_PASS, "ui.cashier.gate:GateScreen"),
    ScreenSpec("claims", "索赔订货", "Claim orders", Perm.VIEW, "ui.claims.screen:ClaimsScreen", _CLAIMS),
    ScreenSpec("tools", "专用工具", "Special tools", Perm.VIEW, "ui.tools.screen:ToolsScreen", _TOOLS),
    ScreenSpec("approvals", "审批", "Approvals", Perm.VIEW, "ui.approvals.screen:ApprovalsScreen", _APPROVALS),
    ScreenSpec("appointments", "预约", "Appointments", Perm.APPOINTMENT_BOOK, "ui.appointments.calendar:AppointmentsScreen"),
    ScreenSpec("reminders", "保养提醒", "Reminders", Perm.REMINDER_CALL, "ui.appointments.reminders:RemindersScreen"),
    ScreenSpec("declined_work", "未完成建议", "Declined work", Perm.VIEW, "ui.front_desk.declined_report:DeclinedWorkScreen",
               (Perm.WORK_ORDER_OPEN, Perm.RETURN_VISIT, Perm.DASHBOARD)),
    ScreenSpec("customer_service", "回访与投诉", "Follow-up & complaints", Perm.RETURN_VISIT, "ui.quality.customer_service:CustomerServiceScreen"),
    ScreenSpec("dashboard", "统计看板", "Dashboard", Perm.DASHBOARD, "ui.dashboard.screen:DashboardScreen"),
    ScreenSpec("admin_users", "用户管理", "Users", Perm.USER_ADMIN, "ui.admin.users:UsersScreen"),
    ScreenSpec("admin_shop", "本店信息", "Shop profile", Perm.MASTER_DATA, "ui.admin.shop_setup:ShopProfileScreen"),
    ScreenSpec("admin_teams", "班组与费率", "Teams and rates", Perm.MASTER_DATA, "ui.admin.teams:TeamsAndRatesPage"),
    ScreenSpec("admin_settings", "系统设置", "Settings", Perm.LIMITS_SET, "ui.admin.shop_setup:ShopSettingsScreen"),
    ScreenSpec("admin_labor", "工时目录", "Labor catalog", Perm.MASTER_DATA, "ui.admin.labor_catalog:LaborCatalogScreen"),
    ScreenSpec("admin_parts", "配件目录", "Parts catalog", Perm.PART_CATALOG_EDIT, "ui.admin.parts_catalog:PartsCatalogScreen"),
    ScreenSpec("admin_suppliers", "供应商", "Suppliers", Perm.PART_CATALOG_EDIT, "ui.admin.parts_catalog:SuppliersScreen"),
    ScreenSpec("admin_bins", "库位", "Bins", Perm.PART_CATALOG_EDIT, "ui.admin.parts_catalog:BinsScreen"),
    ScreenSpec("admin_audit", "审计日志", "Audit log", Perm.AUDIT_VIEW, "ui.admin.audit:AuditScreen"),
    ScreenSpec("admin_backup", "备份与恢复", "Backup & restore", Perm.BACKUP, "ui.admin.backup:BackupScreen"),
    ScreenSpec("admin_imports", "数据导入", "Imports", Perm.PART_CATALOG_EDIT, "ui.admin.imports:ImportScreen"),
    ScreenSpec("admin_bays", "工位与举升机", "Bays and lifts", Perm.LIMITS_SET, "ui.admin.bays:BaysScreen"),
    ScreenSpec("admin_calendar", "工作日历", "Working calendar", Perm.LIMITS_SET, "ui.admin.calendar:CalendarScreen"),
)

# in priority order: a user with several roles lands on the screen of the first one listed here
HOME_BY_ROLE: tuple[tuple[Role, str], ...] = (
    (Role.ADMIN, "admin_users"),
    (Role.SERVICE_DIRECTOR, "dashboard"),
    (Role.WORKSHOP_MANAGER, "workshop_board"),
    (Role.FRONT_DESK_LEAD, "front_desk"),
    (Role.ADVISOR, "front_desk"),
    (Role.PARTS_CLERK, "parts_counter"),
    (Role.CASHIER, "cashier"),
    (Role.CUSTOMER_SERVICE, "customer_service"),
    (Role.QC_INSPECTOR, "qc"),
    (Role.TEAM_LEADER, "workshop_board"),
    (Role.TECHNICIAN, "workshop_board"),
)


def visible_screens(actor: Actor) -> list[ScreenSpec]:
    return [s for s in SCREENS if s.visible_to(actor)]


def home_screen(actor: Actor) -> str | None:
    """The key of the screen this user starts on (None: no screen at all)."""
    keys = [s.key for s in visible_screens(actor)]
    for role, key in HOME_BY_ROLE:
        if actor.has_role(role) and key in keys:
            return key
    return keys[0] if keys else None
