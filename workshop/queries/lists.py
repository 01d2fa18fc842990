"""Flat lists for `workshop list ...` and the screens' 导出 Excel: the record's number or code first, streamed in
chunks. The filters are the screens' own (the same conditions as their lists), so a screen exports exactly the
rows it shows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import aliased

from workshop.db.models import Bin, Customer, Part, Tool, User, Vehicle, WorkOrder
from workshop.db.uow import Database
from workshop.domain.clock import fmt_shop
from workshop.queries.stock import stock_conditions
from workshop.queries.tools import tool_conditions
from workshop.queries.work_orders import WorkOrderFilter, work_order_conditions

LISTS: dict[str, tuple[str, ...]] = {
    "work-orders": ("number", "kind", "state", "priority", "plate", "customer", "advisor", "opened_at",
                    "promised_at", "total"),
    "parts": ("part_no", "name", "barcode", "bin", "price", "on_hand", "avg_cost", "min_stock"),
    "tools": ("code", "name", "brand", "model", "location", "original_price", "state"),
    "users": ("username", "display_name", "roles", "team", "badge_code", "active"),
    "customers": ("customer", "phone", "address", "plate", "vin", "brand", "model", "purchase_date",
                  "last_mileage"),
}
# the headers of an Excel export (S3: Chinese headers)
HEADERS_ZH: dict[str, tuple[str, ...]] = {
    "work-orders": ("工单号", "类型", "状态", "优先级", "车牌", "客户", "服务顾问", "开单时间", "承诺交车", "金额"),
    "parts": ("零件号", "名称", "条码", "库位", "单价", "库存", "平均成本", "最低库存"),
    "tools": ("工具编号", "名称", "品牌", "型号", "存放位置", "原价", "状态"),
    "users": ("用户名", "姓名", "角色", "班组", "工牌号", "启用"),
    "customers": ("客户", "电话", "地址", "车牌", "车架号", "品牌", "车型", "购车日期", "里程"),
}


def iter_list(db: Database, name: str, limit: int | None = None, *, typed: bool = False,
              orders: WorkOrderFilter | None = None, search: str = "", only: str = "all",
              state: str | None = None) -> Iterator[tuple[Any, ...]]:
    """typed: times stay datetimes (for an Excel export) instead of shop-time text. Filters, as on the screens:
    work-orders `orders` (the history screen's filter); parts `search` and `only` (all | low | dead, the stock
    screen's); tools `search` and `state` (the register's)."""
    with db.read() as s:
        stmt: Select[*tuple[Any, ...]]
        fmt: dict[int, Any]
        if name == "work-orders":
            advisor = aliased(User)
            stmt = (select(WorkOrder.number, WorkOrder.kind, WorkOrder.state, WorkOrder.priority, Vehicle.shown_plate,
                           Customer.name, advisor.display_name, WorkOrder.opened_at, WorkOrder.promised_at,
                           WorkOrder.total)
                    .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
                    .join(Customer, Customer.id == WorkOrder.customer_id)
                    .join(advisor, advisor.id == WorkOrder.advisor_id)
                    .where(*work_order_conditions(s, orders or WorkOrderFilter()))
                    .order_by(WorkOrder.opened_at.desc(), WorkOrder.id.desc()))
            fmt = {} if typed else {7: fmt_shop, 8: fmt_shop}
        elif name == "parts":
            stmt = (select(Part.part_no, Part.name, Part.barcode, Bin.code, Part.price, Part.on_hand, Part.avg_cost,
                           Part.min_stock).outerjoin(Bin, Bin.id == Part.bin_id))
            stmt = stock_conditions(stmt, search, only, s, None).order_by(Part.part_no)
            fmt = {}
        elif name == "tools":
            stmt = select(Tool.code, Tool.name, Tool.brand, Tool.model, Tool.location, Tool.original_price,
                          Tool.state).where(*tool_conditions(search))  # type: ignore[arg-type]
            if state:
                stmt = stmt.where(Tool.state == state)
            stmt = stmt.order_by(Tool.code)
            fmt = {}
        elif name == "customers":
            stmt = (select(Customer.name, Customer.phone, Customer.address, Vehicle.shown_plate, Vehicle.vin,
                           Vehicle.brand, Vehicle.model, Vehicle.purchase_date, Vehicle.last_mileage)
                    .outerjoin(Vehicle, Vehicle.customer_id == Customer.id).order_by(Customer.id, Vehicle.id))
            fmt = {}
        elif name == "users":
            for u in s.scalars(select(User).order_by(User.username)):
                yield (u.username, u.display_name, ",".join(sorted(r.role for r in u.roles)), u.team or "",
                       u.badge_code, u.is_active)
            return
        else:
            raise KeyError(name)
        if limit:
            stmt = stmt.limit(limit)
        for row in s.execute(stmt.execution_options(yield_per=2000)):
            yield tuple(fmt[i](v) if i in fmt else v for i, v in enumerate(row))
