"""F6: an added item's priced lines, for the consent dialog (the customer agrees to a price, not to a name)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from workshop.db.models import LaborLine, Part, PartLine
from workshop.db.uow import Database
from workshop.domain.money import money


@dataclass(frozen=True)
class PricedItemLine:
    kind: str          # labor, part
    text: str          # description / part number and name
    quantity: Decimal  # hours / quantity
    price: Decimal     # rate / unit price
    amount: Decimal


def added_item_lines(db: Database, added_item_id: int) -> list[PricedItemLine]:
    with db.read() as s:
        labor = [PricedItemLine("labor", d, Decimal(h), Decimal(r), money(Decimal(h) * Decimal(r)))
                 for d, h, r in s.execute(select(LaborLine.description, LaborLine.hours, LaborLine.rate)
                                          .where(LaborLine.added_item_id == added_item_id).order_by(LaborLine.id))]
        parts = [PricedItemLine("part", f"{no} {name}", Decimal(q), Decimal(p), money(Decimal(q) * Decimal(p)))
                 for no, name, q, p in s.execute(
                     select(Part.part_no, Part.name, PartLine.quantity, PartLine.unit_price)
                     .join(Part, Part.id == PartLine.part_id)
                     .where(PartLine.added_item_id == added_item_id).order_by(PartLine.id))]
    return labor + parts
