"""S3 on screen: the import screen previews the first rows with the column each field is read from, imports with
the mapping the user set, shows the summary and saves the refused rows as Excel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from python_calamine import CalamineWorkbook

from ui.admin.imports import ImportScreen
from ui.context import AppContext
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role

MakeCtx = Callable[[Role], AppContext]


def test_s3_import_screen_preview_mapping_import_and_refused_rows(
        qtbot, db: Database, people: dict[Role, Actor], make_ctx: MakeCtx, tmp_path: Path) -> None:
    path = tmp_path / "old-system.csv"
    path.write_text("编号,品名,零售价,备注\nA100,机油,88,\nA101,滤芯,abc,\n", encoding="gbk")
    screen = ImportScreen(make_ctx(Role.PARTS_CLERK))
    qtbot.addWidget(screen)
    screen.load(path)
    assert screen.preview.rowCount() == 2 and screen.preview.item(0, 1).text() == "机油"
    assert screen.mapping() == {"price": 2}  # 零售价 is known; 编号 and 品名 are not
    screen.combos["part_no"].setCurrentIndex(1)  # 编号
    screen.combos["name"].setCurrentIndex(2)  # 品名
    screen.run()
    assert screen.ctx.ops.wait()
    assert "新增 1" in screen.result.text() and "拒绝 1" in screen.result.text() and "第 3 行" in screen.result.text()
    assert screen.save_refused.isEnabled()
    out = tmp_path / "refused.xlsx"
    screen.save_report(out)
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert rows[1][1] == "A101"


def test_s3_import_screen_cancel_writes_nothing(qtbot, db: Database, people: dict[Role, Actor],  # type: ignore[no-untyped-def]
                                                make_ctx: MakeCtx, tmp_path: Path) -> None:
    from sqlalchemy import func, select

    from workshop.db.models import AuditEntry, Part

    path = tmp_path / "oem.csv"
    path.write_text("零件号,名称,单价\n" + "".join(f"P{i:06d},零件{i},{i % 900 + 1}\n" for i in range(12_000)),
                    encoding="utf-8")
    screen = ImportScreen(make_ctx(Role.PARTS_CLERK))
    qtbot.addWidget(screen)
    screen.load(path)
    assert not screen.cancel_button.isEnabled()
    screen.run()
    assert screen.cancel_button.isEnabled() and not screen.run_button.isEnabled()
    screen.cancel()  # before the first chunk of 5,000 rows is through
    assert screen.ctx.ops.wait()
    assert "导入已取消" in screen.result.text() and "没有写入任何数据" in screen.result.text()
    assert screen.run_button.isEnabled() and not screen.cancel_button.isEnabled()
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Part)) == 0
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "part.import")) == 0
    screen.run()  # and the same file then imports in full
    assert screen.ctx.ops.wait()
    assert "新增 12000" in screen.result.text()
