"""Q3: the figures the department is managed by. Each figure is defined here once — its name, its title,
the definition shown as its tooltip (and printed in reports), the SQL query that computes it and the list
behind it. The screens, the CSV/JSON reports, the weekly PDF and `workshop bench` all read this registry.

The queries live in dashboards_director / _floor / _parts / _desk; everything aggregates in SQL."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

from workshop.db.uow import Database
from workshop.domain.errors import NotFound
from workshop.domain.lang import tr
from workshop.domain.roles import Actor, Role
from workshop.queries import dashboards_appointments as appts
from workshop.queries import dashboards_desk as desk
from workshop.queries import dashboards_director as director
from workshop.queries import dashboards_efficiency as efficiency
from workshop.queries import dashboards_floor as floor
from workshop.queries import dashboards_parts as parts
from workshop.queries import receivables as receivables
from workshop.queries.dashboards_base import Column, FigureData, Params, csv_value, last_days
from workshop.queries.dashboards_lists import WO_COLUMNS, Row

Query = Callable[[Database, Params], FigureData]
Drill = Callable[[Database, Params, Any, int, int], list[Row]]


@dataclass(frozen=True)
class Figure:
    name: str
    title_zh: str
    title_en: str
    definition_zh: str
    definition_en: str
    query: Query
    chart: str = "bar"            # line (time series), bar (per category), hist (histogram), table
    value: str = "count"          # the column the chart draws
    note: str | None = None       # a column written above each bar (e.g. the margin %)
    note_format: tuple[str, str] = ("{}", "{}")  # how the note reads, zh / en
    personal: bool = False        # "my ...": the advisor's own when Params.user_id is given
    drill: Drill | None = None    # the list behind a bar: drill(db, params, key, offset, limit)
    drill_columns: tuple[Column, ...] = ()
    key: str | None = None        # the column whose value the drill-down takes (default: the first)
    uses_dates: bool = True       # False: a snapshot of now; the date range does not apply
    uses_kind: bool = True        # the work-order kind filter applies
    periods: bool = False         # W6: the card switches between the range and per day / week / month

    def title(self, lang: str) -> str:
        return tr(lang, self.title_zh, self.title_en)

    def definition(self, lang: str) -> str:
        return tr(lang, self.definition_zh, self.definition_en)

    def note_text(self, text: str, lang: str) -> str:
        return tr(lang, self.note_format[0], self.note_format[1]).format(text)

    def run(self, db: Database, params: Params) -> FigureData:
        return self.query(db, params)

    def drill_key(self, data: FigureData, row: int) -> Any:
        return data.rows[row][data.column(self.key) if self.key else 0]

    def drill_page(self, db: Database, params: Params, key: Any, offset: int, limit: int) -> list[Row]:
        if self.drill is None:
            return []
        return self.drill(db, params, key, offset, limit)


FIGURES: tuple[Figure, ...] = (
    # --- service director ---
    Figure("work_orders_per_day", "每日开单数", "Work orders per day",
           "每天新开的工单数（按开单时间，上海时间；不含已取消的工单）。",
           "Work orders opened per day (by opening time, shop time; cancelled ones not counted).",
           director.work_orders_per_day, chart="line", drill=director.opened_on_day, drill_columns=WO_COLUMNS),
    Figure("revenue_margin_by_kind", "营业额与毛利率（按类型）", "Revenue and gross margin by kind",
           "所选期间结算的工单，按类型。营业额 = 折后结算金额；毛利率 = (营业额 − 成本) / 营业额，"
           "成本 = 配件移动平均成本 + 工时 × 班组内部成本率（A5，与结算核算同一口径）。",
           "Work orders settled in the range, by kind. Revenue = the settled total after discount; gross margin "
           "= (revenue − cost) / revenue, cost = parts at moving average + hours × the team's internal cost "
           "rate (A5, the same figure the settlement check uses).",
           director.revenue_margin_by_kind, value="revenue", note="margin_pct",
           drill=director.settled_of_kind, drill_columns=director.SETTLED_COLUMNS),
    Figure("labor_by_kind", "有效工时单价与单均工时", "Effective labor rate and hours per work order",
           "有效工时单价 = 工时收入 / 计费工时；单均工时 = 计费工时 / 结算工单数。统计所选期间结算的工单；"
           "工时收入为工单的工时金额（折前），计费工时为工单上各维修项目工时之和。",
           "Effective labor rate = labor revenue / billed hours; hours per work order = billed hours / settled "
           "work orders. Work orders settled in the range; labor revenue is the work order's labor amount "
           "(before discount), billed hours the sum of its labor lines' hours.",
           director.labor_by_kind, value="rate", note="hours_per_wo", note_format=("{} 时/单", "{} h/WO"),
           drill=director.settled_of_kind, drill_columns=director.SETTLED_COLUMNS),
    Figure("discounts_by_advisor", "折扣（按顾问）与每周限额", "Discounts per advisor against the weekly quota",
           "每位服务顾问在结束日期所在周（周一至周日，上海时间）打折的工单数（只计有效折扣，同一工单算一次，"
           "与给折扣时的检查同一算法），对照前台主管的每周限额（A1，默认 5 单，以限额设置为准）；超过限额的须经"
           "审批，列出其中经审批的单数；另列所选期间的单数与金额。",
           "Work orders each advisor discounted in the week of the end date (Monday to Sunday, shop time; "
           "discounts in force, a work order once — counted as the A1 check counts them) against the "
           "front-desk lead's weekly quota (default 5; the limit setting wins); beyond it an approval is needed, "
           "so the approved ones are shown; the range's count and amount beside.",
           director.discounts_by_advisor, value="week_count", key="advisor_id", uses_kind=False,
           drill=director.discounts_of_advisor, drill_columns=director.DISCOUNT_COLUMNS),
    Figure("approvals_pending", "待审批", "Approvals pending",
           "尚未决定的审批请求（A4），按类型；最早提交时间表示已等待多久。",
           "Approval requests not yet decided (A4), by kind; the oldest request shows how long they wait.",
           director.approvals_pending, uses_dates=False, uses_kind=False,
           drill=director.pending_of_kind, drill_columns=director.APPROVAL_COLUMNS),
    Figure("complaints_open", "未结投诉", "Complaints open",
           "未归档的投诉，按处理阶段（Q2）；答复超期 = 受理后 24 小时内未答复，验证超期 = 3 个工作日内未验证。",
           "Complaints not archived, by step (Q2); answer overdue = not answered within 24 h, verification "
           "overdue = not verified within 3 working days.",
           director.complaints_open, uses_dates=False, uses_kind=False,
           drill=director.complaints_in_state, drill_columns=director.COMPLAINT_COLUMNS),
    Figure("receivables", "应收账款账龄（按付款方）", "Receivables aging by payer",
           "保险公司与厂家尚未结清的应收（M5：已开账、已核准未回款、已拒付未处理），按付款方和开账至今的天数"
           "（0–30、31–60、61–90、>90 天）；金额 = 核准金额（未核准时为开账金额）− 已回款。",
           "What insurers and the manufacturer still owe (M5: billed, approved and not yet paid, rejected and "
           "not yet settled), by payer and days since billed (0–30, 31–60, 61–90, >90); amount = the approved "
           "amount (the billed one before approval) − what was paid.",
           receivables.receivables_aging, chart="table", value="total", uses_dates=False, uses_kind=False,
           drill=receivables.receivables_of_payer, drill_columns=receivables.LIST_COLUMNS),
    # --- workshop manager ---
    Figure("cars_in_workshop", "在厂车辆（按状态）", "Cars in the workshop by state",
           "现在在车间的车辆（已开工、维修中、已竣工、质检通过），按状态；小时数从开工算起。",
           "Cars in the workshop now (started, in progress, completed, inspected), by state; hours count "
           "from the job start.", floor.cars_in_workshop, note="avg_hours", note_format=("均 {} 时", "avg {} h"),
           uses_dates=False,
           drill=floor.in_state, drill_columns=floor.STARTED_COLUMNS),
    Figure("time_in_workshop", "在厂时长分布", "Time in workshop",
           "在厂时长 = 交车时间 − 开单（接车）时间，统计所选期间交车的工单，按时长分组。",
           "Time in workshop = delivery time − opening (reception) time, for work orders delivered in the "
           "range, grouped by length.", floor.time_in_workshop, chart="hist",
           drill=floor.stay_in_bucket, drill_columns=floor.DELIVERED_COLUMNS),
    Figure("technician_load", "技工负荷", "Technician load",
           "每位技工（及班组长）在在厂工单上未完工的维修项目工时；项目未指定技工时，算工单的主修技工。",
           "Open (not done) labor hours of each technician (and team leader) on cars in the workshop; a line "
           "without its own technician counts for the work order's technician.",
           floor.technician_load, value="hours", key="user_id", uses_dates=False,
           drill=floor.jobs_of_technician, drill_columns=floor.LOAD_COLUMNS),
    Figure("late_work_orders", "超时工单（按班组）", "Late work orders by team",
           "在车间的工单中已超时的，按班组（与车间看板同一规则）：质检通过前已过预计完工时间——有承诺交车时间"
           "按承诺时间，否则按优先级的解决时限（F7：紧急 24 小时、重要 72 小时、一般 5 个工作日，从开单算起）。",
           "Late work orders in the workshop, by team (the workshop board's rule): not through QC by the "
           "expected finish — the promised time, else the priority's resolve time (F7: urgent 24 h, important "
           "72 h, normal 5 working days from opening).",
           floor.late_work_orders, value="late", uses_dates=False,
           drill=floor.late_of_team, drill_columns=floor.LATE_COLUMNS),
    Figure("first_time_fix", "一次修复率", "First-time fix rate",
           "一次修复率 = 未返修的交车数 / 交车数。返修 = 同一车辆在交车后 30 天内又开了新工单（不含已取消的）。"
           "统计所选期间交车的工单；内部工单不计（部门车辆的内部领用不是返修）。",
           "First-time fix rate = deliveries without a comeback / deliveries. A comeback = a new work order "
           "(not cancelled) for the same vehicle within 30 days after delivery. Work orders delivered in the "
           "range; internal work orders are left out (a department's consumables are not a repair).", floor.first_time_fix, value="ftf_pct",
           drill=floor.comebacks_of_kind, drill_columns=floor.COMEBACK_COLUMNS),
    Figure("technician_efficiency", "技工效率与生产率", "Technician efficiency and productivity",
           "效率 = 计费工时 / 实际工时：所选期间完工的维修项目的标准工时 × 派工比例，对比该技工在这些项目上的打卡"
           "工时（扣除暂停）。生产率 = 打卡工时 / 出勤工时：期间内开始的打卡；出勤按每天第一次上工到最后一次停工"
           "（或按设置的班次小时数）。",
           "Efficiency = billed ÷ clocked hours: the standard hours × dispatch share of the jobs finished in the "
           "range, against the technician's clocked time on those jobs (less pauses). Productivity = clocked ÷ "
           "attended hours: clocks started in the range; attendance from each day's first clock-on to the last "
           "clock-off (or the shift hours setting).",
           efficiency.technician_efficiency, value="efficiency_pct", note="productivity_pct",
           note_format=("生产率 {}", "prod. {}"), key="key", uses_kind=False, periods=True,
           drill=efficiency.jobs_of_technician, drill_columns=efficiency.JOB_COLUMNS),
    Figure("team_efficiency", "班组效率与生产率", "Team efficiency and productivity",
           "同“技工效率与生产率”，按班组汇总。",
           "As technician efficiency and productivity, summed per team.",
           efficiency.team_efficiency, value="efficiency_pct", note="productivity_pct",
           note_format=("生产率 {}", "prod. {}"), key="key", uses_kind=False, periods=True,
           drill=efficiency.jobs_of_team, drill_columns=efficiency.JOB_COLUMNS),
    # --- parts ---
    Figure("stock_value", "库存金额", "Stock value",
           "库存金额 = Σ 库存数量 × 移动平均成本（P8），按最近一次出入库距今的天数分组；超过积压天数"
           "（设置，默认 180 天）没有出入库的为积压件。",
           "Stock value = Σ quantity on hand × moving-average cost (P8), grouped by days since the last "
           "movement; no movement for the dead-stock days (setting, default 180) is dead stock.",
           parts.stock_value, value="value", uses_dates=False, uses_kind=False,
           drill=parts.parts_of_age, drill_columns=parts.PART_COLUMNS),
    Figure("fill_rate", "配件满足率", "Parts fill rate",
           "满足率 = 首次申领即足量发出的配件行 / 已申领的配件行，统计所选期间开单的工单。",
           "Fill rate = part lines issued in full at the first request / part lines requested, for work "
           "orders opened in the range.", parts.fill_rate, value="fill_pct",
           drill=parts.short_lines_of_kind, drill_columns=parts.SHORT_COLUMNS),
    Figure("dead_stock", "积压件", "Dead stock",
           "积压件：有库存，且超过积压天数（设置，默认 180 天）没有任何出入库。按库存金额从高到低。",
           "Dead stock: on hand, with no stock movement for the dead-stock days (setting, default 180). "
           "Highest value first.", parts.dead_stock, chart="table", uses_dates=False, uses_kind=False,
           drill=parts.all_dead, drill_columns=parts.PART_COLUMNS),
    Figure("low_stock", "低库存", "Low stock",
           "库存不高于最低库存的配件（只看设了最低库存的，与库存页“低库存”筛选相同）。按缺口从大到小。",
           "Parts at or below their minimum stock (only those with a minimum; as the stock screen's 'low' "
           "filter). Largest shortfall first.",
           parts.low_stock, chart="table", uses_dates=False, uses_kind=False,
           drill=parts.all_low, drill_columns=parts.PART_COLUMNS),
    Figure("claim_deposits", "索赔订金", "Claim deposits",
           "未退的索赔订金（C1）；其中配件已到货未装车的，以及到货超过设定天数（默认 14 天，C3）仍未装车的。",
           "Claim deposits not refunded (C1); of them, those whose part arrived and is not fitted, and those "
           "not fitted within the set days after arrival (default 14, C3).",
           parts.claim_deposits, value="amount", note="count", note_format=("{} 笔", "{}"), uses_dates=False,
           uses_kind=False,
           drill=parts.deposits_in, drill_columns=parts.DEPOSIT_COLUMNS),
    Figure("tools_out", "专用工具借出", "Special tools out",
           "借出未还的专用工具（已报失的不算）；过了应还时间即为超期（T2）。",
           "Special tools lent and not returned (lost ones not counted); past the due time they are overdue (T2).",
           parts.tools_out, uses_dates=False, uses_kind=False,
           drill=parts.loans_in, drill_columns=parts.LOAN_COLUMNS),
    # --- front desk ---
    Figure("my_open_work_orders", "我的未结工单", "My open work orders",
           "我负责的未结工单（草稿到已结算），按状态；超时同车间看板（F7），草稿超过响应时限（2/4/8 小时）未开工也算超时。",
           "Open work orders I am responsible for (draft to settled), by state; late as on the workshop board "
           "(F7), and a draft not started within the respond time (2/4/8 h) is late too.",
           desk.my_open_work_orders, note="late", note_format=("超时 {}", "{} late"), uses_dates=False,
           personal=True,
           drill=desk.my_in_state, drill_columns=WO_COLUMNS),
    Figure("return_visits_due", "待回访", "Return visits due",
           "我负责的工单交车后待做的回访（Q1），已超期、今天到期和 7 天内到期的。",
           "Return visits (Q1) not yet done on my work orders: overdue, due today and due within 7 days.",
           desk.return_visits_due, uses_dates=False, uses_kind=False, personal=True,
           drill=desk.visits_in, drill_columns=desk.VISIT_COLUMNS),
    Figure("return_visit_results", "回访结果", "Return visit results",
           "期间内交车的工单的回访（Q1），按结果：已接通、未接通（已打完规定次数）、客户拒绝、待回访；电话次数"
           "与回访分开计数，平均满意度只算接通的回访。",
           "Return visits (Q1) of the work orders delivered in the period, by outcome: reached, not reached "
           "(every try made), refused, still to call; calls are counted apart from visits, and the average "
           "satisfaction covers reached visits only.",
           desk.return_visit_results, personal=True, drill=desk.return_visits_in, drill_columns=desk.RV_COLUMNS),
    Figure("appointment_rate", "预约率", "Appointment rate",
           "预约率 = 由预约到店开出的工单 / 所选期间开出的工单（不含已取消和内部工单，R1）。",
           "Appointment rate = work orders opened from an appointment's arrival / work orders opened in the range "
           "(cancelled and internal ones left out, R1).",
           appts.appointment_rate, drill=appts.work_orders_of_source, drill_columns=appts.SOURCE_COLUMNS),
    Figure("show_rate", "预约到店率", "Appointment show rate",
           "预约日期在所选期间的预约，按结果；到店率 = 已到店 / (已到店 + 未到店)，已取消和仍待到店的不计（R1）。",
           "Appointments dated in the range, by outcome; show rate = arrived / (arrived + no-show); cancelled "
           "and still-booked ones are left out (R1).",
           appts.show_rate, uses_kind=False, drill=appts.appointments_in_state, drill_columns=appts.STATE_COLUMNS),
)

_BY_NAME = {f.name: f for f in FIGURES}


def figure(name: str) -> Figure:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise NotFound(f"没有名为 {name} 的报表。", f"There is no report named {name}.") from None


@dataclass(frozen=True)
class Dashboard:
    key: str
    title_zh: str
    title_en: str
    roles: frozenset[Role]
    figures: tuple[str, ...]

    def title(self, lang: str) -> str:
        return tr(lang, self.title_zh, self.title_en)


DASHBOARDS: tuple[Dashboard, ...] = (
    Dashboard("director", "服务总监", "Service director", frozenset({Role.SERVICE_DIRECTOR}),
              ("work_orders_per_day", "revenue_margin_by_kind", "labor_by_kind", "discounts_by_advisor",
               "approvals_pending", "complaints_open", "receivables")),
    Dashboard("workshop", "车间经理", "Workshop manager",
              frozenset({Role.SERVICE_DIRECTOR, Role.WORKSHOP_MANAGER, Role.TEAM_LEADER}),
              ("cars_in_workshop", "time_in_workshop", "technician_load", "late_work_orders", "first_time_fix",
               "technician_efficiency", "team_efficiency")),
    Dashboard("parts", "备件", "Parts",
              frozenset({Role.SERVICE_DIRECTOR, Role.WORKSHOP_MANAGER, Role.PARTS_CLERK}),
              ("stock_value", "fill_rate", "dead_stock", "low_stock", "claim_deposits", "tools_out")),
    Dashboard("front_desk", "前台", "Front desk",
              frozenset({Role.SERVICE_DIRECTOR, Role.FRONT_DESK_LEAD, Role.ADVISOR, Role.CUSTOMER_SERVICE}),
              ("my_open_work_orders", "return_visits_due", "return_visit_results", "appointment_rate",
               "show_rate", "discounts_by_advisor", "complaints_open")),
)

# the actor's main role decides the dashboard shown first
_MAIN_ROLE_ORDER = ((Role.SERVICE_DIRECTOR, "director"), (Role.WORKSHOP_MANAGER, "workshop"),
                    (Role.TEAM_LEADER, "workshop"), (Role.PARTS_CLERK, "parts"))


def dashboards_for(actor: Actor) -> tuple[Dashboard, ...]:
    return tuple(d for d in DASHBOARDS if d.roles & actor.roles)


def default_dashboard(actor: Actor) -> Dashboard:
    mine = dashboards_for(actor) or (DASHBOARDS[-1],)
    for role, key in _MAIN_ROLE_ORDER:
        if role in actor.roles:
            return next(d for d in mine if d.key == key)
    return next((d for d in mine if d.key == "front_desk"), mine[0])


def dashboard(key: str) -> Dashboard:
    for d in DASHBOARDS:
        if d.key == key:
            return d
    raise NotFound(f"没有名为 {key} 的看板。", f"There is no dashboard named {key}.")


# --- export ----------------------------------------------------------------------------------------------
def write_csv(fig: Figure, data: FigureData, out: TextIO, lang: str = "zh") -> None:
    """The figure as CSV: its table with translated labels and plain numbers, then the headline figures."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.title(lang) for c in data.columns])
    for row in data.rows:
        writer.writerow([csv_value(v, c.fmt, lang) for v, c in zip(row, data.columns, strict=True)])
    for h in data.headline:
        writer.writerow([h.title(lang), csv_value(h.value, h.fmt, lang)])


def as_records(data: FigureData) -> list[dict[str, Any]]:
    return [dict(zip((c.key for c in data.columns), row, strict=True)) for row in data.rows]


# --- for `workshop bench`: every figure over the last 90 days --------------------------------------------
def _bench(fig: Figure) -> Callable[[Database], object]:
    return lambda db: fig.run(db, last_days(90))


BENCH_QUERIES: list[tuple[str, Callable[[Database], object]]] = [(f.name, _bench(f)) for f in FIGURES]
