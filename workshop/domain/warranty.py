"""F3: the manufacturer's warranty of a vehicle: in warranty only when both the date and the mileage are
within the terms. Pure: reception (the front-desk service), the work order's read side and printing use it."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class WarrantyStatus:
    """F3: in warranty only when both the date and the mileage are within the manufacturer's terms."""

    in_warranty: bool
    by_date: bool
    by_mileage: bool
    ends_on: date
    km_limit: int
    mileage: int
    reasons_zh: tuple[str, ...]
    reasons_en: tuple[str, ...]

    def text(self, language: str = "zh") -> str:
        parts = self.reasons_en if language.startswith("en") else self.reasons_zh
        return ("; " if language.startswith("en") else "；").join(parts)


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def warranty_status(purchase_date: date, warranty_months: int, warranty_km: int, mileage: int,
                    on: date) -> WarrantyStatus:
    """F3: in warranty by date (until the day before purchase + months) AND by mileage (up to the km limit)."""
    ends_on = _add_months(purchase_date, warranty_months) - timedelta(days=1)
    by_date = on <= ends_on
    by_mileage = mileage <= warranty_km
    zh: list[str] = []
    en: list[str] = []
    if by_date:
        zh.append(f"保修期至 {ends_on:%Y-%m-%d}，在期内")
        en.append(f"warranty runs until {ends_on:%Y-%m-%d}: within")
    else:
        zh.append(f"保修期已于 {ends_on:%Y-%m-%d} 到期")
        en.append(f"the warranty period ended on {ends_on:%Y-%m-%d}")
    if by_mileage:
        zh.append(f"里程 {mileage} 公里未超过 {warranty_km} 公里")
        en.append(f"{mileage} km is within the {warranty_km} km limit")
    else:
        zh.append(f"里程 {mileage} 公里已超过保修里程 {warranty_km} 公里")
        en.append(f"{mileage} km is over the {warranty_km} km limit")
    return WarrantyStatus(
        in_warranty=by_date and by_mileage, by_date=by_date, by_mileage=by_mileage, ends_on=ends_on,
        km_limit=warranty_km, mileage=mileage, reasons_zh=tuple(zh), reasons_en=tuple(en),
    )
