"""THE registry of the shop's words: the Chinese and English label of every state and kind a record stores.

`label(member, lang)` names an enum member; `label_of(Enum, code, lang)` names a code read from a record (an
unknown code from older data is shown as it is, None as ""); `choices(Enum, lang)` lists (code, label) pairs in
the enum's order for a combo box. The UI, printing and the CLI take these names from here and nowhere else
(tests/unit/domain/test_labels.py checks that every member has both labels and that no ui/ or printing module
keeps a label table of its own). A new work-order kind's label is one line in KIND below.

The enum modules that need a label inside a rule (an error sentence) import this module inside the function:
this module imports them.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, TypeVar

from workshop.domain.appointments import ApptState, Channel
from workshop.domain.approval_kinds import REGISTRY as APPROVAL_REGISTRY
from workshop.domain.approval_kinds import ApprovalKind, ApprovalState
from workshop.domain.codes import (
    AddedState,
    BayKind,
    BoardClock,
    ClaimState,
    ConsentMethod,
    InvoiceKind,
    MatchField,
    MoveKind,
    PurchaseOrderState,
    ReleaseBasis,
    ToolState,
)
from workshop.domain.complaints import ComplaintState, ComplaintStep
from workshop.domain.declined_work import DeclinedSource, DeclinedState
from workshop.domain.job_clock import ClockStatus, PauseReason
from workshop.domain.master_data import LaborKind
from workshop.domain.payers import Payer
from workshop.domain.payments import EntryKind, Method
from workshop.domain.receivables import RecState
from workshop.domain.reminders import CallOutcome, ReminderKind
from workshop.domain.return_visit import Outcome
from workshop.domain.roles import Role
from workshop.domain.vehicle import PlateKind
from workshop.domain.walkaround import DamageKind, TyrePosition, TyreState, WarningLamp
from workshop.domain.work_order import ChargingMode, Kind, Priority, State

E = TypeVar("E", bound=StrEnum)
Pair = tuple[str, str]  # (中文, English)

# --- work orders (F2, F4) ---
STATE: dict[State, Pair] = {
    State.DRAFT: ("草稿", "Draft"), State.STARTED: ("已开工", "Started"),
    State.IN_PROGRESS: ("维修中", "In progress"), State.COMPLETED: ("已竣工", "Completed"),
    State.INSPECTED: ("质检通过", "QC passed"), State.SETTLED: ("已结算", "Settled"),
    State.DELIVERED: ("已交车", "Delivered"), State.CLOSED: ("已关闭", "Closed"),
    State.CANCELLED: ("已取消", "Cancelled"),
}
KIND: dict[Kind, Pair] = {
    Kind.GENERAL: ("一般维修", "General repair"), Kind.MAINTENANCE: ("保养", "Maintenance"),
    Kind.ACCIDENT: ("事故车", "Accident"), Kind.WARRANTY: ("索赔", "Warranty"), Kind.INTERNAL: ("内部", "Internal"),
}
PRIORITY: dict[Priority, Pair] = {
    Priority.URGENT: ("紧急", "Urgent"), Priority.IMPORTANT: ("重要", "Important"), Priority.NORMAL: ("一般", "Normal"),
}
CHARGING: dict[ChargingMode, Pair] = {
    ChargingMode.PAID: ("有费", "Paid"), ChargingMode.CONTRACT: ("合同", "Contract"), ChargingMode.FREE: ("免费", "Free"),
}
PAYER: dict[Payer, Pair] = {
    Payer.CUSTOMER: ("客户", "Customer"), Payer.INSURER: ("保险公司", "Insurer"),
    Payer.MANUFACTURER: ("厂家", "Manufacturer"), Payer.INTERNAL: ("内部部门", "Internal"),
}
ADDED: dict[AddedState, Pair] = {
    AddedState.PROPOSED: ("待客户确认", "Awaiting customer"), AddedState.CONFIRMED: ("客户已同意", "Agreed"),
    AddedState.DECLINED: ("客户不同意", "Declined"),
}
CONSENT: dict[ConsentMethod, Pair] = {ConsentMethod.IN_PERSON: ("当面", "in person"), ConsentMethod.PHONE: ("电话", "by phone")}
LABOR_KIND: dict[LaborKind, Pair] = {
    LaborKind.REPAIR: ("机电维修", "Repair"), LaborKind.MAINTENANCE: ("保养", "Maintenance"),
    LaborKind.BODY: ("钣金", "Body"), LaborKind.PAINT: ("喷漆", "Paint"), LaborKind.DIAGNOSIS: ("检测诊断", "Diagnosis"),
    LaborKind.ELECTRICAL: ("电器", "Electrical"),
}

# --- people ---
ROLE: dict[Role, Pair] = {
    Role.ADVISOR: ("服务顾问", "Service advisor"), Role.FRONT_DESK_LEAD: ("前台主管", "Front-desk lead"),
    Role.TECHNICIAN: ("维修技工", "Technician"), Role.TEAM_LEADER: ("班组长", "Team leader"),
    Role.QC_INSPECTOR: ("检验员", "QC inspector"), Role.PARTS_CLERK: ("备件员", "Parts clerk"),
    Role.WORKSHOP_MANAGER: ("车间经理", "Workshop manager"), Role.SERVICE_DIRECTOR: ("服务总监", "Service director"),
    Role.CUSTOMER_SERVICE: ("客服", "Customer service"), Role.ADMIN: ("管理员", "Administrator"),
    Role.CASHIER: ("收银员", "Cashier"),
}

# --- approvals: the kinds' titles are their KindSpec's (the approval registry says how a kind is shown) ---
APPROVAL_KIND: dict[ApprovalKind, Pair] = {k: (s.title_zh, s.title_en) for k, s in APPROVAL_REGISTRY.items()}
APPROVAL_STATE: dict[ApprovalState, Pair] = {
    ApprovalState.PENDING: ("待审批", "Pending"), ApprovalState.APPROVED: ("已批准", "Approved"),
    ApprovalState.REFUSED: ("已拒绝", "Refused"), ApprovalState.WITHDRAWN: ("已撤回", "Withdrawn"),
    ApprovalState.VOID: ("已失效", "Void"),
}

# --- money ---
METHOD: dict[Method, Pair] = {
    Method.CASH: ("现金", "Cash"), Method.WECHAT: ("微信支付", "WeChat Pay"), Method.ALIPAY: ("支付宝", "Alipay"),
    Method.CARD: ("银行卡", "Bank card"), Method.TRANSFER: ("转账", "Transfer"), Method.DEPOSIT: ("订金抵扣", "Deposit applied"),
}
ENTRY: dict[EntryKind, Pair] = {EntryKind.PAYMENT: ("收款", "Payment"), EntryKind.VOID: ("作废", "Void")}
RECEIVABLE: dict[RecState, Pair] = {
    RecState.BILLED: ("已开账", "Billed"), RecState.APPROVED: ("已核准", "Approved"), RecState.PAID: ("已回款", "Paid"),
    RecState.REJECTED: ("已拒付", "Rejected"), RecState.REBILLED: ("转客户", "Billed to customer"),
    RecState.WRITTEN_OFF: ("已核销", "Written off"),
}
RELEASE_BASIS: dict[ReleaseBasis, Pair] = {
    ReleaseBasis.PAID: ("客户款项已付清", "the customer has paid in full"),
    ReleaseBasis.NOTHING_OWED: ("客户无需付款（保险/厂家/内部）", "nothing owed by the customer (insurer/manufacturer/internal)"),
    ReleaseBasis.ACCOUNT: ("挂账单位，额度内", "an account customer within its limit"),
}
INVOICE_KIND: dict[InvoiceKind, Pair] = {InvoiceKind.NORMAL: ("普票", "Ordinary invoice"),
                                         InvoiceKind.SPECIAL: ("专票", "Special VAT invoice")}

# --- parts, claims, tools ---
CLAIM: dict[ClaimState, Pair] = {
    ClaimState.DRAFT: ("待签字", "Awaiting signatures"), ClaimState.SIGNED: ("已签字", "Signed"),
    ClaimState.ORDERED: ("已订货", "Ordered"), ClaimState.ARRIVED: ("已到货", "Arrived"),
    ClaimState.REFUNDED: ("已退订金", "Deposit refunded"), ClaimState.CANCELLED: ("已取消", "Cancelled"),
}
MOVE: dict[MoveKind, Pair] = {
    MoveKind.RECEIPT: ("入库", "Receipt"), MoveKind.CLAIM_RECEIPT: ("索赔件到货", "Claim part in"),
    MoveKind.ISSUE: ("发料", "Issue"), MoveKind.RETURN: ("退料", "Return"),
    MoveKind.ADJUST: ("盘点调整", "Stocktake adjustment"), MoveKind.INTERNAL: ("内部领用", "Internal use"),
}
PURCHASE_ORDER: dict[PurchaseOrderState, Pair] = {
    PurchaseOrderState.OPEN: ("待到货", "Open"), PurchaseOrderState.RECEIVED: ("已到货", "Received"),
    PurchaseOrderState.CANCELLED: ("已取消", "Cancelled"),
}
TOOL: dict[ToolState, Pair] = {
    ToolState.IN: ("在库", "In stock"), ToolState.OUT: ("借出", "Lent out"), ToolState.LOST: ("丢失", "Lost"),
    ToolState.RETIRED: ("报废", "Retired"),
}

# --- the workshop floor (W4, W5, W8) ---
PAUSE: dict[PauseReason, Pair] = {
    PauseReason.PARTS: ("待料", "waiting for parts"), PauseReason.APPROVAL: ("待审批", "waiting for approval"),
    PauseReason.BREAK: ("休息", "on a break"), PauseReason.OTHER: ("其他", "another reason"),
}
CLOCK: dict[ClockStatus, Pair] = {
    ClockStatus.RUNNING: ("计时中", "clocked on"), ClockStatus.PAUSED: ("暂停", "on pause"),
    ClockStatus.CLOSED: ("已停止", "clocked off"),
}
BOARD_CLOCK: dict[BoardClock, Pair] = {BoardClock.ON: ("计时中", "Clocked on"), BoardClock.PAUSED: ("暂停", "Paused"),
                                       BoardClock.OFF: ("未上工", "Not clocked on")}
BAY: dict[BayKind, Pair] = {BayKind.BAY: ("工位", "Bay"), BayKind.LIFT: ("举升机", "Lift")}

# --- reception, quality, reminders (R1-R4, Q1, Q2) ---
CHANNEL: dict[Channel, Pair] = {
    Channel.PHONE: ("电话", "Phone"), Channel.WALK_IN: ("到店", "Walk-in"), Channel.WECHAT: ("微信", "WeChat"),
    Channel.OEM_APP: ("厂家APP", "OEM app"),
}
APPOINTMENT: dict[ApptState, Pair] = {
    ApptState.BOOKED: ("已预约", "Booked"), ApptState.ARRIVED: ("已到店", "Arrived"),
    ApptState.NO_SHOW: ("未到店", "No-show"), ApptState.CANCELLED: ("已取消", "Cancelled"),
}
REMINDER_KIND: dict[ReminderKind, Pair] = {
    ReminderKind.SERVICE: ("保养到期", "Service due"), ReminderKind.INSURANCE: ("保险续保", "Insurance renewal"),
    ReminderKind.INSPECTION: ("年检到期", "Annual inspection"),
}
CALL_OUTCOME: dict[CallOutcome, Pair] = {
    CallOutcome.REACHED: ("已接通", "Reached"), CallOutcome.NOT_REACHED: ("未接通", "Not reached"),
    CallOutcome.BOOKED: ("已预约", "Booked"),
}
VISIT_OUTCOME: dict[Outcome, Pair] = {
    Outcome.REACHED: ("已接通", "Reached"), Outcome.NOT_REACHED: ("未接通", "Not reached"),
    Outcome.CALL_BACK: ("客户要求稍后再打", "Call back later"), Outcome.REFUSED: ("客户拒绝回访", "Refused"),
}
COMPLAINT: dict[ComplaintState, Pair] = {
    ComplaintState.ACCEPTED: ("已受理", "Accepted"), ComplaintState.HANDLED: ("已处理", "Handled"),
    ComplaintState.VERIFIED: ("已验证", "Verified"), ComplaintState.FED_BACK: ("已反馈", "Fed back"),
    ComplaintState.ARCHIVED: ("已归档", "Archived"),
}
COMPLAINT_STEP: dict[ComplaintStep, Pair] = {
    ComplaintStep.ACCEPT: ("受理", "Accept"), ComplaintStep.HANDLE: ("处理", "Handle"),
    ComplaintStep.VERIFY: ("验证", "Verify"), ComplaintStep.FEEDBACK: ("反馈", "Feedback"),
    ComplaintStep.ARCHIVE: ("归档", "Archive"),
}
DECLINED_SOURCE: dict[DeclinedSource, Pair] = {DeclinedSource.DECLINED_ITEM: ("拒绝", "declined by the customer"),
                                               DeclinedSource.QC_SUGGESTION: ("质检建议", "QC suggestion")}
DECLINED: dict[DeclinedState, Pair] = {DeclinedState.OPEN: ("未处理", "still open"), DeclinedState.DONE: ("已加入工单", "taken up"),
                                       DeclinedState.DISMISSED: ("已撤销", "no longer needed")}
PLATE_KIND: dict[PlateKind, Pair] = {
    PlateKind.ORDINARY: ("普通号牌", "ordinary plate"),
    PlateKind.NEW_ENERGY_SMALL: ("小型新能源号牌", "new energy (small)"),
    PlateKind.NEW_ENERGY_LARGE: ("大型新能源号牌", "new energy (large)"),
    PlateKind.TRAILER: ("挂车号牌", "trailer plate"),
    PlateKind.COACH: ("教练车号牌", "driving-school car"),
    PlateKind.POLICE: ("警用号牌", "police plate"),
    PlateKind.HONG_KONG: ("香港入出境车号牌", "Hong Kong cross-border"),
    PlateKind.MACAU: ("澳门入出境车号牌", "Macau cross-border"),
    PlateKind.ARMED_POLICE: ("武警号牌", "armed police (WJ)"),
    PlateKind.EMBASSY: ("使馆号牌", "embassy plate"),
    PlateKind.CONSULATE: ("领馆号牌", "consulate plate"),
    PlateKind.TEMPORARY: ("临时行驶车号牌", "temporary plate"),
    PlateKind.UNRECOGNISED: ("未识别格式（已确认）", "unrecognised format (confirmed)"),
}
DAMAGE: dict[DamageKind, Pair] = {
    DamageKind.SCRATCH: ("划痕", "Scratch"), DamageKind.DENT: ("凹陷", "Dent"), DamageKind.CRACK: ("裂纹", "Crack"),
    DamageKind.CHIP: ("掉漆", "Paint chip"), DamageKind.BROKEN: ("破损", "Broken"),
}
LAMP: dict[WarningLamp, Pair] = {
    WarningLamp.ENGINE: ("发动机故障灯", "Engine"), WarningLamp.ABS: ("ABS 灯", "ABS"),
    WarningLamp.AIRBAG: ("安全气囊灯", "Airbag"), WarningLamp.OIL: ("机油压力灯", "Oil pressure"),
    WarningLamp.BATTERY: ("蓄电池灯", "Battery"), WarningLamp.TPMS: ("胎压灯", "Tyre pressure"),
    WarningLamp.BRAKE: ("制动系统灯", "Brake system"), WarningLamp.SERVICE: ("保养提示灯", "Service due"),
}
TYRE_POSITION: dict[TyrePosition, Pair] = {
    TyrePosition.LF: ("左前", "Left front"), TyrePosition.RF: ("右前", "Right front"),
    TyrePosition.LR: ("左后", "Left rear"), TyrePosition.RR: ("右后", "Right rear"),
}
TYRE: dict[TyreState, Pair] = {
    TyreState.OK: ("正常", "Good"), TyreState.WORN: ("磨损", "Worn"), TyreState.LOW: ("气压低", "Low pressure"),
    TyreState.DAMAGED: ("鼓包/割伤", "Bulge or cut"),
}
MATCH: dict[MatchField, Pair] = {MatchField.PLATE: ("车牌", "Plate"), MatchField.VIN: ("车架号", "VIN"),
                                 MatchField.PHONE: ("电话", "Phone"), MatchField.NAME: ("姓名", "Name")}

# enum -> its table: every enum whose members a record stores and a screen or a document shows (the enums of
# workshop.domain left out are in NOT_SHOWN: permissions and internal notice kinds are never shown as words)
REGISTRY: dict[type[StrEnum], Mapping[Any, Pair]] = {
    State: STATE, Kind: KIND, Priority: PRIORITY, ChargingMode: CHARGING, Payer: PAYER, AddedState: ADDED,
    ConsentMethod: CONSENT, LaborKind: LABOR_KIND, Role: ROLE, ApprovalKind: APPROVAL_KIND,
    ApprovalState: APPROVAL_STATE, Method: METHOD, EntryKind: ENTRY, RecState: RECEIVABLE, ReleaseBasis: RELEASE_BASIS,
    InvoiceKind: INVOICE_KIND, ClaimState: CLAIM, MoveKind: MOVE, PurchaseOrderState: PURCHASE_ORDER, ToolState: TOOL,
    PauseReason: PAUSE, ClockStatus: CLOCK, BoardClock: BOARD_CLOCK, BayKind: BAY, Channel: CHANNEL,
    ApptState: APPOINTMENT, ReminderKind: REMINDER_KIND, CallOutcome: CALL_OUTCOME, Outcome: VISIT_OUTCOME,
    ComplaintState: COMPLAINT, ComplaintStep: COMPLAINT_STEP, DeclinedSource: DECLINED_SOURCE, DeclinedState: DECLINED,
    PlateKind: PLATE_KIND, MatchField: MATCH, DamageKind: DAMAGE, WarningLamp: LAMP, TyrePosition: TYRE_POSITION,
    TyreState: TYRE,
}


def pair(member: StrEnum) -> Pair:
    """(中文, English) of a member of a registered enum."""
    return REGISTRY[type(member)][member]


def label(member: StrEnum, lang: str = "zh") -> str:
    """The member's name in the user's language ("en" or Chinese)."""
    zh, en = pair(member)
    return en if lang == "en" else zh


def member_of(enum: type[E], code: object) -> E | None:
    """The member a stored code stands for, None for an empty or unknown code."""
    try:
        return enum(str(code)) if code not in (None, "") else None
    except ValueError:
        return None


def label_of(enum: type[E], code: object, lang: str = "zh") -> str:
    """The name of a code read from a record: "" for none, the code itself when no member has it (older data)."""
    member = member_of(enum, code)
    if member is None:
        return "" if code is None else str(code)
    return label(member, lang)


def choices(enum: type[E], lang: str = "zh", members: tuple[E, ...] | None = None) -> list[tuple[E, str]]:
    """(member, name) in the enum's order (or of the members given): what a combo box lists."""
    return [(m, label(m, lang)) for m in (members if members is not None else tuple(enum))]
