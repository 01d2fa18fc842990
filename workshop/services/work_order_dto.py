"""The work order's plain data lives in workshop.domain.work_order_info; these names stay importable here."""

from __future__ import annotations

from workshop.domain.deadlines import Deadlines as Deadlines
from workshop.domain.warranty import WarrantyStatus as WarrantyStatus
from workshop.domain.work_order_info import AddedItemInfo as AddedItemInfo
from workshop.domain.work_order_info import ComplaintInfo as ComplaintInfo
from workshop.domain.work_order_info import CustomerInfo as CustomerInfo
from workshop.domain.work_order_info import LaborLineInfo as LaborLineInfo
from workshop.domain.work_order_info import PartLineInfo as PartLineInfo
from workshop.domain.work_order_info import ProposedLabor as ProposedLabor
from workshop.domain.work_order_info import ProposedPart as ProposedPart
from workshop.domain.work_order_info import ReturnVisitInfo as ReturnVisitInfo
from workshop.domain.work_order_info import VehicleInfo as VehicleInfo
from workshop.domain.work_order_info import WorkOrderInfo as WorkOrderInfo
