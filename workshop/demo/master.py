"""Master data: users, suppliers, bins, the parts and labor catalogs, special tools, customers and vehicles."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from workshop.db.uow import Database
from workshop.demo import catalog as C
from workshop.demo.context import Gen, ScaleSpec
from workshop.demo.timeline import DAY, dtn
from workshop.domain.vehicle import make_vin, normalise_plate, plate_search_key
from workshop.services import labor_catalog, parts_catalog, shop_profile, suppliers, team_rates

PLATE_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ"  # no I, O (plates) and no Q (VIN-safe too)
DIGITS = "0123456789"
KNOWN_PART_NOS = {("90915", 0): "90915-YZZE1", ("04465", 0): "04465-02220", ("90919", 0): "90919-01253",
                  ("87139", 0): "87139-0K060", ("17801", 0): "17801-0H050", ("28800", 0): "28800-0V060"}


@dataclass
class PartInfo:
    id: int
    template: int
    model: int | None
    price_c: int   # retail price in fen
    cost_c: int    # receipt cost in fen
    consumable: bool
    old_for_new: bool
    row: dict[str, object]


@dataclass
class VehicleInfo:
    id: int
    customer_id: int
    model: int
    purchase: int        # epoch seconds
    km_per_day: float
    internal: bool


def ean13(first12: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return first12 + str((10 - total % 10) % 10)


def extra_technicians(g: Gen) -> list[tuple[str, str, str, str | None]]:
    """A bigger shop has more technicians: about one per three cars a day (each works one job at a time, W5),
    beyond the 14 of the small shop; two in three in 机修, the rest in 钣喷."""
    count = max(0, g.spec.recent_per_day // 3 - 14)
    return [(f"tech{13 + i}", C.SURNAMES[(7 * i + 3) % len(C.SURNAMES)] + C.GIVEN[(11 * i + 5) % len(C.GIVEN)]
             + C.GIVEN[(5 * i + 1) % len(C.GIVEN)], "technician", "钣喷" if i % 3 == 2 else "机修")
            for i in range(count)]


def make_users(g: Gen, password_hash: str, existing: dict[str, int]) -> None:
    for username, display, role, team in (*C.CORE_USERS, *C.MORE_USERS, *extra_technicians(g)):
        if username in existing:
            uid = existing[username]
        else:
            uid = g.ids.next("users")
            g.add("users", {"id": uid, "username": username, "display_name": display, "password_hash": password_hash,
                            "badge_code": f"EMP{uid:05d}", "team": team, "phone": phone(g), "is_active": True,
                            "failed_logins": 0, "locked_until": None, "created_at": dtn(g.start - 30 * DAY),
                            "last_login_at": None})
            g.add("user_roles", {"user_id": uid, "role": role})
        g.users[username] = uid
        if role in ("technician", "team_leader") and team:
            g.team_techs.setdefault(team, []).append(uid)
        if role in ("advisor", "front_desk_lead"):
            g.advisors.append(uid)


def save_profile_and_rates(db: Database, g: Gen) -> None:
    """The demo shop's profile and its teams' rates, through the services the set-up screens call (S1)."""
    shop_profile.save_shop_profile(db.uow(), None, name=C.SHOP_NAME, address="广州市天河区黄埔大道西 888 号",
                                   phone="020-88881234", tax_no="91440101MA5CXXXX1K",
                                   bank_account="中国工商银行广州天河支行 3602 0000 0000 0000 000")
    since = dtn(g.start - 400 * DAY)
    for team, cost, piece in C.TEAM_RATES:
        team_rates.set_team_rates(db.uow(), None, team, cost_rate=cost, piece_rate=piece, effective_from=since)


def phone(g: Gen) -> str:
    return g.rng.choice(C.MOBILE_PREFIXES) + f"{g.rng.randrange(10**8):08d}"


def make_catalogs(g: Gen) -> tuple[list[PartInfo], dict[tuple[int, int | None], list[int]]]:
    """Suppliers, bins, labor operations, tools and parts. Returns the parts and (template, model) -> parts."""
    rng = g.rng
    # the rows are checked by the same functions the master-data services write with (S1): the demo cannot
    # hold a row a shop could not enter on its screens
    for name, manufacturer in C.SUPPLIERS:
        g.add("suppliers", {"id": g.ids.next("suppliers"), **suppliers.supplier_values(
            name=name, contact=rng.choice(C.SURNAMES) + "经理", phone=phone(g),
            terms="月结 30 天" if manufacturer else "现款现货", is_manufacturer=manufacturer)})
    bins: list[int] = []
    racks = "ABCDEFGHJKLM"
    n_bins = min(720, max(60, g.spec.parts // 8))
    for i in range(n_bins):
        rack, rest = divmod(i, 60)
        shelf, pos = divmod(rest, 6)
        bid = g.ids.next("bins")
        bins.append(bid)
        g.add("bins", {"id": bid, **suppliers.bin_values(code=f"{racks[rack]}-{shelf + 1:02d}-{pos + 1:02d}",
                                                         description=f"{racks[rack]}区 {shelf + 1}号货架 第{pos + 1}层")})
    for code, name, hours, rate, team, group in C.LABOR_OPS:
        g.add("labor_operations", {"id": g.ids.next("labor_operations"), **labor_catalog.labor_operation_values(
            code=code, name=name, standard_hours=Decimal(hours), rate=Decimal(rate), team=team,
            kind=_labor_kind(group))})
    for i in range(g.spec.tools):
        name, brand, model, price = C.TOOLS[i % len(C.TOOLS)]
        copy = i // len(C.TOOLS)
        g.add("tools", {"id": g.ids.next("tools"), "code": f"ST-{i + 1:03d}", "name": name + (f" #{copy + 1}" if copy else ""),
                        "brand": brand, "model": model, "location": f"工具室 {'ABCD'[i % 4]}柜-{i // 4 + 1:02d}",
                        "original_price": Decimal(price), "state": "in", "version": 1})
    manufacturer_id = next(row["id"] for row in g.rows["suppliers"] if row["is_manufacturer"])
    parts: list[PartInfo] = []
    by_key: dict[tuple[int, int | None], list[int]] = {}
    used_nos: set[str] = set()
    used_codes: set[str] = set()

    def add_part(t_idx: int, model: int | None, variant: str) -> None:
        t = C.PART_TEMPLATES[t_idx]
        no = KNOWN_PART_NOS.get((t.prefix, model or 0), "") if not variant else ""
        while not no or no in used_nos:
            no = f"{t.prefix}-{_suffix(g)}"
        used_nos.add(no)
        name = t.name
        if model is not None:
            name += f"（{' '.join(C.MODELS[model][0].split(' ')[:2])}{variant}）"
        low, high = t.price
        price = rng.randint(low, high)
        if price > 200:
            price = price // 5 * 5
        price_c = price * 100
        cost_c = int(price_c * rng.uniform(0.55, 0.82))
        barcode = None
        if rng.random() < 0.4:
            while barcode is None or barcode in used_codes:
                barcode = ean13("690" + f"{rng.randrange(10**9):09d}")
            used_codes.add(barcode)
        pid = g.ids.next("parts")
        checked = parts_catalog.part_values(part_no=no, name=name, price=Decimal(price_c) / 100, barcode=barcode,
                                            unit=t.unit, min_stock=Decimal(0), old_for_new=t.old_for_new,
                                            is_consumable=t.consumable)
        del checked["min_stock"]  # the ledger simulation sets it with the stock (extras.part_rows)
        info = PartInfo(pid, t_idx, model, price_c, cost_c, t.consumable, t.old_for_new, {
            "id": pid, **checked, "bin_id": rng.choice(bins), "supplier_id": manufacturer_id, "version": 1})
        parts.append(info)
        by_key.setdefault((t_idx, model), []).append(pid)

    for t_idx, t in enumerate(C.PART_TEMPLATES):
        if not t.per_model:
            add_part(t_idx, None, "")
            continue
        for m in range(g.spec.models):
            add_part(t_idx, m, "")
    per_model = [i for i, t in enumerate(C.PART_TEMPLATES) if t.per_model]
    colours = ("珍珠白", "铂金银", "墨晶黑", "赤焰红", "星光蓝", "钛金灰")
    while len(parts) < g.spec.parts:
        t_idx = rng.choice(per_model)
        m = rng.randrange(g.spec.models)
        year = rng.choice(("2015-2017款", "2018-2020款", "2021-2023款", "2024款"))
        variant = f" {year}"
        if C.PART_TEMPLATES[t_idx].group == "body":
            variant += f" {rng.choice(colours)}"
        add_part(t_idx, m, variant)
    return parts, by_key


def _labor_kind(group: str) -> str:
    """The demo catalog's groups as the labor kinds a shop picks from (workshop.domain.master_data.LaborKind)."""
    if group.startswith("maintenance"):
        return "maintenance"
    return group if group in ("body", "paint") else "repair"


def _suffix(g: Gen) -> str:
    rng = g.rng
    form = rng.random()
    if form < 0.55:
        return f"{rng.randrange(100000):05d}"
    if form < 0.85:
        return "0" + rng.choice(PLATE_CHARS) + f"{rng.randrange(1000):03d}"
    return "YZZ" + rng.choice(PLATE_CHARS) + rng.choice(DIGITS)


def make_customers(g: Gen) -> list[VehicleInfo]:
    rng = g.rng
    vehicles: list[VehicleInfo] = []
    used_plates: set[str] = set()
    used_vins: set[str] = set()
    model_weights = [m[3] for m in C.MODELS[: g.spec.models]]
    models = list(range(g.spec.models))
    shop_id = g.ids.next("customers")
    g.add("customers", {"id": shop_id, "name": C.SHOP_NAME, "phone": "020-8888" + f"{rng.randrange(10000):04d}",
                        "address": "广州市天河区黄埔大道西 888 号", "created_at": dtn(g.start - 400 * DAY), "version": 1})
    companies: set[str] = set()
    names = random.Random(g.spec.customers)  # the company names' own stream (seeded by the scale)
    for i in range(g.spec.customers + 1):
        internal = i == 0
        if internal:
            cid = shop_id
        else:
            cid = g.ids.next("customers")
            company = rng.random() < 0.04
            if company:  # the main stream's two draws as they always were, so the rest of the demo stays the same
                rng.choice(C.DISTRICTS), rng.randrange(5)
            name = (_company_name(names, companies) if company
                    else rng.choice(C.SURNAMES) + "".join(rng.choice(C.GIVEN) for _ in range(rng.choice((1, 2, 2)))))
            g.add("customers", {
                "id": cid, "name": name, "phone": phone(g),
                "address": f"广州市{rng.choice(C.DISTRICTS)}{rng.choice(C.STREETS)}{rng.randint(1, 999)}号"
                           f"{rng.choice(C.SURNAMES)}{rng.choice(C.GIVEN)}{rng.choice(C.BUILDINGS)}"
                           f"{rng.randint(1, 30)}栋{rng.randint(1, 33)}0{rng.randint(1, 8)}",
                "created_at": dtn(g.start - rng.randrange(0, 900) * DAY), "version": 1})
        count = 6 if internal else rng.choices((1, 2, 3), (85, 13, 2))[0]
        for _ in range(count):
            model = rng.choices(models, model_weights)[0]
            purchase = g.now - rng.randrange(20, g.spec.history_days + 6 * 365) * DAY
            if internal:
                purchase = g.now - rng.randrange(30, 400) * DAY
            vehicles.append(_vehicle(g, cid, model, purchase, internal, used_plates, used_vins))
    own = random.Random(g.spec.work_orders)  # the shop's further cars: their own stream, the rest stays the same
    for _ in range(own_fleet(g.spec) - 6):
        model = own.choices(models, model_weights)[0]
        purchase = g.start - own.randrange(0, 400) * DAY
        vehicles.append(_vehicle(g, shop_id, model, purchase, True, used_plates, used_vins, own))
    return vehicles


def own_fleet(spec: ScaleSpec) -> int:
    """The shop's own cars (test-drive and loan cars, stock awaiting sale, used cars being reconditioned) that its
    internal work orders (~8 % of all) are spread over: each comes in two or three times a month, not - as
    when six cars took them all - 55 times (an oil change twice a week, and a 'comeback' at each)."""
    per_month = 0.08 * spec.work_orders / max(1.0, spec.history_days / 30)
    return max(6, round(per_month / 2.5))


def _vehicle(g: Gen, cid: int, model: int, purchase: int, internal: bool, used_plates: set[str],
             used_vins: set[str], stream: random.Random | None = None) -> VehicleInfo:
    rng = stream or g.rng
    name, vds, nev, _share = C.MODELS[model]
    pdate = datetime.fromtimestamp(purchase, UTC).date()
    year_code = C.VIN_YEAR[max(0, min(len(C.VIN_YEAR) - 1, pdate.year - 2010))]
    vin = ""
    while not vin or vin in used_vins:
        vin = make_vin(f"LVG{vds}{year_code}G{rng.randrange(10**6):06d}")
    used_vins.add(vin)
    plate = ""
    while not plate or plate in used_plates:
        city = rng.choices([c for c, _ in C.PLATE_CITIES], [w for _, w in C.PLATE_CITIES])[0]
        if nev:
            body = rng.choice("DF") + rng.choice(PLATE_CHARS + DIGITS) + f"{rng.randrange(10000):04d}"
        else:
            chars = [rng.choice(DIGITS) for _ in range(5)]
            for _ in range(rng.choices((0, 1, 2), (30, 50, 20))[0]):
                chars[rng.randrange(5)] = rng.choice(PLATE_CHARS)
            body = "".join(chars)
        plate = normalise_plate(f"粤{city}·{body}")
    used_plates.add(plate)
    vid = g.ids.next("vehicles")
    km_per_day = rng.uniform(15, 85)
    g.add("vehicles", {"id": vid, "customer_id": cid, "plate": plate, "plate_key": plate_search_key(plate), "vin": vin,
                       "brand": C.BRAND, "model": name, "purchase_date": pdate, "last_mileage": 0,
                       "warranty_months": 36, "warranty_km": 100000, "created_at": dtn(max(purchase, g.start - 400 * DAY)),
                       "version": 1})
    return VehicleInfo(vid, cid, model, purchase, km_per_day, internal)


def in_warranty(v: VehicleInfo, at: int, mileage: int) -> bool:
    pdate = datetime.fromtimestamp(v.purchase, UTC).date()
    now = datetime.fromtimestamp(at, UTC).date()
    months = (now.year - pdate.year) * 12 + now.month - pdate.month - (1 if now.day < pdate.day else 0)
    return months < 36 and mileage < 100000


def _company_name(rng: random.Random, taken: set[str]) -> str:
    """A company customer's name, not one already given (5,280 forms: a large shop's 2,000 companies each their
    own; after 20 draws a branch number keeps even a huge demo unique)."""
    name = ""
    for _ in range(20):
        name = f"广州{rng.choice(C.DISTRICTS)[:2]}{rng.choice(C.COMPANY_STEMS)}{rng.choice(C.COMPANY_TRADES)}有限公司"
        if name not in taken:
            break
    else:
        name = name.replace("有限公司", f"有限公司第{len(taken)}分公司")
    taken.add(name)
    return name
