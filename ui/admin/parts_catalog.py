"""Parts by hand (S1): every catalog field — number, name, price, unit (件/升/…), minimum stock, old-for-new (P7),
consumable, barcode, bin and usual supplier — over parts_catalog.add_part/edit_part; plus the suppliers and bins."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QLineEdit

from ui.admin.master_form import Field, FormDialog, TableScreen
from ui.context import AppContext
from ui.widgets.export_excel import export_button
from workshop.db.uow import UnitOfWork
from workshop.domain.changes import RecordKind
from workshop.domain.master_data import PART_UNITS
from workshop.domain.roles import Actor, Perm
from workshop.queries.stock import StockRow, stock_list
from workshop.services import parts_catalog, suppliers
from workshop.services.parts_catalog import PartInfo
from workshop.services.suppliers import BinInfo, SupplierInfo


def part_fields(ctx: AppContext) -> list[Field]:
    names = [("", ctx.tr("（无）", "(none)"))] + [(s.name, s.name) for s in suppliers.list_suppliers(ctx.db)]
    return [
        Field("part_no", "零件号", "Part number", locked_on_edit=True),
        Field("name", "名称", "Name"),
        Field("price", "零售价（元）", "Retail price (元)"),
        Field("unit", "单位", "Unit", "combo", [(u, u) for u in PART_UNITS]),
        Field("min_stock", "最低库存", "Minimum stock"),
        Field("barcode", "条码（EAN-13，可空）", "Barcode (EAN-13, optional)"),
        Field("bin_code", "库位", "Bin", placeholder="A-01-01"),
        Field("supplier", "常用供应商", "Usual supplier", "choice", names),
        Field("old_for_new", "以坏换新（交旧领新）", "Old for new (hand in the old part)", "check"),
        Field("is_consumable", "消耗品（机油、滤清器、油液）", "Consumable (oil, filters, fluids)", "check"),
    ]


def add_part_dialog(ctx: AppContext, parent: Any = None) -> FormDialog:
    return FormDialog(ctx, ctx.tr("新增零件", "Add part"), part_fields(ctx),
                      parts_catalog.add_part, {"unit": "件", "min_stock": "0"},
                      parent=parent, editing=False)


def edit_part_dialog(ctx: AppContext, info: PartInfo, parent: Any = None) -> FormDialog:
    values = {"part_no": info.part_no, "name": info.name, "price": info.price, "unit": info.unit,
              "min_stock": info.min_stock, "barcode": info.barcode or "", "bin_code": info.bin_code or "",
              "supplier": info.supplier or "", "old_for_new": info.old_for_new, "is_consumable": info.is_consumable}

    def save(uow: UnitOfWork, actor: Actor, part_no: str, **v: Any) -> PartInfo:
        return parts_catalog.edit_part(uow, actor, info.id, **v)

    return FormDialog(ctx, ctx.tr("修改零件", "Edit part"), part_fields(ctx), save, values,
                      parent=parent)


class PartsCatalogScreen(TableScreen):
    TITLE = ("配件目录", "Parts catalog")
    HEADERS = (("零件号", "Part no."), ("名称", "Name"), ("单位", "Unit"), ("零售价", "Price"), ("库位", "Bin"),
               ("最低库存", "Min stock"), ("条码", "Barcode"), ("库存", "On hand"))
    KINDS = frozenset({RecordKind.STOCK})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.search = QLineEdit()
        self.search.setPlaceholderText(ctx.tr("零件号、名称或条码", "Part no., name or barcode"))
        self.search.returnPressed.connect(self.refresh)
        self.bar.addWidget(self.search, 1)
        can = ctx.can(Perm.PART_CATALOG_EDIT)
        self.button("查找", "Find", self.refresh)
        self.button("新增零件", "Add part", lambda: add_part_dialog(ctx, self).exec(), can)
        self.button("修改", "Edit", self.edit, can)
        self.export = export_button(self, ctx, "parts", lambda: {"search": self.search.text()})
        self.bar.addWidget(self.export)
        self.refresh()

    def load(self) -> list[StockRow]:
        return stock_list(self.ctx.db, search=self.search.text(), limit=200)

    def cells(self, row: StockRow) -> Sequence[object]:
        return (row.part_no, row.name, row.unit, row.price, row.bin_code or "", row.min_stock, row.barcode or "",
                row.on_hand)

    def edit(self) -> None:
        row: StockRow | None = self.selected()
        if row is None or not self.ctx.can(Perm.PART_CATALOG_EDIT):
            return
        ctx = self.ctx
        ctx.ops.run(lambda: parts_catalog.part_details(ctx.db, row.part_id),
                    lambda info: edit_part_dialog(ctx, info, self).exec())


SUPPLIER_FIELDS = (
    Field("name", "名称", "Name", locked_on_edit=True),
    Field("contact", "联系人", "Contact"),
    Field("phone", "电话", "Phone"),
    Field("terms", "付款与交货条件", "Payment and delivery terms", placeholder="月结 30 天，次日送货"),
    Field("is_manufacturer", "厂家渠道", "Manufacturer's channel", "check"),
)


class SuppliersScreen(TableScreen):
    TITLE = ("供应商", "Suppliers")
    HEADERS = (("名称", "Name"), ("联系人", "Contact"), ("电话", "Phone"), ("条件", "Terms"), ("渠道", "Channel"),
               ("状态", "State"))

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        can = ctx.can(Perm.PART_CATALOG_EDIT)
        self.button("新增供应商", "Add supplier", self.add, can)
        self.button("修改", "Edit", self.edit, can)
        self.button("停用/启用", "Disable/enable", self.toggle, can)
        self.bar.addStretch(1)
        self.refresh()

    def load(self) -> list[SupplierInfo]:
        return suppliers.list_suppliers(self.ctx.db)

    def cells(self, row: SupplierInfo) -> Sequence[object]:
        tr = self.ctx.tr
        return (row.name, row.contact, row.phone, row.terms, tr("厂家", "manufacturer") if row.is_manufacturer else
                tr("外购", "other"), tr("在用", "active") if row.is_active else tr("停用", "disabled"))

    def add(self) -> None:
        ctx = self.ctx
        FormDialog(ctx, ctx.tr("新增供应商", "Add supplier"), SUPPLIER_FIELDS,
                   suppliers.add_supplier, parent=self).exec()

    def edit(self) -> None:
        row: SupplierInfo | None = self.selected()
        if row is None or not self.ctx.can(Perm.PART_CATALOG_EDIT):
            return
        ctx = self.ctx

        def save(uow: UnitOfWork, actor: Actor, name: str, **v: Any) -> SupplierInfo:
            return suppliers.edit_supplier(uow, actor, row.id, **v)

        FormDialog(ctx, ctx.tr("修改供应商", "Edit supplier"), SUPPLIER_FIELDS, save, dict(row.__dict__),
                   parent=self).exec()

    def toggle(self) -> None:
        row: SupplierInfo | None = self.selected()
        if row is not None:
            ctx = self.ctx
            ctx.ops.run_service(suppliers.edit_supplier, row.id, is_active=not row.is_active, parent=self)


BIN_FIELDS = (Field("code", "库位编码", "Bin code", locked_on_edit=True, placeholder="A-01-01"),
              Field("description", "说明", "Description", placeholder="A区 1号货架 第1层"))


class BinsScreen(TableScreen):
    TITLE = ("库位", "Bins")
    HEADERS = (("库位", "Bin"), ("说明", "Description"), ("零件数", "Parts"))
    KINDS = frozenset({RecordKind.MASTER_DATA})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        can = ctx.can(Perm.PART_CATALOG_EDIT)
        self.button("新增库位", "Add bin", self.add, can)
        self.button("修改说明", "Edit", self.edit, can)
        self.bar.addStretch(1)
        self.refresh()

    def load(self) -> list[BinInfo]:
        return suppliers.list_bins(self.ctx.db)

    def cells(self, row: BinInfo) -> Sequence[object]:
        return (row.code, row.description, row.parts)

    def add(self) -> None:
        ctx = self.ctx
        FormDialog(ctx, ctx.tr("新增库位", "Add bin"), BIN_FIELDS,
                   suppliers.add_bin, parent=self).exec()

    def edit(self) -> None:
        row: BinInfo | None = self.selected()
        if row is None or not self.ctx.can(Perm.PART_CATALOG_EDIT):
            return
        ctx = self.ctx
        FormDialog(ctx, ctx.tr("修改库位", "Edit bin"), BIN_FIELDS,
                   lambda uow, actor, code, description: suppliers.edit_bin(uow, actor, row.id,
                                                                            description=description),
                   {"code": row.code, "description": row.description}, parent=self).exec()
