"""Every table of SPEC.md. Import from here."""

from workshop.db.models.appointments import Appointment, AppointmentSlot, ReminderCall
from workshop.db.models.approvals_quality import Approval, Complaint, ComplaintStep, ReturnVisit
from workshop.db.models.base import Base
from workshop.db.models.claims_tools import ClaimOrder, ClaimOrderLine, Deposit, Tool, ToolCharge, ToolLoan
from workshop.db.models.customers import Customer, Vehicle, VehiclePlate
from workshop.db.models.dispatch import ClockPause, FloorNotice, JobClock, LaborAssignment
from workshop.db.models.floor_pay import (
    BayPlacement,
    PieceRateClose,
    PieceRateCorrection,
    PieceRateStatement,
    WorkshopBay,
)
from workshop.db.models.master_data import Team, TeamRate
from workshop.db.models.money import DayClose, GatePass, InvoiceRequest, PayerTerms, Payment
from workshop.db.models.parts import (
    Bin,
    Part,
    PurchaseOrder,
    PurchaseOrderLine,
    SelfPurchase,
    StockAge,
    StockMove,
    Supplier,
    SupplierQuote,
)
from workshop.db.models.receivables import AccountCustomer, Receivable, ReceivableEvent
from workshop.db.models.reception_checks import DeclinedWork, Walkaround, WalkaroundPhoto
from workshop.db.models.users import (
    AuditEntry,
    AuditHead,
    LimitSetting,
    NumberCounter,
    Setting,
    User,
    UserRole,
)
from workshop.db.models.work_orders import (
    AddedItem,
    DiscountGrant,
    LaborLine,
    LaborOperation,
    PartLine,
    Quote,
    QuoteLine,
    WorkOrder,
    WorkOrderEvent,
)

__all__ = [
    "AccountCustomer",
    "AddedItem",
    "Appointment",
    "AppointmentSlot",
    "Approval",
    "AuditEntry",
    "AuditHead",
    "Base",
    "BayPlacement",
    "Bin",
    "ClaimOrder",
    "ClaimOrderLine",
    "ClockPause",
    "Complaint",
    "ComplaintStep",
    "Customer",
    "DayClose",
    "DeclinedWork",
    "Deposit",
    "DiscountGrant",
    "FloorNotice",
    "GatePass",
    "InvoiceRequest",
    "JobClock",
    "LaborAssignment",
    "LaborLine",
    "LaborOperation",
    "LimitSetting",
    "NumberCounter",
    "Part",
    "PartLine",
    "PayerTerms",
    "Payment",
    "PieceRateClose",
    "PieceRateCorrection",
    "PieceRateStatement",
    "PurchaseOrder",
    "PurchaseOrderLine",
    "Quote",
    "QuoteLine",
    "Receivable",
    "ReceivableEvent",
    "ReminderCall",
    "ReturnVisit",
    "SelfPurchase",
    "Setting",
    "StockAge",
    "StockMove",
    "Supplier",
    "SupplierQuote",
    "Team",
    "TeamRate",
    "Tool",
    "ToolCharge",
    "ToolLoan",
    "User",
    "UserRole",
    "Vehicle",
    "VehiclePlate",
    "Walkaround",
    "WalkaroundPhoto",
    "WorkOrder",
    "WorkOrderEvent",
    "WorkshopBay",
]

# the catalogs' search keys are kept by mapper events: registered once the models are imported
from workshop.db.models import catalog_search as _catalog_search  # noqa: F401
