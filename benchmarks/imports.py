"""S3 import speed: `workshop bench-import [--db URL] [--rows N]`. An OEM price list of N parts (every field) is
written as CSV, imported through the same path as `workshop import-parts` (streamed read, chunked bulk
statements, one transaction) into an empty database, imported again (a rerun: every row unchanged), and set
against the floor: a raw DB-API executemany of the very same rows into the same empty table, nothing else.
Targets: >= 20,000 rows/s, import <= 3 x the floor, peak memory <= 200 MB.

The databases are scratch ones: SQLite temporary files; on PostgreSQL `<database>_import` and
`<database>_floor`, created if missing and emptied (DROP SCHEMA public) each run — never a shop's database."""

from __future__ import annotations

import random
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url

from workshop.db import migrate
from workshop.db.uow import Database
from workshop.domain.barcodes import ean13_check_digit

HEADER = "零件号,名称,单价,条码,库位,单位,最低库存,以旧换新,消耗品\n"
COLUMNS = ("part_no", "name", "price", "barcode", "bin_id", "unit", "min_stock", "old_for_new", "is_consumable",
           "on_hand", "avg_cost", "version")


def _row(i: int, rng: random.Random) -> tuple[str, str, str, str, str, str, str, bool]:
    body = f"69{i:010d}"
    return (f"VW{i:08d}A", f"配件名称{i % 977}", f"{rng.randint(1, 99999)}.{rng.randint(0, 99):02d}",
            body + str(ean13_check_digit(body)), f"B-{i % 500:03d}", "件" if i % 7 else "升", str(i % 5),
            i % 50 == 0)


def write_price_list(path: Path, rows: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(HEADER)
        for i in range(rows):
            no, name, price, bc, bin_, unit, min_, ofn = _row(i, rng)
            f.write(f"{no},{name},{price},{bc},{bin_},{unit},{min_},{'是' if ofn else '否'},否\n")


def _fresh(url: str) -> Database:
    u = make_url(url)
    if u.get_backend_name() == "postgresql":
        from benchmarks.suite import ensure_pg_database

        ensure_pg_database(url)
        db = Database(url)
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        db.dispose()
    db = Database(url)
    migrate.upgrade(db)
    return db


def _floor(db: Database, csv_path: Path, bins: int = 500) -> float:
    """The same rows as tuples (read beforehand, not timed) -> one executemany per 5,000 and a commit."""
    with db.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO bins (code, description) VALUES " +
                             ", ".join(f"('B-{i:03d}', '')" for i in range(bins)))
        bin_ids: dict[str, int] = {code: bid for code, bid in conn.exec_driver_sql("SELECT code, id FROM bins")}
    tuples = []
    with csv_path.open(encoding="utf-8") as f:
        next(f)
        for line in f:
            no, name, price, bc, bin_, unit, min_, ofn, cons = line.rstrip("\n").split(",")
            tuples.append((no, name, float(price), bc, bin_ids[bin_], unit, float(min_), ofn == "是", cons == "是",
                           0.0, 0.0, 1))
    mark = "?" if db.engine.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO parts ({', '.join(COLUMNS)}) VALUES ({', '.join([mark] * len(COLUMNS))})"
    start = time.perf_counter()
    with db.engine.begin() as conn:  # one transaction, begun as the app begins it; then the driver's own cursor
        cur = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        for i in range(0, len(tuples), 5000):
            cur.executemany(sql, tuples[i:i + 5000])
    return time.perf_counter() - start


def _import(db: Database, csv_path: Path) -> tuple[float, str]:
    from workshop.services.bulk_import import import_parts, rows_of
    from workshop.tables import open_table

    start = time.perf_counter()
    table = open_table(csv_path)
    try:
        report = import_parts(db.uow(), None, rows_of("parts", table.header, table.rows))
    finally:
        table.close()
    return time.perf_counter() - start, report.summary("en")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def run(url: str | None, rows: int = 300_000, log: Callable[[str], None] = print) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="workshop-bench-import-") as tmp:
        folder = Path(tmp)
        csv_path = folder / "price-list.csv"
        write_price_list(csv_path, rows)
        log(f"price list: {rows:,} rows, {csv_path.stat().st_size / 1e6:.1f} MB")
        base = url or f"sqlite:///{folder / 'import.sqlite'}"
        is_pg = make_url(base).get_backend_name() == "postgresql"
        if is_pg:
            from benchmarks.suite import companion_url

            import_url, floor_url = companion_url(base, "import"), companion_url(base, "floor")
        else:
            import_url, floor_url = f"sqlite:///{folder / 'import.sqlite'}", f"sqlite:///{folder / 'floor.sqlite'}"
        rss_before = _peak_mb()
        db = _fresh(import_url)
        try:
            first, summary = _import(db, csv_path)
            log(f"import: {first:.2f} s ({summary})")
            peak = _peak_mb()
            rerun, summary2 = _import(db, csv_path)
            log(f"rerun: {rerun:.2f} s ({summary2})")
        finally:
            db.dispose()
        floor_db = _fresh(floor_url)
        try:
            floor = _floor(floor_db, csv_path)
            log(f"raw executemany floor: {floor:.2f} s")
        finally:
            floor_db.dispose()
    result: dict[str, Any] = {
        "backend": "postgresql" if is_pg else "sqlite", "rows": rows,
        "import_s": round(first, 2), "import_rows_per_s": round(rows / first),
        "rerun_s": round(rerun, 2), "rerun_rows_per_s": round(rows / rerun),
        "floor_s": round(floor, 2), "floor_rows_per_s": round(rows / floor), "import_over_floor": round(first / floor, 2),
        "peak_rss_mb": round(peak, 1), "peak_rss_growth_mb": round(peak - rss_before, 1),
    }
    result["targets"] = {
        "rows_per_s >= 20000": result["import_rows_per_s"] >= 20_000,
        "import <= 3 x floor": result["import_over_floor"] <= 3,
        "peak memory <= 200 MB": result["peak_rss_mb"] <= 200,
    }
    return result
