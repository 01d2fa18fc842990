"""Every table of SPEC.md. Import from here."""

from workshop.db.models.approvals_quality import Approval, Complaint, ComplaintStep, ReturnVisit
from workshop.db.models.base import Base
from workshop.db.models.claims_tools import ClaimOrder, ClaimOrderLine, Deposit, Tool, ToolCharge, ToolLoan
from workshop.db.models.customers import Customer, Vehicle, VehiclePlate
from workshop.db.models.master_data import TeamRate
from workshop.db.models.money import DayClose, GatePass, InvoiceRequest, PayerTerms, Payment
from workshop.db.models.parts import (
    Bin,
    Part,
    PurchaseOrder,
    PurchaseOrderLine,
    SelfPurchase,
    StockMove,
    Supplier,
    SupplierQuote,
)
from workshop.db.models.receivables import AccountCustomer, Receivable, ReceivableEvent
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
    "Approval",
    "AuditEntry",
    "AuditHead",
    "Base",
    "Bin",
    "ClaimOrder",
    "ClaimOrderLine",
    "Complaint",
    "ComplaintStep",
    "Customer",
    "DayClose",
    "Deposit",
    "DiscountGrant",
    "GatePass",
    "InvoiceRequest",
    "LaborLine",
    "LaborOperation",
    "LimitSetting",
    "NumberCounter",
    "Part",
    "PartLine",
    "PayerTerms",
    "Payment",
    "PurchaseOrder",
    "PurchaseOrderLine",
    "Quote",
    "QuoteLine",
    "Receivable",
    "ReceivableEvent",
    "ReturnVisit",
    "SelfPurchase",
    "Setting",
    "StockMove",
    "Supplier",
    "SupplierQuote",
    "TeamRate",
    "Tool",
    "ToolCharge",
    "ToolLoan",
    "User",
    "UserRole",
    "Vehicle",
    "VehiclePlate",
    "WorkOrder",
    "WorkOrderEvent",
]

# the catalogs' search keys are kept by mapper events: registered once the models are imported
from workshop.db.models import catalog_search as _catalog_search  # noqa: F401
