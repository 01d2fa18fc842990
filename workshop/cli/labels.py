"""`workshop labels parts|bins|tools|work-orders|badges|counter-card [--preset NAME] [--dpi 203|300] [--where TEXT]
--out FILE.pdf`. The counter card carries the parts counter's mode barcodes (发料 / 退料 / 收旧件)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from workshop.cli._common import open_db, out_path
from workshop.printing.label_settings import parse_offset, printer_settings
from workshop.printing.labels import DPIS, PRESETS, contents_for, preset_named, render_labels_pdf
from workshop.printing.raw_labels import raw_program, send_raw
from workshop.queries.labels import KINDS, label_rows

COUNTER_CARD = "counter-card"


def register(sub: Any) -> None:
    p = sub.add_parser(
        "labels", help="print barcode labels to a PDF (one label per page on thermal presets)",
        description="Labels for parts, bins, special tools, work orders or users' badges, or the counter card "
                    "(the parts counter's mode barcodes). Preset and dpi default to the shop's label printer "
                    "settings.",
    )
    p.add_argument("kind", choices=[*KINDS, COUNTER_CARD])
    p.add_argument("--preset", choices=sorted(PRESETS), help="label size (default: the setting label_preset)")
    p.add_argument("--dpi", type=int, choices=[*DPIS], help="printer resolution (default: the setting label_dpi)")
    p.add_argument("--where", metavar="TEXT", help="only rows whose code or name contains TEXT")
    p.add_argument("--price", action="store_true", help="print the retail price on part labels")
    p.add_argument("--offset-x", metavar="MM", help="A4 sheets: move every label right by MM (default: setting)")
    p.add_argument("--offset-y", metavar="MM", help="A4 sheets: move every label down by MM (default: setting)")
    p.add_argument("--format", choices=["pdf", "tspl", "zpl"], default="pdf",
                   help="pdf, or raw TSPL (TSC, Gprinter) / ZPL (Zebra) for a label printer in raw mode; the --out "
                        "of a raw format may be the printer's device, e.g. /dev/usb/lp0")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    p.set_defaults(func=cmd_labels)


def cmd_labels(args: argparse.Namespace) -> int:
    args.out = out_path(args, args.out)
    db = open_db(args)
    try:
        settings = printer_settings(db)
        preset = args.preset or settings.preset
        dpi = args.dpi or settings.dpi
        offset = (
            float(parse_offset(args.offset_x, "X")) if args.offset_x is not None else settings.offset_x_mm,
            float(parse_offset(args.offset_y, "Y")) if args.offset_y is not None else settings.offset_y_mm,
        )
        rows = label_rows(db, args.kind, where=args.where) if args.kind != COUNTER_CARD else []
    finally:
        db.dispose()
    if args.kind == COUNTER_CARD:
        from workshop.printing.counter_card import counter_card_contents

        contents = counter_card_contents()
    else:
        contents = contents_for(rows, show_price=args.price)
    if args.format != "pdf":
        data = raw_program(args.format, [(c, 1) for c in contents], preset_named(preset), dpi, offset)
        print(f"{len(contents)} 张标签 / labels ({args.format.upper()}, {preset}, {dpi} dpi) → "
              f"{send_raw(data, device=str(args.out))}", file=sys.stderr)
        return 0
    pages = render_labels_pdf(contents, args.out, preset=preset, dpi=dpi, offset_mm=offset)
    print(f"{len(contents)} 张标签 / labels, {pages} 页 / pages ({preset}, {dpi} dpi) → {args.out}", file=sys.stderr)
    return 0
