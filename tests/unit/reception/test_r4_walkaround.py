"""R4: the walk-around at reception — fuel, mileage, valuables, warning lamps, tyres, damage marked on the car
outline and photos — kept with the work order (in the database, so its backups) and printed on the work order
for the customer's signature; bad photos refused with a sentence, nothing half-written."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.helpers.front_desk_data import add_shop, open_order
from tests.helpers.photos import jpeg
from workshop.db.models import AuditEntry, WalkaroundPhoto
from workshop.db.uow import Database
from workshop.domain.errors import InvalidInput, PermissionDenied, RuleViolation
from workshop.domain.roles import Actor, Role
from workshop.domain.walkaround import MAX_PHOTOS, DamageMark, image_facts
from workshop.printing.documents import work_order_pdf
from workshop.queries.walkaround import photos_of, thumbs_of, walkaround_of
from workshop.services import walkaround

PDF_LIMIT = 2_000_000
MARKS = [DamageMark(0.2, 0.1, "scratch"), (0.85, 0.5, "dent"), DamageMark(0.5, 0.95, "crack")]


def _save(db: Database, people: dict[Role, Actor], number: str, **kw: object) -> walkaround.WalkaroundSaved:
    values: dict[str, object] = {"fuel_eighths": 4, "mileage": 31000, "valuables": "行车记录仪、墨镜",
                                 "warning_lamps": ["tpms", "engine"], "tyres": {"lf": "worn", "rr": "low"},
                                 "marks": MARKS, "note": "右后门有旧划痕，客户知悉"}
    values.update(kw)
    return walkaround.save_walkaround(db.uow(), people[Role.ADVISOR], number, **values)  # type: ignore[arg-type]


def _photos(db: Database, people: dict[Role, Actor], number: str, n: int, *, noise: bool = False) -> None:
    for i in range(n):
        walkaround.add_walkaround_photo(db.uow(), people[Role.ADVISOR], number,
                                        data=jpeg(1024, 768, seed=i, noise=noise, quality=60) if noise
                                        else jpeg(800, 600, seed=i),
                                        thumb=jpeg(320, 240, seed=i, noise=noise, quality=60), source="file",
                                        caption=f"左前 {i + 1}")


def test_r4_walkaround_checklist_and_damage_marks_are_kept(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    number = open_order(db, people, shop).number
    assert walkaround_of(db, number) is None
    saved = _save(db, people, number)
    assert saved.version == 1 and saved.marks == 3
    view = walkaround_of(db, number)
    assert view is not None
    assert (view.fuel_eighths, view.mileage, view.valuables) == (4, 31000, "行车记录仪、墨镜")
    assert view.warning_lamps == ("engine", "tpms") and view.tyres == {"lf": "worn", "rr": "low"}
    assert [m.kind for m in view.marks] == ["scratch", "dent", "crack"] and view.marks[1].x == 0.85
    again = _save(db, people, number, fuel_eighths=8, marks=[], expected_version=1)
    assert again.version == 2 and walkaround_of(db, number).marks == ()  # type: ignore[union-attr]


@pytest.mark.parametrize("bad", [
    {"fuel_eighths": 9}, {"mileage": -1}, {"warning_lamps": ["smoke"]}, {"tyres": {"lf": "flat"}},
    {"marks": [(1.5, 0.2, "scratch")]}, {"marks": [(0.5, 0.2, "rust")]}, {"marks": [(0.5, 0.5, "dent")] * 41},
])
def test_r4_bad_checklist_refused_with_a_sentence(db: Database, people: dict[Role, Actor],
                                                  bad: dict[str, object]) -> None:
    shop = add_shop(db, people)
    number = open_order(db, people, shop).number
    with pytest.raises(InvalidInput):
        _save(db, people, number, **bad)
    assert walkaround_of(db, number) is None


def test_r4_photo_bad_input_each_a_sentence_nothing_half_written(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    number = open_order(db, people, shop).number
    advisor, thumb = people[Role.ADVISOR], jpeg(320, 240)
    huge = b"\xff\xd8\xff\xe0" + bytes(20_000_000)  # a 20 MB "photo" nobody resized
    with pytest.raises(InvalidInput, match="太大"):
        walkaround.add_walkaround_photo(db.uow(), advisor, number, data=huge, thumb=thumb)
    with pytest.raises(InvalidInput, match="不是图片"):
        walkaround.add_walkaround_photo(db.uow(), advisor, number, data=b"%PDF-1.4 not a photo", thumb=thumb)
    with pytest.raises(InvalidInput, match="损坏"):
        walkaround.add_walkaround_photo(db.uow(), advisor, number, data=jpeg()[:40], thumb=thumb)
    with pytest.raises(InvalidInput, match="缩略图"):
        walkaround.add_walkaround_photo(db.uow(), advisor, number, data=jpeg(), thumb=b"")
    with pytest.raises(PermissionDenied):
        walkaround.add_walkaround_photo(db.uow(), people[Role.TECHNICIAN], number, data=jpeg(), thumb=thumb)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(WalkaroundPhoto)) == 0
        assert s.scalar(select(func.count()).select_from(AuditEntry)
                        .where(AuditEntry.action.like("walkaround.%"))) == 0
    _photos(db, people, number, MAX_PHOTOS)
    with pytest.raises(RuleViolation, match=str(MAX_PHOTOS)):
        walkaround.add_walkaround_photo(db.uow(), advisor, number, data=jpeg(), thumb=thumb)
    metas = photos_of(db, number)
    assert len(metas) == MAX_PHOTOS and (metas[0].width, metas[0].height) == (800, 600)
    walkaround.remove_walkaround_photo(db.uow(), advisor, number, metas[0].id)
    assert len(thumbs_of(db, number)) == MAX_PHOTOS - 1


def test_r4_image_facts_reads_jpeg_and_png_sizes_without_an_imaging_library() -> None:
    import zlib

    assert image_facts(jpeg(640, 480), limit=10**6).width == 640
    raw = b"\x00\xff\x00\x00" * 1  # one row of one RGB pixel
    png = (b"\x89PNG\r\n\x1a\n" + (13).to_bytes(4, "big") + b"IHDR" + (3).to_bytes(4, "big") + (2).to_bytes(4, "big")
           + b"\x08\x02\x00\x00\x00" + b"\x00\x00\x00\x00" + zlib.compress(raw))
    facts = image_facts(png, limit=10**6)
    assert (facts.mime, facts.width, facts.height) == ("image/png", 3, 2)


def _pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout


def test_r4_the_work_order_prints_the_walkaround_for_the_signature(db: Database, people: dict[Role, Actor],
                                                                   tmp_path: Path) -> None:
    shop = add_shop(db, people)
    number = open_order(db, people, shop).number
    _save(db, people, number)
    _photos(db, people, number, 2)
    out = work_order_pdf(db, number, tmp_path / "wo.pdf")
    assert out is not None
    text = _pdf_text(out)
    for words in ("环车检查", "油量", "1/2", "行车记录仪", "胎压灯", "左前 磨损", "1. 划痕", "2. 凹陷", "客户确认以上车辆状况"):
        assert words in text, words


def test_r4_the_work_order_pdf_stays_under_2_mb_with_every_photo(db: Database, people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    number = open_order(db, people, shop).number
    _save(db, people, number)
    _photos(db, people, number, MAX_PHOTOS, noise=True)  # the worst case: photos that do not compress
    assert sum(m.size for m in photos_of(db, number)) > PDF_LIMIT  # the photos themselves would not fit…
    buf = io.BytesIO()
    work_order_pdf(db, number, buf)
    assert buf.getvalue().startswith(b"%PDF") and len(buf.getvalue()) < PDF_LIMIT  # …their thumbnails do


def test_r4_a_walkaround_without_photos_and_an_order_without_one_print(db: Database,
                                                                       people: dict[Role, Actor]) -> None:
    shop = add_shop(db, people)
    number = open_order(db, people, shop).number
    buf = io.BytesIO()
    work_order_pdf(db, number, buf)  # no walk-around: the work order prints as before
    _save(db, people, number, marks=[], warning_lamps=[], valuables="")
    work_order_pdf(db, number, io.BytesIO())


def test_r4_photos_are_in_the_backup_and_a_restore_brings_them_back(db: Database, people: dict[Role, Actor],
                                                                     tmp_path: Path) -> None:
    from workshop.services import backup, restore

    shop = add_shop(db, people)
    number = open_order(db, people, shop).number
    _save(db, people, number)
    _photos(db, people, number, 2)
    kept = {m.id: m for m in photos_of(db, number)}
    with db.read() as s:
        before = {p.id: bytes(p.data) for p in s.scalars(select(WalkaroundPhoto))}
    file = backup.backup_database(db, tmp_path / backup.backup_name(db))
    for photo_id in kept:  # lost after the backup…
        walkaround.remove_walkaround_photo(db.uow(), people[Role.ADVISOR], number, photo_id)
    assert photos_of(db, number) == []
    restore.restore_database(db, file, actor=people[Role.ADMIN], force=True, safety_dir=tmp_path / "safety")
    assert {m.id: m for m in photos_of(db, number)} == kept  # …and back, byte for byte
    with db.read() as s:
        assert {p.id: bytes(p.data) for p in s.scalars(select(WalkaroundPhoto))} == before
    assert walkaround_of(db, number) is not None
