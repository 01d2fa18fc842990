"""Barcode symbols as module widths: Code 128 (our own codes) and EAN-13 (manufacturer part barcodes).

A symbol is a run of module counts, bar first, alternating bar/space and ending with a bar; the label
layout multiplies every run by a whole number of printer dots. The check digit of EAN-13 is verified
here so the parts catalog (import and entry) and the labels refuse the same wrong codes.
"""

from __future__ import annotations

from dataclasses import dataclass

from workshop.domain.errors import InvalidInput
from workshop.domain.text import halfwidth

# Code 128 symbol values 0..105 as six bar/space widths (ISO/IEC 15417, table 1); the stop has seven.
_CODE128 = ["212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213", "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132", "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211", "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313", "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331", "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111", "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214", "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111", "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141", "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141", "114131", "311141", "411131", "211412", "211214", "211232"]
_STOP = "2331112"
_START_B, _START_C = 104, 105
_CODE_B, _CODE_C = 100, 99  # "switch to set" in set C resp. set B

# EAN-13: the L (odd parity) digit patterns; R is L's complement, G is R reversed.
_EAN_L = ("0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011",
          "0110111", "0001011")
_EAN_R = tuple("".join("1" if b == "0" else "0" for b in p) for p in _EAN_L)
_EAN_G = tuple(p[::-1] for p in _EAN_R)
_EAN_PARITY = ("LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL",
               "LGGLGL")

MIN_QUIET_MODULES = 10


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
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return str((10 - total % 10) % 10)


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
    bits = "101"
    parity = _EAN_PARITY[int(code[0])]
    for digit, p in zip(code[1:7], parity, strict=True):
        bits += (_EAN_L if p == "L" else _EAN_G)[int(digit)]
    bits += "01010"
    for digit in code[7:]:
        bits += _EAN_R[int(digit)]
    bits += "101"
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


def code128_values(text: str) -> list[int]:
    """Symbol values from the start character to the check character, choosing sets B and C so that
    the symbol is as short as possible (digit pairs in set C, everything else in set B)."""
    check_code128_text(text)
    n = len(text)
    big = 10**9
    # cost[i][s]: symbol characters needed for text[i:] when currently in set s (0 = B, 1 = C)
    cost = [[0, 0] for _ in range(n + 1)]

    def here(i: int, s: int) -> int:
        if s == 0:
            return 1 + cost[i + 1][0]
        if i + 1 < n and text[i].isdigit() and text[i + 1].isdigit():
            return 1 + cost[i + 2][1]
        return big

    for i in range(n - 1, -1, -1):
        for s in (0, 1):
            cost[i][s] = min(here(i, s), 1 + here(i, 1 - s))
    s = 0 if here(0, 0) <= here(0, 1) else 1
    values = [_START_B if s == 0 else _START_C]
    i = 0
    while i < n:
        if here(i, s) > 1 + here(i, 1 - s):
            s = 1 - s
            values.append(_CODE_C if s == 1 else _CODE_B)
        if s == 0:
            values.append(ord(text[i]) - 32)
            i += 1
        else:
            values.append(int(text[i : i + 2]))
            i += 2
    values.append((values[0] + sum(k * v for k, v in enumerate(values[1:], start=1))) % 103)
    return values


def code128_symbol(text: str) -> Symbol:
    values = code128_values(text)
    runs = "".join(_CODE128[v] for v in values) + _STOP
    return Symbol("code128", text, tuple(int(r) for r in runs), MIN_QUIET_MODULES, MIN_QUIET_MODULES)
