"""S1: the shop's profile — name, address, phone, tax number, bank account and logo — printed on every document.
Every document reads the company through company_name()/shop_profile() here, never a setting of its own."""

from __future__ import annotations

from pathlib import Path

from workshop.db.models import Setting
from workshop.db.shop_profile_store import KEYS as KEYS
from workshop.db.shop_profile_store import ShopProfile as ShopProfile
from workshop.db.shop_profile_store import company_name as company_name
from workshop.db.shop_profile_store import get_shop_profile as get_shop_profile
from workshop.db.shop_profile_store import shop_profile as shop_profile
from workshop.db.uow import UnitOfWork
from workshop.domain.errors import InvalidInput
from workshop.domain.roles import Actor, Perm
from workshop.domain.text import clean_text, halfwidth

LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")


def _tax_no(value: object) -> str:
    text = halfwidth(clean_text(value, "纳税人识别号", "Tax number", max_len=30, required=False)).upper()
    if text and not (text.isascii() and text.isalnum() and 15 <= len(text) <= 20):
        raise InvalidInput("纳税人识别号应为 15 到 20 位字母或数字（统一社会信用代码 18 位）。",
                           "The tax number is 15 to 20 letters or digits (the unified social credit code has 18).")
    return text


def _logo(value: object) -> str:
    text = clean_text(value, "标志图片", "Logo", max_len=200, required=False)
    if text:
        path = Path(text).expanduser()
        if path.suffix.lower() not in LOGO_SUFFIXES or not path.is_file():
            raise InvalidInput(f"找不到标志图片 {text}（应为 PNG 或 JPG 文件）。",
                               f"No logo picture at {text} (a PNG or JPG file is needed).")
    return text


def save_shop_profile(uow: UnitOfWork, actor: Actor | None, *, name: str, address: str = "", phone: str = "",
                      tax_no: str = "", bank_account: str = "", logo_path: str = "") -> ShopProfile:
    """actor None: the `workshop shop` command, run by whoever holds the database."""
    with uow:
        if actor is not None:
            uow.authorize(actor, Perm.MASTER_DATA)
        profile = _checked_profile(name, address, phone, tax_no, bank_account, logo_path)
        before = shop_profile(uow.session)
        for field, key in KEYS.items():
            row = uow.session.get(Setting, key)
            value = getattr(profile, field)
            if row is None:
                uow.session.add(Setting(key=key, value=value))
            else:
                row.value = value
        uow.audit(actor, "shop_profile.save", "setting", "shop_profile",
                  before={k: v for k, v in before.__dict__.items() if v != getattr(profile, k)},
                  after={k: v for k, v in profile.__dict__.items() if v != getattr(before, k)})
        uow.commit()
    return profile


def _checked_profile(name: object, address: object, phone: object, tax_no: object, bank_account: object,
                     logo_path: object) -> ShopProfile:
    return ShopProfile(
        name=clean_text(name, "店名", "Shop name", max_len=100),
        address=clean_text(address, "地址", "Address", max_len=200, required=False),
        phone=halfwidth(clean_text(phone, "电话", "Phone", max_len=30, required=False)),
        tax_no=_tax_no(tax_no),
        bank_account=clean_text(bank_account, "开户行及账号", "Bank account", max_len=200, required=False),
        logo_path=_logo(logo_path),
    )
