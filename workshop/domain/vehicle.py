"""VIN (ISO 3779 / GB 16735 check digit) and Chinese licence plates (GA 36)."""

from __future__ import annotations

import re

from workshop.domain.errors import InvalidInput
from workshop.domain.text import halfwidth

_VIN_VALUES = {
    **{str(d): d for d in range(10)},
    "A": 1, "B": 2, "C": 3, "D": 4, "E": 5, "F": 6, "G": 7, "H": 8,
    "J": 1, "K": 2, "L": 3, "M": 4, "N": 5, "P": 7, "R": 9,
    "S": 2, "T": 3, "U": 4, "V": 5, "W": 6, "X": 7, "Y": 8, "Z": 9,
}
_VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领"
_PLATE_RE = re.compile(
    rf"^([{PROVINCES}])([A-HJ-NP-Z])·?("
    r"[A-HJ-NP-Z0-9]{5}"          # ordinary: 5 letters/digits
    r"|[DF][A-HJ-NP-Z0-9][0-9]{4}"  # new energy small car: D/F + 5
    r"|[0-9]{5}[DF]"                # new energy large vehicle
    r")([挂学警港澳]?)$"
)


def vin_check_digit(vin17: str) -> str:
    total = sum(_VIN_VALUES[ch] * w for ch, w in zip(vin17, _VIN_WEIGHTS, strict=True))
    rem = total % 11
    return "X" if rem == 10 else str(rem)


def normalise_vin(value: str) -> str:
    """Upper-case, half-width, check the 17 characters and the check digit (position 9)."""
    if not isinstance(value, str):
        raise InvalidInput("请填写车架号（VIN，17 位）。", "Please enter the VIN (17 characters).")
    vin = halfwidth(value or "").strip().upper().replace(" ", "")
    if len(vin) != 17:
        raise InvalidInput(f"车架号（VIN）应为 17 位，现在是 {len(vin)} 位。", f"A VIN has 17 characters, this one has {len(vin)}.")
    bad = [ch for ch in vin if ch not in _VIN_VALUES]
    if bad:
        raise InvalidInput(
            f"车架号不能含字母 I、O、Q 或符号（发现：{''.join(bad)}）。",
            f"A VIN cannot contain I, O, Q or symbols (found: {''.join(bad)}).",
        )
    if vin_check_digit(vin) != vin[8]:
        raise InvalidInput("车架号校验位不对，请核对车架号。", "The VIN's check digit is wrong; please check the VIN.")
    return vin


def make_vin(prefix16: str) -> str:
    """Complete a 17-character VIN from 8 + 8 characters by computing position 9 (for demo data)."""
    body = prefix16[:8] + "0" + prefix16[8:16]
    return body[:8] + vin_check_digit(body) + body[9:]


def normalise_plate(value: str) -> str:
    """Plate in the form 粤B·12345 (dot added); full-width letters and digits from IMEs accepted."""
    if not isinstance(value, str):
        raise InvalidInput("请填写车牌号（例：粤B·12345）。", "Please enter the plate (e.g. 粤B·12345).")
    plate = halfwidth(value or "").strip().upper().replace(" ", "").replace("-", "").replace(".", "·")
    plate = plate.replace("•", "·").replace("・", "·")
    m = _PLATE_RE.match(plate)
    if not m:
        raise InvalidInput(
            "车牌号格式不对（例：粤B·12345，新能源：粤B·D12345）。",
            "The plate is not valid (e.g. 粤B·12345, new energy 粤B·D12345).",
        )
    return f"{m.group(1)}{m.group(2)}·{m.group(3)}{m.group(4)}"


def plate_search_key(value: str) -> str:
    """What a search for part of a plate compares against: half-width, upper case, no dot or space."""
    return halfwidth(value or "").upper().replace("·", "").replace(" ", "").replace("-", "").replace(".", "")
