"""`workshop import-parts FILE`: a manufacturer's parts price list as dealers receive it, from Excel (.xlsx) or a
CSV saved from Excel — UTF-8 with or without BOM, GBK/GB18030 (Excel on Chinese Windows, "CSV (逗号分隔)"),
UTF-16 (Excel's "Unicode text", tab separated). Headers in Chinese (零件号,名称,单价,条码,库位,单位,最低库存,
以旧换新,消耗品) or English (part_no,name,price,barcode,bin,unit,min_stock,old_for_new,consumable); all but the
first three are optional. Each refused row is reported with its part number and why; a rerun updates by part
number and never duplicates. The work is done by workshop/cli/imports.py and services/bulk_import.py."""

from __future__ import annotations

from typing import Any


def register(sub: Any) -> None:
    from workshop.cli import imports

    imports.add_command(sub, "parts")
