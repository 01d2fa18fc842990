"""Issue 19: lists keep their scroll position and selection across reloads (matched by id, not by display
strings); numbers right-aligned; a long text carries its tooltip."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

from ui.widgets.lazy_table import LazyTableModel, is_number


class Source:
    def __init__(self, n: int) -> None:
        self.rows = [(f"TEST-{i:04d}", f"name {i}", i) for i in range(n)]
        self.calls: list[tuple[int, int]] = []

    def fetch(self, offset: int, limit: int) -> list[tuple[str, str, int]]:
        self.calls.append((offset, limit))
        return self.rows[offset:offset + limit]


def _view(qtbot, model: LazyTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.resize(400, 300)
    qtbot.addWidget(view)
    view.show()
    return view


def test_desk_reload_keeps_selection_and_scroll_position(qtbot, qtmodeltester) -> None:
    source = Source(500)
    model = LazyTableModel(["no", "name", "n"], source.fetch, page_size=100)
    model.reload()
    view = _view(qtbot, model)
    model.fetchMore()
    model.fetchMore()  # the user scrolled down: 300 rows loaded
    assert model.rowCount() == 300
    view.selectionModel().setCurrentIndex(model.index(250, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                          | QItemSelectionModel.SelectionFlag.Rows)
    view.scrollTo(model.index(250, 0))
    scroll = view.verticalScrollBar().value()
    assert scroll > 0
    # a row above the selection leaves, one changes, a new one comes first
    del source.rows[10]
    source.rows[200] = ("TEST-0201", "changed", 201)
    source.rows.insert(0, ("TEST-9999", "new", 9999))
    loaded = model.rowCount()
    model.reload()
    assert model.rowCount() == loaded >= 300  # the place of the user is fetched again, not only the first page
    current = view.currentIndex()
    assert current.isValid() and model.row_values(current.row())[0] == "TEST-0250"
    assert [model.row_values(i.row())[0] for i in view.selectionModel().selectedRows()] == ["TEST-0250"]
    assert model.row_values(201)[1] == "changed" and model.row_values(0)[0] == "TEST-9999"
    assert abs(view.verticalScrollBar().value() - scroll) <= 2
    assert [model.row_values(i)[0] for i in range(model.rowCount())] == [r[0] for r in source.rows[:loaded]]
    qtmodeltester.check(model)  # the signals of the merge follow the model rules (the tester loads the rest)
    source.rows.reverse()
    model.reload()
    qtmodeltester.check(model)
    assert model.row_values(view.currentIndex().row())[0] == "TEST-0250"


def test_desk_reload_drops_a_selection_whose_row_left(qtbot) -> None:
    source = Source(50)
    model = LazyTableModel(["no", "name", "n"], source.fetch, page_size=100)
    model.reload()
    view = _view(qtbot, model)
    view.selectRow(5)
    del source.rows[5]
    model.reload()
    assert model.rowCount() == 49 and not view.selectionModel().selectedRows()


def test_desk_reload_with_a_new_filter_and_ids_that_repeat(qtbot) -> None:
    source = Source(30)
    model = LazyTableModel(["no", "name", "n"], source.fetch, page_size=10, row_id=lambda r: r[2] % 3)
    model.reload()  # ids repeat: a plain reset, still right
    assert model.rowCount() == 10
    model.reload(lambda offset, limit: source.rows[25:][offset:offset + limit])
    assert model.row_values(0)[0] == "TEST-0025" and model.rowCount() == 5 and not model.canFetchMore()


def test_desk_numbers_right_aligned_and_long_names_have_a_tooltip() -> None:
    rows = [("TEST-0001", "0W-20 全合成机油（4L 装，适用于凯美瑞 2.0G 豪华版）", "1,042.38", "13580900074", "2026-11-17", 3)]
    model = LazyTableModel(["no", "name", "amount", "phone", "date", "n"], lambda o, n: rows[o:o + n])
    model.reload()
    align = [model.data(model.index(0, c), Qt.ItemDataRole.TextAlignmentRole) for c in range(6)]
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert [a == right for a in align] == [False, False, True, False, False, True]
    assert model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole) == rows[0][1]
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) is None
    assert is_number("-1") and is_number("12.5 %") and is_number("¥440.00") and not is_number("04465-02220")


def test_desk_reload_off_the_gui_thread_keeps_selection_and_scroll_position(qtbot) -> None:
    """Issue 22: a model reading off the GUI thread merges the worker's rows the same way, and scrolling
    meanwhile waits for them (no page fetched twice or out of order)."""
    from ui.operations import Operations

    source = Source(500)
    ops = Operations("zh")
    model = LazyTableModel(["no", "name", "n"], source.fetch, page_size=100)
    model.reads_off_thread(ops)
    view = _view(qtbot, model)
    assert ops.wait() and model.rowCount() == 100  # the first page came from the worker
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 300
    view.selectionModel().setCurrentIndex(model.index(250, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                          | QItemSelectionModel.SelectionFlag.Rows)
    view.scrollTo(model.index(250, 0))
    scroll = view.verticalScrollBar().value()
    source.rows.insert(0, ("TEST-9999", "new", 9999))
    loaded = model.rowCount()  # scrolling to the row may have loaded a page more
    model.reload()
    assert model.reloading and not model.canFetchMore()
    model.fetchMore()  # a view asking meanwhile gets nothing
    assert model.rowCount() == loaded
    assert ops.wait() and not model.reloading
    assert model.rowCount() == loaded and model.row_values(0)[0] == "TEST-9999"
    current = view.currentIndex()
    assert current.isValid() and model.row_values(current.row())[0] == "TEST-0250"
    assert abs(view.verticalScrollBar().value() - scroll) <= 2 + view.verticalHeader().defaultSectionSize()
