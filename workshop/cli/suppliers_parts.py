"""`workshop supplier add|list`, `workshop bin add`, `workshop part add|edit`: suppliers, bins and parts by hand
(S1) from the command line, with every catalog field (unit, minimum stock, old for new P7, consumable...)."""

from __future__ import annotations

import argparse
from typing import Any

from workshop.cli._common import emit, open_db
from workshop.db.retry import in_uow
from workshop.services import parts_catalog, suppliers
from workshop.services.parts_catalog import PartInfo

FORMATS = ["table", "csv", "json"]
PART_FIELDS = (("name", "--name"), ("price", "--price"), ("unit", "--unit"), ("min_stock", "--min-stock"),
               ("barcode", "--barcode"), ("bin_code", "--bin"), ("supplier", "--supplier"))


def register(sub: Any) -> None:
    p = sub.add_parser("supplier", help="suppliers (供应商): add | list")
    ssub = p.add_subparsers(dest="supplier_command", required=True)
    a = ssub.add_parser("add")
    a.add_argument("name")
    a.add_argument("--contact", default="")
    a.add_argument("--phone", default="")
    a.add_argument("--terms", default="", help="payment and delivery terms, e.g. 月结 30 天")
    a.add_argument("--manufacturer", action="store_true", help="the manufacturer's parts channel")
    a.set_defaults(func=cmd_supplier_add)
    ls = ssub.add_parser("list")
    ls.add_argument("--format", choices=FORMATS, default="table")
    ls.set_defaults(func=cmd_supplier_list)

    p = sub.add_parser("bin", help="bins (库位): add")
    bsub = p.add_subparsers(dest="bin_command", required=True)
    b = bsub.add_parser("add")
    b.add_argument("code")
    b.add_argument("--description", default="")
    b.set_defaults(func=cmd_bin_add)

    p = sub.add_parser("part", help="a part by hand, every field: add | edit")
    psub = p.add_subparsers(dest="part_command", required=True)
    for name, func in (("add", cmd_part_add), ("edit", cmd_part_edit)):
        c = psub.add_parser(name)
        c.add_argument("part_no")
        for _field, flag in PART_FIELDS:
            c.add_argument(flag, required=name == "add" and flag in ("--name", "--price"))
        for flag in ("--old-for-new", "--consumable"):
            c.add_argument(flag, choices=["yes", "no"], help="yes or no")
        c.set_defaults(func=func)


def _show(info: PartInfo) -> None:
    flags = [t for t, on in (("以坏换新 old-for-new", info.old_for_new), ("消耗品 consumable", info.is_consumable)) if on]
    print(f"{info.part_no}  {info.name}  {info.price} 元/{info.unit}  min {info.min_stock}  bin {info.bin_code or '-'}"
          f"  supplier {info.supplier or '-'}  {' '.join(flags)}".rstrip())


def _changes(args: argparse.Namespace) -> dict[str, object]:
    out: dict[str, object] = {field: getattr(args, flag[2:].replace("-", "_")) for field, flag in PART_FIELDS}
    out = {k: v for k, v in out.items() if v is not None}
    for field, flag in (("old_for_new", "old_for_new"), ("is_consumable", "consumable")):
        value = getattr(args, flag)
        if value is not None:
            out[field] = value == "yes"
    return out


def cmd_part_add(args: argparse.Namespace) -> int:
    db = open_db(args)
    _show(in_uow(db, parts_catalog.add_part, None, part_no=args.part_no, **_changes(args)))
    return 0


def cmd_part_edit(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.read() as s:
        part_id = parts_catalog.find_part(s, args.part_no).id
    _show(in_uow(db, parts_catalog.edit_part, None, part_id, **_changes(args)))
    return 0


def cmd_supplier_add(args: argparse.Namespace) -> int:
    info = in_uow(open_db(args), suppliers.add_supplier, None, name=args.name, contact=args.contact,
                  phone=args.phone, terms=args.terms, is_manufacturer=args.manufacturer)
    print(f"{info.name}: 已添加 / added")
    return 0


def cmd_supplier_list(args: argparse.Namespace) -> int:
    rows = [(s.name, s.contact, s.phone, s.terms, s.is_manufacturer, s.is_active)
            for s in suppliers.list_suppliers(open_db(args))]
    emit(rows, ("name", "contact", "phone", "terms", "manufacturer", "active"), args.format)
    return 0


def cmd_bin_add(args: argparse.Namespace) -> int:
    info = in_uow(open_db(args), suppliers.add_bin, None, code=args.code, description=args.description)
    print(f"{info.code}: 已添加 / added")
    return 0
