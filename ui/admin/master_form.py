"""What the master-data screens share (S1): a form dialog built from field specs, and a table with a button bar.
The dialog hands the typed values to a service call; a refused value comes back as the service's sentence."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.common import screen_title
from ui.context import AppContext
from ui.widgets.columns import fit_columns
from workshop.db.uow import UnitOfWork
from workshop.domain.changes import RecordKind
from workshop.domain.roles import Actor


@dataclass(frozen=True)
class Field:
    key: str
    zh: str
    en: str
    kind: str = "text"                                   # text | check | choice | combo (editable choice)
    choices: Sequence[tuple[str, str]] = ()               # (value, label)
    locked_on_edit: bool = False                          # e.g. a code: the record's identity
    placeholder: str = ""


class FieldForm(QWidget):
    """The labelled widgets of a list of fields; values() reads what was typed."""

    def __init__(self, ctx: AppContext, fields: Sequence[Field], values: dict[str, Any] | None = None,
                 *, editing: bool = False) -> None:
        super().__init__()
        self.fields = fields
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.widgets: dict[str, QWidget] = {}
        values = values or {}
        for f in fields:
            widget = self._widget(f, values.get(f.key))
            widget.setObjectName(f.key)
            if editing and f.locked_on_edit:
                widget.setEnabled(False)
            self.widgets[f.key] = widget
            form.addRow(ctx.tr(f.zh, f.en), widget)

    @staticmethod
    def _widget(f: Field, value: Any) -> QWidget:
        if f.kind == "check":
            box = QCheckBox()
            box.setChecked(bool(value))
            return box
        if f.kind in ("choice", "combo"):
            combo = QComboBox()
            combo.setEditable(f.kind == "combo")
            for v, label in f.choices:
                combo.addItem(label, v)
            if value is not None:
                index = combo.findData(value)
                if index >= 0:
                    combo.setCurrentIndex(index)
                elif f.kind == "combo":
                    combo.setEditText(str(value))
            elif f.kind == "combo":
                combo.setEditText("")
            return combo
        line = QLineEdit("" if value is None else str(value))
        line.setPlaceholderText(f.placeholder)
        return line

    def set_values(self, values: dict[str, Any]) -> None:
        for key, value in values.items():
            w = self.widgets.get(key)
            if isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            elif isinstance(w, QComboBox):
                index = w.findData(value)
                if index >= 0:
                    w.setCurrentIndex(index)
                elif w.isEditable():
                    w.setEditText("" if value is None else str(value))
            elif isinstance(w, QLineEdit):
                w.setText("" if value is None else str(value))

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in self.fields:
            w = self.widgets[f.key]
            if isinstance(w, QCheckBox):
                out[f.key] = w.isChecked()
            elif isinstance(w, QComboBox) and w.isEditable():  # a listed label means its value, else the text
                index = w.findText(w.currentText())
                out[f.key] = w.itemData(index) if index >= 0 else w.currentText()
            elif isinstance(w, QComboBox):
                out[f.key] = w.currentData()
            elif isinstance(w, QLineEdit):
                out[f.key] = w.text()
        return out


def error_label() -> QLabel:
    label = QLabel("")
    label.setStyleSheet("color: #c0392b")
    label.setWordWrap(True)
    return label


class FormDialog(QDialog):
    """Fields from specs; OK runs save(uow, actor, **values) - a service - through the operation runner (one
    transaction, retried, its change set broadcast) and closes on success; a refusal stays in the dialog."""

    def __init__(self, ctx: AppContext, title: str, fields: Sequence[Field], save: Callable[..., Any],
                 values: dict[str, Any] | None = None,
                 parent: QWidget | None = None, *, editing: bool | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.save_fn = save
        self.result_value: Any = None
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        self.form = FieldForm(ctx, fields, values, editing=values is not None if editing is None else editing)
        self.widgets = self.form.widgets
        layout.addWidget(self.form)
        self.error = error_label()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        return self.form.values()

    def save(self) -> None:
        values = self.values()

        def done(result: Any) -> None:
            self.result_value = result
            self.accept()

        self.ctx.ops.run_service(self.save_fn, on_done=done, parent=self,
                                 on_error=lambda exc: self.error.setText(message_of(exc, self.ctx.lang)), **values)


class FormScreen(QWidget):
    """A title, a form and a Save button: for one record such as the shop profile or the settings."""

    TITLE: tuple[str, str] = ("", "")
    NOTE: tuple[str, str] = ("", "")

    def __init__(self, ctx: AppContext, fields: Sequence[Field], *, can_save: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.addWidget(screen_title(ctx.tr(*self.TITLE)))
        if self.NOTE[0]:
            note = QLabel(ctx.tr(*self.NOTE))
            note.setWordWrap(True)
            layout.addWidget(note)
        self.form = FieldForm(ctx, fields)
        self.form.setMaximumWidth(720)
        layout.addWidget(self.form)
        self.error = error_label()
        self.message = QLabel("")
        layout.addWidget(self.error)
        layout.addWidget(self.message)
        bar = QHBoxLayout()
        self.save_button = QPushButton(ctx.tr("保存", "Save"))
        self.save_button.setEnabled(can_save)
        self.save_button.clicked.connect(self.save)
        bar.addWidget(self.save_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        layout.addStretch(1)

    def refresh(self) -> None:
        self.ctx.ops.run(self.load, self.form.set_values)

    def load(self) -> dict[str, Any]:
        raise NotImplementedError

    def store(self, uow: UnitOfWork, actor: Actor, values: dict[str, Any]) -> Any:
        """A service call: run by the operation runner with its unit of work and the acting user."""
        raise NotImplementedError

    def save(self) -> None:
        values = self.form.values()
        self.error.setText("")
        self.message.setText("")

        def done(_result: Any) -> None:
            self.message.setText(self.ctx.tr("已保存。", "Saved."))

        self.ctx.ops.run_service(self.store, values, on_done=done, parent=self,
                                 on_error=lambda exc: self.error.setText(message_of(exc, self.ctx.lang)))


def message_of(exc: BaseException, lang: str) -> str:
    from workshop.domain.errors import WorkshopError

    return exc.message(lang) if isinstance(exc, WorkshopError) else str(exc)


class TableScreen(QWidget):
    """A title, a bar of buttons and a read-only table; subclasses fill rows in load() and name the row values."""

    TITLE: tuple[str, str] = ("", "")
    HEADERS: tuple[tuple[str, str], ...] = ()
    KINDS: frozenset[RecordKind] = frozenset({RecordKind.MASTER_DATA})  # refreshed after a change of these

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: list[Any] = []
        layout = QVBoxLayout(self)
        layout.addWidget(screen_title(ctx.tr(*self.TITLE)))
        self.bar = QHBoxLayout()
        layout.addLayout(self.bar)
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels([ctx.tr(zh, en) for zh, en in self.HEADERS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        layout.addWidget(self.table, 1)
        ctx.ops.watch(self, self.KINDS, lambda _changes: self.refresh())

    def button(self, zh: str, en: str, slot: Callable[[], object], enabled: bool = True) -> QPushButton:
        b = QPushButton(self.ctx.tr(zh, en))
        b.clicked.connect(slot)
        b.setEnabled(enabled)
        self.bar.addWidget(b)
        return b

    def refresh(self) -> None:
        self.ctx.ops.run(self.load, self.show_rows)

    def load(self) -> list[Any]:
        raise NotImplementedError

    def cells(self, row: Any) -> Sequence[object]:
        raise NotImplementedError

    def show_rows(self, rows: list[Any]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            for j, value in enumerate(self.cells(row)):
                self.table.setItem(i, j, QTableWidgetItem("" if value is None else str(value)))
        fit_columns(self.table)

    def selected(self) -> Any:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def edit(self) -> None:
        """Double-click: subclasses open their edit dialog."""
