"""Keyboard first: the shortcuts of the whole window, a helper that puts a shortcut on a button and says so in
its tooltip, and the F1 help overlay listing what works on the screen in front of the user."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workshop.domain.lang import tr

# the attribute names screens give their search or scan field, in the order Ctrl+F prefers them
SEARCH_FIELDS = ("search_box", "search", "wo_edit", "text", "record")


# the keys of the whole window (main_window.py); no screen's action takes one of them
WINDOW_KEYS = ("Ctrl+F", "F1", "Ctrl+L", *(f"Ctrl+{i}" for i in range(1, 10)))
# keys a screen catches itself (not as a button's shortcut)
SCREEN_OWN_KEYS: dict[str, tuple[str, ...]] = {"parts_counter": ("F2", "F3", "F4")}


@dataclass(frozen=True)
class Key:
    """A screen's frequent action: its keys and the button it presses, found by object name or by its text
    (Chinese or English)."""

    keys: str
    zh: str
    en: str = ""
    name: str = ""


# THE registry: the same key does the same kind of thing everywhere — Ctrl+N new, Ctrl+S save, Ctrl+P print,
# F5 refresh, Ctrl+O open the selected work order / a file, F2 the screen's main action, F3/F4/F6… the next ones.
# Enter and Esc belong to the dialogs (OK / cancel), Ctrl+F, F1, Ctrl+L and Ctrl+1…9 to the window.
SCREEN_KEYS: dict[str, tuple[Key, ...]] = {
    "front_desk": (Key("Ctrl+N", "新客户", "New customer"), Key("F2", "新建工单", "New work order", "open_order"),
                   Key("F3", "查看在修工单", "Show open order", "show_order"),
                   Key("F4", "添加车辆", "Add vehicle", "add_vehicle")),
    "workshop_board": (Key("F2", "派工…", "Assign…", "assign"), Key("F3", "接车维修（核对车牌）…", "", "take"),
                       Key("F4", "提出增项…", "Propose added item…", "propose"),
                       Key("F6", "竣工自检…", "Complete with self-check…", "complete"),
                       Key("Ctrl+O", "查看工单", "Open work order", "open")),
    "qc": (Key("F2", "质检通过", "Pass"), Key("F3", "不合格，返工…", "Fail, back to the workshop…")),
    # F2 / F3 / F4 choose the counter's mode (发料 / 退料 / 收旧件, counter_modes.py); Enter issues
    "parts_counter": (Key("F6", "所选零件已装车", "Selected part is fitted"), Key("F5", "刷新", "Refresh")),
    "stock": (Key("F2", "收货入库…", "Receive…"), Key("F3", "盘点所选…", "Count selected…"),
              Key("Ctrl+P", "打印所选标签", "Print label"), Key("F4", "自采…", "Self-purchase…"),
              Key("F6", "按报价单订货…", "Order from quote…")),
    "cashier": (Key("F2", "确认收款", "Take payment"), Key("F3", "加一笔", "Add tender"),
                Key("F4", "开票", "Invoice"), Key("Ctrl+P", "打印收据", "Print receipt"),
                Key("F6", "打印放行条", "Print gate pass"), Key("F7", "订金抵扣", "Apply deposit")),
    "claims": (Key("Ctrl+N", "新建索赔订货", "New claim order"), Key("F2", "收订金", "Take deposit"),
               Key("Ctrl+P", "打印订金收据", "Print receipt"), Key("F3", "到货入库", "Receive parts")),
    "tools": (Key("Ctrl+N", "登记工具", "Register a tool"), Key("Ctrl+P", "打印条码标签", "Print barcode label"),
              Key("F2", "归还所选", "Return selected"), Key("F3", "报失…", "Declare lost…"),
              Key("Ctrl+E", "导出 CSV（工资）", "Export CSV (payroll)")),
    "approvals": (Key("F2", "批准…", "Approve…"), Key("F3", "拒绝…", "Refuse…"),
                  Key("Ctrl+O", "查看工单", "Open work order")),
    "customer_service": (Key("F2", "记录回访…", "Record the visit…"), Key("Ctrl+N", "登记投诉…", "Record a complaint…")),
    "dashboard": (Key("F5", "刷新", "Refresh"), Key("Ctrl+P", "导出周报 PDF…", "Weekly PDF…")),
    "admin_users": (Key("Ctrl+N", "新增用户", "Add user"), Key("F2", "修改角色", "Roles"),
                    Key("Ctrl+P", "打印工牌", "Print badge")),
    "admin_shop": (Key("Ctrl+S", "保存", "Save"),),
    "admin_teams": (Key("Ctrl+N", "设定新费率", "New rates"),),
    "admin_settings": (Key("Ctrl+S", "保存", "Save"),),
    "admin_labor": (Key("Ctrl+N", "新增", "Add"), Key("F2", "修改", "Edit")),
    "admin_parts": (Key("Ctrl+N", "新增零件", "Add part"), Key("F2", "修改", "Edit")),
    "admin_suppliers": (Key("Ctrl+N", "新增供应商", "Add supplier"), Key("F2", "修改", "Edit")),
    "admin_bins": (Key("Ctrl+N", "新增库位", "Add bin"), Key("F2", "修改说明", "Edit")),
    "admin_backup": (Key("F2", "立即备份…", "Back up now…"), Key("F5", "刷新列表", "Refresh the list")),
    "admin_imports": (Key("Ctrl+O", "选择文件…", "Choose a file…"), Key("F2", "开始导入", "Import")),
    "admin_calendar": (Key("Ctrl+S", "保存", "Save"),),
}
# the work order (front desk, workshop board, parts counter open it): a panel of its own
WORK_ORDER_KEYS: tuple[Key, ...] = (
    Key("Ctrl+E", "修改工单…", "Edit…", "edit"), Key("F6", "加工时", "Add labor", "add_labor"),
    Key("F7", "加配件", "Add part", "add_part"), Key("F8", "开工", "Start job", "start"),
    Key("F9", "结算", "Settle", "settle"), Key("Ctrl+P", "打印工单", "Print work order", "print_work_order"),
)
REFRESH_METHODS = ("refresh", "reload")


def find_button(screen: QWidget, key: Key) -> QAbstractButton | None:
    """The button a registry entry means: by object name, else by its text in either language."""
    buttons = screen.findChildren(QAbstractButton)
    if key.name:
        named = next((b for b in buttons if b.objectName() == key.name), None)
        if named is not None:
            return named
    texts = {key.zh, key.en} - {""}
    return next((b for b in buttons if b.text().replace("&", "") in texts), None)


def apply(screen: QWidget, keys: tuple[Key, ...], tr: Callable[[str, str], str]) -> list[Key]:
    """Put the registry's keys on the screen's buttons (tooltip included); F5 refreshes a screen that has a
    refresh method but no refresh button. Returns the entries whose button the screen does not have."""
    missing = []
    for key in keys:
        button = find_button(screen, key)
        if button is None:
            missing.append(key)
        else:
            bind(button, key.keys)
    if not any(k.keys == "F5" for k in keys if k not in missing):
        method = next((m for m in REFRESH_METHODS if callable(getattr(screen, m, None))), None)
        if method is not None:
            action = QAction(tr("刷新", "Refresh"), screen)
            action.setObjectName("refresh_action")
            action.setShortcut(QKeySequence("F5"))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False: getattr(screen, method)())
            screen.addAction(action)
    return missing


def bind(button: QAbstractButton, keys: str, tr_hint: str = "") -> None:
    """Give a frequent button its shortcut, and show the key on the tooltip (e.g. 新客户 — Ctrl+N)."""
    button.setShortcut(QKeySequence(keys))
    hint = tr_hint or button.text().replace("&", "")
    button.setToolTip(f"{hint}（{QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)}）")


def search_field(screen: QWidget) -> QLineEdit | None:
    """The screen's search field: a named one first, else the first visible line edit."""
    for name in SEARCH_FIELDS:
        field = getattr(screen, name, None)
        if isinstance(field, QLineEdit) and field.isVisibleTo(screen) and field.isEnabled():
            return field
    return next((e for e in screen.findChildren(QLineEdit) if e.isVisibleTo(screen) and e.isEnabled()), None)


def screen_shortcuts(screen: QWidget) -> list[tuple[str, str]]:
    """(keys, what) of every button and action of the screen that has a shortcut."""
    out: list[tuple[str, str]] = []
    for button in screen.findChildren(QAbstractButton):
        keys = button.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if keys and button.isVisibleTo(screen):
            out.append((keys, button.text().replace("&", "")))
    for action in screen.findChildren(QAction):
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if keys:
            out.append((keys, action.text().replace("&", "")))
    return sorted(set(out))


class HelpOverlay(QDialog):
    """F1: the shortcuts of the window and of the current screen. Esc or F1 again closes it."""

    def __init__(self, rows: list[tuple[str, str]], lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr(lang, "快捷键", "Keyboard shortcuts"))
        layout = QVBoxLayout(self)
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels(tr(lang, ["按键", "功能"], ["Keys", "Does"]))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, (keys, what) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(keys))
            self.table.setItem(r, 1, QTableWidgetItem(what))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumSize(420, min(560, 28 * len(rows) + 40))
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        again = QAction(self)
        again.setShortcut(QKeySequence(Qt.Key.Key_F1))
        again.triggered.connect(self.reject)
        self.addAction(again)
        self.rows = rows
