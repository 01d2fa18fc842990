"""Barcode symbols as module widths: Code 128 (our own codes) and EAN-13 (manufacturer part barcodes).

python-barcode encodes the symbols: its `build()` gives the module pattern, with the EAN-13 check digit
and the Code 128 set switching. What is ours: the codes the catalog refuses (a wrong EAN-13 check digit,
characters that cannot be a barcode) are refused here with a sentence, the pattern becomes a run of module
counts (bar first, alternating bar/space, ending with a bar) that the label layout multiplies by a whole
number of printer dots, and the quiet zones each side. The parts catalog (import and entry) and the labels
refuse the same wrong codes.
"""

from __future__ import annotations

from dataclasses import dataclass

from workshop.domain.errors import InvalidInput
from workshop.domain.text import halfwidth

MIN_QUIET_MODULES = 10
_CODE128_CHAR = 11  # modules per Code 128 symbol character; the stop has 13


@dataclass(frozen=True)
class Symbol:
    """A linear barcode: `runs` are module counts, bar first, alternating bar/space, ending with a bar."""

    symbology: str  # "code128" | "ean13"
    data: str  # exactly what a scanner reads back
    runs: tuple[int, ...]
    quiet_left: int  # modules of blank space each side (at least MIN_QUIET_MODULES)
    quiet_right: int

    @property
    def modules(self) -> int:
        return sum(self.runs)

    @property
    def total_modules(self) -> int:
        return self.quiet_left + self.modules + self.quiet_right


# --- EAN-13 ---------------------------------------------------------------------------------------------

def ean13_check_digit(first12: str) -> str:
    """The check digit of the first 12 digits (weights 1, 3, 1, 3, ... from the left)."""
    if len(first12) != 12 or not first12.isdigit() or not first12.isascii():
        raise InvalidInput("EAN-13 的前 12 位必须是数字。", "The first 12 characters of an EAN-13 must be digits.")
    import barcode  # python-barcode, imported when a symbol is drawn: not at start-up
    return str(barcode.get("ean13", first12).get_fullcode()[12])


def is_valid_ean13(value: str) -> bool:
    return len(value) == 13 and value.isascii() and value.isdigit() and ean13_check_digit(value[:12]) == value[12]


def normalise_ean13(value: object) -> str:
    """A manufacturer EAN-13 as typed or imported: 13 digits with the right check digit, else refused."""
    text = halfwidth(str(value or "")).strip().replace(" ", "").replace("-", "")
    if len(text) != 13 or not text.isascii() or not text.isdigit():
        raise InvalidInput(
            f"厂家条码“{value}”不是 13 位数字的 EAN-13 码。",
            f"The manufacturer barcode “{value}” is not a 13-digit EAN-13 code.",
        )
    expected = ean13_check_digit(text[:12])
    if text[12] != expected:
        raise InvalidInput(
            f"厂家条码 {text} 的校验位不对（最后一位应为 {expected}），请核对包装上的条码。",
            f"The check digit of the manufacturer barcode {text} is wrong (the last digit should be "
            f"{expected}); please check the barcode on the package.",
        )
    return text


def ean13_symbol(value: str) -> Symbol:
    code = normalise_ean13(value)
    import barcode  # python-barcode, imported when a symbol is drawn: not at start-up
    symbol = barcode.get("ean13", code[:12])  # it adds the check digit, the one normalise_ean13 checked
    assert symbol.get_fullcode() == code
    bits = "".join(symbol.build())
    return Symbol("ean13", code, _runs_of_bits(bits), quiet_left=11, quiet_right=MIN_QUIET_MODULES)


def _runs_of_bits(bits: str) -> tuple[int, ...]:
    runs: list[int] = []
    prev = ""
    for b in bits:
        if b == prev:
            runs[-1] += 1
        else:
            runs.append(1)
            prev = b
    return tuple(runs)


# --- Code 128 -------------------------------------------------------------------------------------------

def check_code128_text(text: str) -> None:
    """Our own codes are printable ASCII (space to tilde); anything else is refused with a sentence."""
    if not text:
        raise InvalidInput("条码内容不能为空。", "A barcode cannot be empty.")
    bad = [ch for ch in text if not (32 <= ord(ch) <= 126)]
    if bad:
        raise InvalidInput(
            f"编码“{text}”含有不能印成条码的字符“{bad[0]}”（只能用字母、数字和符号）。",
            f"The code “{text}” contains “{bad[0]}”, which cannot be printed as a barcode "
            "(letters, digits and symbols only).",
        )


def _code128_bits(text: str) -> str:
    check_code128_text(text)
    import barcode  # python-barcode, imported when a symbol is drawn: not at start-up
    return "".join(barcode.get("code128", text).build())  # a new instance each time: it keeps its set


def code128_values(text: str) -> list[int]:
    """Symbol values from the start character to the check character, as python-barcode chose them (set C
    for runs of digits, set B for the rest), read back from its pattern."""
    bits = _code128_bits(text)
    chars = bits[: -(_CODE128_CHAR + 2)]
    from barcode.charsets import code128 as _code128_set
    return [_code128_set.CODES.index(chars[i : i + _CODE128_CHAR]) for i in range(0, len(chars), _CODE128_CHAR)]


def code128_symbol(text: str) -> Symbol:
    runs = _runs_of_bits(_code128_bits(text))
    return Symbol("code128", text, runs, MIN_QUIET_MODULES, MIN_QUIET_MODULES)
