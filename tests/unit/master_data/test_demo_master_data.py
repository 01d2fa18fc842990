"""S1: the demo shop's master data is what a shop could enter on its screens — every labor operation, supplier,
bin and part passes the master-data services' checks unchanged, and the profile and team rates are set."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from workshop import demo
from workshop.db.models import Bin, LaborOperation, Part, Supplier
from workshop.db.uow import Database
from workshop.services import labor_catalog, parts_catalog, shop_profile, suppliers, team_rates

NOW = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)


def test_s1_demo_master_data_passes_the_services_checks(db: Database) -> None:
    demo.generate(db, "small", seed=3, now=NOW)
    with db.read() as s:
        for op in s.scalars(select(LaborOperation)):
            checked = labor_catalog.labor_operation_values(code=op.code, name=op.name, standard_hours=op.standard_hours,
                                                           rate=op.rate, team=op.team, kind=op.kind)
            assert checked == {"code": op.code, "name": op.name, "standard_hours": op.standard_hours,
                               "rate": op.rate, "team": op.team, "kind": op.kind}
        for sup in s.scalars(select(Supplier)):
            assert suppliers.supplier_values(name=sup.name, contact=sup.contact, phone=sup.phone, terms=sup.terms,
                                             is_manufacturer=sup.is_manufacturer)["name"] == sup.name
            assert sup.contact and sup.terms
        for b in s.scalars(select(Bin).limit(200)):
            assert suppliers.bin_values(code=b.code, description=b.description) == {"code": b.code,
                                                                                   "description": b.description}
        for p in s.scalars(select(Part).limit(500)):
            checked = parts_catalog.part_values(part_no=p.part_no, name=p.name, price=p.price, barcode=p.barcode,
                                                unit=p.unit, min_stock=p.min_stock, old_for_new=p.old_for_new,
                                                is_consumable=p.is_consumable)
            assert checked["part_no"] == p.part_no and checked["barcode"] == p.barcode
            assert p.supplier_id is not None
    assert shop_profile.get_shop_profile(db).name == "广州粤通汽车销售服务有限公司"
    assert all(r.effective_from is not None for r in team_rates.current_team_rates(db, NOW))
