"""S1: the shop's profile as every document reads it (company_name()/shop_profile()), never a setting of its
own. Saving it is workshop.services.shop_profile."""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy.orm import Session

from workshop.db.settings_store import all_settings
from workshop.db.uow import Database


@dataclass(frozen=True)
class ShopProfile:
    name: str
    address: str = ""
    phone: str = ""
    tax_no: str = ""          # 纳税人识别号 / 统一社会信用代码
    bank_account: str = ""    # 开户行及账号
    logo_path: str = ""       # a PNG or JPEG on this computer

    @property
    def is_set(self) -> bool:
        return bool(self.name)


KEYS = {f.name: f"shop_{f.name}" for f in fields(ShopProfile)}  # name -> "shop_name", ...


def shop_profile(session: Session) -> ShopProfile:
    values = all_settings(session)
    return ShopProfile(**{field: values.get(key, "") for field, key in KEYS.items()})


def company_name(session: Session) -> str:
    """The name every document prints (work order, quote, settlement, receipts, labels, reports)."""
    return shop_profile(session).name


def get_shop_profile(db: Database) -> ShopProfile:
    with db.read() as s:
        return shop_profile(s)
