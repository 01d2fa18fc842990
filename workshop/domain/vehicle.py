"""VIN (ISO 3779 / GB 16735 check digit) and Chinese licence plates (GA 36-2018: ordinary, new energy, 挂 学 警
港 澳 领, WJ, 使, temporary), with 未上牌 (no plate yet) and an unrecognised plate kept after a confirmation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from workshop.domain.errors import InvalidInput, UnrecognisedPlate
from workshop.domain.text import halfwidth

_VIN_VALUES = {
    **{str(d): d for d in range(10)},
    "A": 1, "B": 2, "C": 3, "D": 4, "E": 5, "F": 6, "G": 7, "H": 8,
    "J": 1, "K": 2, "L": 3, "M": 4, "N": 5, "P": 7, "R": 9,
    "S": 2, "T": 3, "U": 4, "V": 5, "W": 6, "X": 7, "Y": 8, "Z": 9,
}
_VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"


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


# ---------------------------------------------------------------- plates (GA 36-2018)


class PlateKind(StrEnum):
    """Which kind of plate a vehicle carries, with its label (zh, en)."""

    ORDINARY = "ordinary"
    NEW_ENERGY_SMALL = "new_energy_small"
    NEW_ENERGY_LARGE = "new_energy_large"
    TRAILER = "trailer"
    COACH = "coach"
    POLICE = "police"
    HONG_KONG = "hong_kong"
    MACAU = "macau"
    ARMED_POLICE = "armed_police"
    EMBASSY = "embassy"
    CONSULATE = "consulate"
    TEMPORARY = "temporary"
    UNRECOGNISED = "unrecognised"

    @property
    def zh(self) -> str:
        from workshop.domain.labels import label  # the labels import this module

        return label(self)

    @property
    def en(self) -> str:
        from workshop.domain.labels import label

        return label(self, "en")


NO_PLATE = "未上牌"
NO_PLATE_WORDS = frozenset({NO_PLATE, "无牌", "无车牌", "新车未上牌"})

_P = f"[{PROVINCES}]"
_L = "[A-HJ-NP-Z]"
_A = "[A-HJ-NP-Z0-9]"
# (pattern on the plate without separators, kind, where the dot goes: after this many characters or None)
_PLATE_FORMS: tuple[tuple[re.Pattern[str], PlateKind, int | None], ...] = tuple(
    (re.compile(f"^{rx}$"), kind, dot) for rx, kind, dot in (
        (f"{_P}{_L}{_A}{{5}}", PlateKind.ORDINARY, 2),
        (f"{_P}{_L}[DF]{_A}[0-9]{{4}}", PlateKind.NEW_ENERGY_SMALL, 2),
        (f"{_P}{_L}[0-9]{{5}}[DF]", PlateKind.NEW_ENERGY_LARGE, 2),
        (f"{_P}{_L}{_A}{{4}}挂", PlateKind.TRAILER, 2),
        (f"{_P}{_L}{_A}{{4}}学", PlateKind.COACH, 2),
        (f"{_P}{_L}{_A}{{4}}警", PlateKind.POLICE, 2),
        (f"粤Z{_A}{{4}}港", PlateKind.HONG_KONG, 2),
        (f"粤Z{_A}{{4}}澳", PlateKind.MACAU, 2),
        (f"{_P}{_L}{_A}{{4}}领", PlateKind.CONSULATE, 2),
        (f"{_P}{_L}{_A}{{4}}[试超]", PlateKind.TEMPORARY, 2),
        (f"WJ{_P}[0-9]{{4}}[0-9A-HJ-NP-Z消边通森金警电]", PlateKind.ARMED_POLICE, 3),
        ("WJ[0-9]{4}[0-9A-HJ-NP-Z消边通森金警电]", PlateKind.ARMED_POLICE, 2),
        ("使[0-9]{6}", PlateKind.EMBASSY, 4),
        ("[0-9]{6}使", PlateKind.EMBASSY, 3),
        (f"{_P}{_L}{_A}{{6}}", PlateKind.TEMPORARY, 2),
        (f"临{_P}{_L}{_A}{{5,6}}", PlateKind.TEMPORARY, 3),
    )
)


@dataclass(frozen=True)
class PlateReading:
    """A plate as the shop stores it (粤B·12345) and the GA 36 kind it was recognised as."""

    plate: str
    kind: PlateKind

    @property
    def recognised(self) -> bool:
        return self.kind is not PlateKind.UNRECOGNISED


def _compact_plate(value: str) -> str:
    text = halfwidth(value or "").strip().upper()
    for sep in (" ", "\u3000", "-", ".", "·", "•", "・", "_"):
        text = text.replace(sep, "")
    return text


def is_no_plate(value: object) -> bool:
    """None or 未上牌 (said on purpose, never an empty field): a new car registered by its VIN until its plate
    comes."""
    return value is None or (isinstance(value, str) and _compact_plate(value) in NO_PLATE_WORDS)


def read_plate(value: str) -> PlateReading:
    """Recognise a plate in any GA 36 form; a text no form matches comes back UNRECOGNISED (as typed, cleaned).
    Refused only when it cannot be a plate at all: empty, symbols, or too short or long."""
    if not isinstance(value, str):
        raise InvalidInput("请填写车牌号（例：粤B·12345）。", "Please enter the plate (e.g. 粤B·12345).")
    compact = _compact_plate(value)
    if not compact:
        raise InvalidInput("请填写车牌号（例：粤B·12345）；新车还没有车牌请选“未上牌”。",
                           "Please enter the plate (e.g. 粤B·12345); for a new car without one choose 'no plate yet'.")
    if compact.endswith("号牌"):
        compact = compact[:-2]
    if compact.startswith("临时"):
        compact = "临" + compact[2:]
    for rx, kind, dot in _PLATE_FORMS:
        if rx.match(compact):
            plate = compact if dot is None else f"{compact[:dot]}·{compact[dot:]}"
            return PlateReading(plate, kind)
    if not (3 <= len(compact) <= 12) or not all(ch.isalnum() for ch in compact):
        raise InvalidInput(
            "车牌号只能含汉字、字母和数字，3 到 12 位（例：粤B·12345）。",
            "A plate holds Chinese characters, letters and digits only, 3 to 12 of them (e.g. 粤B·12345).",
        )
    return PlateReading(compact, PlateKind.UNRECOGNISED)


def normalise_plate(value: str) -> str:
    """A recognised plate in the form 粤B·12345 (dot added); full-width letters and digits from IMEs accepted.
    An unrecognised one raises UnrecognisedPlate, which reception answers with a confirmation."""
    reading = read_plate(value)
    if not reading.recognised:
        raise UnrecognisedPlate(
            f"车牌号 {reading.plate} 不是已知的号牌格式（例：粤B·12345，新能源：粤B·D12345，粤B·1234学，"
            "粤Z·1234港，WJ粤·12345，临时号牌）。请核对；确实如此请确认后保存，车辆会标记为“车牌待核”。",
            f"The plate {reading.plate} is not a known plate format (e.g. 粤B·12345, new energy 粤B·D12345, "
            "粤B·1234学, 粤Z·1234港). Check it; if it is right, confirm and the vehicle is flagged for checking.",
        )
    return reading.plate


def plate_search_key(value: str) -> str:
    """What a search for part of a plate compares against: half-width, upper case, no dot or space."""
    return _compact_plate(value)


def plate_shown(plate: str | None, vin: str) -> str:
    """How a vehicle is named on screens and papers: its plate, or 未上牌 and the VIN's last six."""
    return plate if plate else f"未上牌·{vin[-6:]}"


def reception_plate(value: object, *, confirm_unrecognised: bool = False) -> PlateReading | None:
    """The plate reception keeps: None for 未上牌; a recognised plate; an unrecognised one only once the advisor
    confirmed it (UnrecognisedPlate until then) — never a dead end."""
    if is_no_plate(value):
        return None
    if not isinstance(value, str):
        raise InvalidInput("请填写车牌号（例：粤B·12345）。", "Please enter the plate (e.g. 粤B·12345).")
    reading = read_plate(value)
    if not reading.recognised and not confirm_unrecognised:
        normalise_plate(value)  # raises UnrecognisedPlate with the sentence
    return reading


def _plate_identity(value: str) -> str:
    """A plate compared regardless of how it was written (临时粤A12345 = 临粤A·12345 = 粤A12345 on a 临 plate)."""
    try:
        compact = _compact_plate(read_plate(value).plate)
    except InvalidInput:
        compact = _compact_plate(value)
    return compact.removeprefix("临")


def car_matches(seen: str, plate: str | None, vin: str) -> bool:
    """F5: what the technician entered or scanned names this car — its plate in any written form (any GA 36
    kind, or the unrecognised one kept), or for a car without a plate yet its VIN or the VIN's last six."""
    typed = _compact_plate(seen)
    if plate:
        return bool(typed) and _plate_identity(seen) == _plate_identity(plate)
    return len(typed) >= 6 and (typed == vin or typed == vin[-6:])
