"""The counter card: one label per mode of the parts counter (发料 / 退料 / 收旧件), its barcode the mode's code
(`#MODE-ISSUE`...). Stuck on the counter, a clerk switches the mode by scanning it instead of reaching for
the mouse. Drawn through the label layout every other label uses (dot-exact bars, quiet zones, presets)."""

from __future__ import annotations

from workshop.domain.barcodes import code128_symbol
from workshop.domain.counter_modes import MODES
from workshop.printing.label_content import LabelContent


def counter_card_contents() -> list[LabelContent]:
    return [LabelContent(code128_symbol(m.code), f"{m.zh} {m.en}", f"{m.code}  ({m.function_key})", title_scale=1.4,
                         title_lines=1) for m in MODES]

