"""S3: every main list exports to Excel from its screen — exactly the rows its filters select, written by the
code `workshop list … --format xlsx` uses (workshop.exports.export_list), off the GUI thread; the file opened
with a reader (python-calamine) has Chinese headers and real number and date cells."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from python_calamine import CalamineWorkbook

from tests.helpers.front_desk_data import add_shop, open_order, started_order
from ui.admin.parts_catalog import PartsCatalogScreen
from ui.admin.users import UsersScreen
from ui.context import AppContext
from ui.front_desk.history import WorkOrderHistory
from ui.parts_counter.stock_screen import StockScreen
from ui.tools.screen import ToolsScreen
from workshop.cli import main as cli_main
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Role


def _sheet(path: Path) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def test_s3_work_order_list_exports_exactly_its_filtered_rows(  # type: ignore[no-untyped-def]
        qtbot, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext],
        saved_files: list[str], written_boxes: list[object]) -> None:
    shop = add_shop(db, people)
    draft = open_order(db, people, shop)
    started = started_order(db, people, shop)
    ctx = make_ctx(Role.ADVISOR)
    screen = WorkOrderHistory(ctx, lambda _n: None)
    qtbot.addWidget(screen)
    screen.state.setCurrentIndex(screen.state.findText("已开工"))
    screen.export.click()
    ctx.ops.wait()
    assert saved_files[-1].startswith("工单-") and saved_files[-1].endswith(".xlsx")
    path = Path(written_boxes[-1].property("written_path"))  # type: ignore[attr-defined]
    rows = _sheet(path)
    assert rows[0][:4] == ["工单号", "类型", "状态", "优先级"]
    assert [r[0] for r in rows[1:]] == [started.number]
    assert isinstance(rows[1][7], datetime)           # 开单时间: a real date-time cell
    assert isinstance(rows[1][9], float)              # 金额: a number
    screen.state.setCurrentIndex(0)
    screen.export.click()
    ctx.ops.wait()
    rows = _sheet(Path(written_boxes[-1].property("written_path")))  # type: ignore[attr-defined]
    assert sorted(r[0] for r in rows[1:]) == sorted([draft.number, started.number])


def test_s3_parts_tools_and_users_lists_export_from_their_screens(  # type: ignore[no-untyped-def]
        qtbot, db: Database, people: dict[Role, Actor], make_ctx: Callable[[Role], AppContext],
        written_boxes: list[object]) -> None:
    add_shop(db, people)
    ctx = make_ctx(Role.PARTS_CLERK)
    stock = StockScreen(ctx)
    qtbot.addWidget(stock)
    ctx.ops.wait()
    stock.search.setText("刹车")
    stock.export.click()
    ctx.ops.wait()
    rows = _sheet(Path(written_boxes[-1].property("written_path")))  # type: ignore[attr-defined]
    assert rows[0][:3] == ["零件号", "名称", "条码"]
    assert [(r[0], r[1], r[4]) for r in rows[1:]] == [("5QD698151", "前刹车片", 480.0)]

    admin = make_ctx(Role.ADMIN)
    catalog = PartsCatalogScreen(admin)
    qtbot.addWidget(catalog)
    admin.ops.wait()
    catalog.export.click()
    admin.ops.wait()
    assert len(_sheet(Path(written_boxes[-1].property("written_path")))) == 3  # type: ignore[attr-defined]

    tools = ToolsScreen(ctx)
    qtbot.addWidget(tools)
    ctx.ops.wait()
    tools.export.click()
    ctx.ops.wait()
    assert _sheet(Path(written_boxes[-1].property("written_path")))[0][0] == "工具编号"  # type: ignore[attr-defined]

    users_screen = UsersScreen(admin)
    qtbot.addWidget(users_screen)
    admin.ops.wait()
    users_screen.export.click()
    admin.ops.wait()
    rows = _sheet(Path(written_boxes[-1].property("written_path")))  # type: ignore[attr-defined]
    assert rows[0] == ["用户名", "姓名", "角色", "班组", "工牌号", "启用"]
    technician = next(r for r in rows if r[0] == "technician")
    assert len(rows) == 1 + len(Role) and technician[3:] == ["机修", f"EMP{people[Role.TECHNICIAN].user_id:05d}", "是"]


def test_s3_list_command_exports_the_same_filtered_rows(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shop.sqlite'}"
    assert cli_main(["--db", url, "init"]) == 0
    assert cli_main(["--db", url, "team", "add", "快修"]) == 0
    out = tmp_path / "parts.xlsx"
    assert cli_main(["--db", url, "list", "parts", "--search", "x", "--format", "xlsx", "-o", str(out)]) == 0
    assert _sheet(out) == [["零件号", "名称", "条码", "库位", "单价", "库存", "平均成本", "最低库存"]]
    assert cli_main(["--db", url, "list", "parts", "--state", "nonsense"]) == 2
