"""Claim orders (C1-C3): the list with state, signatures and deposit; 'arrived — call the customer' with the
mobile number; refunds due; overdue claim parts (red). Actions follow the user's permissions and the order's state."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.claims.texts import detail_text, todo
from ui.common import screen_title
from ui.context import AppContext
from ui.tools.common import error_text, say
from ui.widgets import save_pdf
from ui.widgets.columns import fit_columns
from ui.widgets.fresh import Freshness
from ui.widgets.lazy_table import RED, LazyTableModel
from ui.widgets.legend import legend
from ui.widgets.query_op import SEARCH_DEBOUNCE_MS, QueryOp
from workshop.domain.changes import RecordKind
from workshop.domain.clock import fmt_shop
from workshop.domain.codes import ClaimState
from workshop.domain.labels import choices, label_of
from workshop.domain.money import fmt_money
from workshop.domain.roles import Perm
from workshop.queries import claims as cq
from workshop.services import claims

ORANGE = QColor(190, 100, 0)
GREEN = QColor(26, 127, 55)
VIEWS = (("all", "全部索赔订货", "All claim orders"), ("call", "到货待通知", "Arrived — call"),
         ("refund", "待退订金", "Refund due"), ("overdue", "超期未装车", "Overdue"))


class ClaimsScreen(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.params: tuple[str, str | None, str] = ("all", "open", "")  # the latest reload's view and filter
        tr = ctx.tr
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(screen_title(tr("索赔订货", "Claim orders")))
        top.addStretch(1)
        self.figures = QLabel()
        top.addWidget(self.figures)
        layout.addLayout(top)

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("单号 / 工单号 / 客户 / 手机 / 车牌", "Claim / work order / customer / phone / plate"))
        self.search.setMinimumWidth(280)
        self._search_timer = QTimer(self)  # search as you type: the list reloads 200 ms after the last key
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.state = QComboBox()
        self.state.addItem(tr("未结束的", "Open"), "open")
        self.state.addItem(tr("全部", "All"), None)
        for s, name in choices(ClaimState, ctx.lang):
            self.state.addItem(name, s.value)
        self.state.currentIndexChanged.connect(lambda _i: self.reload())
        bar.addWidget(self.search)
        bar.addWidget(self.state)
        bar.addStretch(1)
        layout.addLayout(bar)

        actions = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, zh, en, handler in (
            ("new", "新建索赔订货", "New claim order", self.new_claim),
            ("deposit", "收订金", "Take deposit", lambda: self.money("deposit")),
            ("receipt", "打印订金收据", "Print receipt", self.print_receipt),
            ("sign_manager", "经理签字", "Sign (manager)", lambda: self.sign(claims.MANAGER)),
            ("sign_director", "总监签字", "Sign (director)", lambda: self.sign(claims.DIRECTOR)),
            ("ordered", "已订货", "Mark ordered", self.mark_ordered),
            ("arrived", "到货入库", "Receive parts", self.receive),
            ("called", "已通知客户", "Customer called", self.called),
            ("refund", "退订金", "Refund", lambda: self.money("refund")),
            ("cancel", "取消订货", "Cancel", self.cancel),
        ):
            button = QPushButton(tr(zh, en))
            button.clicked.connect(handler)
            self.buttons[key] = button
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)

        self.tabs = QTabBar()
        self.tabs.setExpanding(False)
        self.tabs.setDrawBase(False)
        for _key, zh, en in VIEWS:
            self.tabs.addTab(tr(zh, en))
        self.tabs.currentChanged.connect(lambda _i: self.reload())
        layout.addWidget(self.tabs)
        cols = [tr(zh, en) for zh, en in (
            ("单号", "Claim"), ("工单", "Work order"), ("客户", "Customer"), ("手机", "Mobile"), ("车牌", "Plate"),
            ("状态", "State"), ("金额", "Amount"), ("经理签字", "Manager"), ("总监签字", "Director"),
            ("订金", "Deposit"), ("到货", "Arrived"), ("提示", "To do"))]
        self.model = LazyTableModel(cols, self._fetch, row_color=self._color, page_size=100, hidden_tail=1)
        self.model.reads_off_thread(ctx.ops)  # the open claims on the large demo take ~140 ms
        self.model.on_reloaded = self._rows_in
        self.figures_query: QueryOp[cq.ClaimFigures] = QueryOp(self, ctx.ops, self._show_figures)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        # columns fitted when rows arrive, not ResizeToContents: that measured every loaded row at each show
        self.view.horizontalHeader().setSectionResizeMode(len(cols) - 1, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())
        layout.addWidget(self.view, 1)
        layout.addWidget(legend(tr, [(RED, "红色：已超期", "Red: overdue"), (GREEN, "绿色：待退订金", "Green: deposit to refund"),
                                     (ORANGE, "橙色：已到货，待通知客户", "Amber: arrived, call the customer")]))
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setMinimumHeight(48)
        layout.addWidget(self.detail)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        # a change reloads the list on screen at once, a hidden one when it is shown again (not on every show)
        self.fresh = Freshness(self, ctx.ops, {RecordKind.CLAIMS, RecordKind.WORK_ORDERS, RecordKind.STOCK},
                               lambda: self.reload())
        self.reload()

    # --- data ---------------------------------------------------------------------------------------
    def _view_key(self) -> str:
        return VIEWS[max(self.tabs.currentIndex(), 0)][0]

    def _query(self, offset: int, limit: int) -> list[cq.ClaimRow]:
        db, (key, state, search) = self.ctx.db, self.params  # on a worker: no widget is read here
        if key == "call":
            return cq.claims_to_call(db) if offset == 0 else []
        if key == "refund":
            return cq.refunds_due(db) if offset == 0 else []
        if key == "overdue":
            return cq.overdue_claims(db, offset=offset, limit=limit)
        return cq.list_claims(db, state=None if state in (None, "open") else state, open_only=state == "open",
                              search=search, offset=offset, limit=limit)

    def _fetch(self, offset: int, limit: int) -> list[tuple[Any, ...]]:
        return [self._display(r) for r in self._query(offset, limit)]

    @property
    def rows(self) -> list[cq.ClaimRow]:
        """The claims shown, in order (each row's hidden last value)."""
        return [self.model.row_values(i)[-1] for i in range(self.model.loaded)]

    def _state_text(self, r: cq.ClaimRow) -> str:
        return label_of(ClaimState, r.state, self.ctx.lang)

    def _display(self, r: cq.ClaimRow) -> tuple[Any, ...]:
        director = r.director_signed_by or (self.ctx.tr("需要", "needed") if r.needs_director else "—")
        deposit = ""
        if r.deposit is not None:
            deposit = fmt_money(r.deposit) + ("" if r.deposit_held else self.ctx.tr("（已退）", " (refunded)"))
        return (r.number, r.work_order_no, r.customer_name, r.customer_phone, r.plate, self._state_text(r),
                fmt_money(r.amount), r.manager_signed_by or "", director, deposit, fmt_shop(r.arrived_at),
                todo(self.ctx.tr, r), r)

    @staticmethod
    def _color(row: Sequence[Any]) -> QColor | None:
        claim: cq.ClaimRow = row[-1]
        if claim.overdue:
            return RED
        if claim.refund_due:
            return GREEN
        return ORANGE if str(row[-2]).startswith(("到货 —", "Arrived —")) else None

    def reload(self) -> None:
        filtered = self._view_key() == "all"  # the other views are short worklists: no filter
        self.search.setEnabled(filtered)
        self.state.setEnabled(filtered)
        self._search_timer.stop()
        self.params = (self._view_key(), self.state.currentData(), self.search.text())
        self.model.reload()  # the buttons follow the selection when the rows are in (on_reloaded)
        db = self.ctx.db
        self.figures_query.run(lambda: cq.claim_figures(db))
        self._selection_changed()

    def _show_figures(self, f: cq.ClaimFigures) -> None:
        self.figures.setText(self.ctx.tr(
            f"未结 {f.open_claims} · 在押订金 {f.deposits_held} 笔 {fmt_money(f.deposits_held_amount)} · "
            f"待通知 {f.to_call} · 待退 {f.refunds_due} · 超期 {f.overdue}（订金 {fmt_money(f.overdue_deposit_held)}）",
            f"{f.open_claims} open · {f.deposits_held} deposits held {fmt_money(f.deposits_held_amount)} · "
            f"{f.to_call} to call · {f.refunds_due} refunds due · {f.overdue} overdue "
            f"({fmt_money(f.overdue_deposit_held)})"))
        for i, n in ((1, f.to_call), (2, f.refunds_due), (3, f.overdue)):
            _key, zh, en = VIEWS[i]
            self.tabs.setTabText(i, self.ctx.tr(f"{zh}（{n}）", f"{en} ({n})"))
        self.tabs.setTabTextColor(3, RED if f.overdue else QColor())

    @property
    def loading(self) -> bool:
        return self.model.reloading or self.figures_query.pending

    def _rows_in(self) -> None:
        self.fresh.mark_loaded()
        fit_columns(self.view, self.model.columnCount() - 1)  # the to-do text takes what is left
        self._selection_changed()

    # --- selection and buttons ----------------------------------------------------------------------
    def selected(self) -> cq.ClaimRow | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows or rows[0].row() >= self.model.loaded:
            return None
        claim: cq.ClaimRow = self.model.row_values(rows[0].row())[-1]
        return claim

    def select_number(self, number: str) -> bool:
        for i, r in enumerate(self.rows):
            if r.number == number:
                self.view.selectRow(i)
                return True
        return False

    def _selection_changed(self) -> None:
        r = self.selected()
        can = self.ctx.can
        state = r.state if r else ""
        has_deposit = r is not None and r.deposit is not None
        enabled = {
            "new": can(Perm.CLAIM_EDIT),
            "deposit": can(Perm.DEPOSIT_RECORD) and r is not None and not has_deposit
            and state not in ("cancelled", "refunded"),
            "receipt": has_deposit,
            "sign_manager": can(Perm.CLAIM_SIGN_MANAGER) and state == "draft" and r is not None
            and not r.manager_signed_by,
            "sign_director": can(Perm.CLAIM_SIGN_DIRECTOR) and state == "draft" and r is not None
            and r.needs_director and not r.director_signed_by,
            "ordered": (can(Perm.CLAIM_EDIT) or can(Perm.CLAIM_RECEIVE)) and state == "signed",
            "arrived": can(Perm.CLAIM_RECEIVE) and state == "ordered",
            "called": can(Perm.CLAIM_EDIT) and state == "arrived",
            "refund": can(Perm.DEPOSIT_RECORD) and r is not None and r.refund_due,
            "cancel": can(Perm.CLAIM_EDIT) and state in ("draft", "signed"),
        }
        for key, button in self.buttons.items():
            button.setEnabled(bool(enabled[key]))
        self.detail.setText(detail_text(self.ctx, r) if r else "")

    # --- actions ------------------------------------------------------------------------------------
    def _run(self, service: Callable[..., Any], /, *args: Any, ok: Callable[[Any], str], **kwargs: Any) -> None:
        """service(uow, actor, *args) through the runner; its sentence (or the refusal's) in the message line."""
        ctx = self.ctx
        ctx.ops.run_service(service, *args, on_done=lambda result: say(self.message, ok(result), True),
                            on_error=lambda exc: say(self.message, error_text(ctx, exc), False), **kwargs)

    def _need(self) -> cq.ClaimRow | None:
        r = self.selected()
        if r is None:
            say(self.message, self.ctx.tr("请先选一张索赔订货单。", "Select a claim order first."), False)
        return r

    def new_claim(self) -> None:
        from ui.claims.new_claim_dialog import NewClaimDialog

        dialog = NewClaimDialog(self.ctx)
        if dialog.exec() and dialog.result_info is not None:
            info = dialog.result_info
            say(self.message, self.ctx.tr(f"已建索赔订货单 {info.number}（{fmt_money(info.amount)}），请收订金并找"
                                          f"{'车间经理和服务总监' if info.needs_director else '车间经理'}签字。",
                                          f"Claim order {info.number} created; take the deposit and get it signed."),
                True)
            self.select_number(info.number)

    def money(self, mode: str) -> None:
        from ui.claims.money_dialog import MoneyDialog

        r = self._need()
        if r is None:
            return
        dialog = MoneyDialog(self.ctx, r, mode)
        if dialog.exec() and dialog.result_info is not None:
            info = dialog.result_info
            text = (self.ctx.tr(f"已退订金 {fmt_money(info.refunded_amount)}", f"Refunded {fmt_money(info.refunded_amount)}")
                    if mode == "refund" else
                    self.ctx.tr(f"已收订金 {fmt_money(info.amount)}，收据号 {info.receipt_no}",
                                f"Deposit {fmt_money(info.amount)} taken, receipt {info.receipt_no}"))
            say(self.message, text, True)

    def sign(self, kind: str) -> None:
        r = self._need()
        if r is None:
            return
        ctx = self.ctx
        self._run(claims.sign_claim_order, r.number, kind,
                  ok=lambda s: ctx.tr(f"{s.claim_no} 已签字（{s.signed_by}）", f"{s.claim_no} signed by {s.signed_by}"))

    def mark_ordered(self) -> None:
        r = self._need()
        if r is not None:
            ctx = self.ctx
            self._run(claims.mark_ordered, r.number,
                      ok=lambda i: ctx.tr(f"{i.number} 已订货", f"{i.number} ordered"))

    def receive(self) -> None:
        r = self._need()
        if r is not None:
            ctx = self.ctx
            self._run(claims.receive_claim_parts, r.number,
                      ok=lambda a: ctx.tr(f"{a.claim_no} 已到货入库（预留给工单 {r.work_order_no}），请通知客户 {a.customer_phone}",
                                          f"{a.claim_no} received (reserved for {r.work_order_no}); call {a.customer_phone}"))

    def called(self) -> None:
        r = self._need()
        if r is not None:
            ctx = self.ctx
            self._run(claims.mark_customer_called, r.number,
                      ok=lambda i: ctx.tr(f"{i.number} 已记录通知客户", f"{i.number}: customer called"))

    def cancel(self) -> None:
        r = self._need()
        if r is None:
            return
        reason, ok = QInputDialog.getText(self, self.ctx.tr("取消索赔订货", "Cancel claim order"),
                                          self.ctx.tr(f"{r.number} 取消原因：", f"Why is {r.number} cancelled?"))
        if ok:
            ctx = self.ctx
            self._run(claims.cancel_claim_order, r.number, reason,
                      ok=lambda i: ctx.tr(f"{i.number} 已取消；如收过订金请退还。", f"{i.number} cancelled; refund any deposit."))

    def print_receipt(self) -> None:
        r = self._need()
        if r is None:
            return
        path = save_pdf.ask_save_path(self, self.ctx, self.ctx.tr("保存订金收据", "Save deposit receipt"),
                                      self.ctx.tr(f"订金收据-{r.receipt_no}.pdf", f"deposit-{r.receipt_no}.pdf"))
        if path is not None:
            self.write_receipt(r.number, str(path))

    def write_receipt(self, number: str, path: str) -> None:
        from pathlib import Path

        from workshop.printing.deposit_receipt import deposit_receipt_pdf

        ctx = self.ctx
        def done(p: Path) -> None:
            say(self.message, ctx.tr(f"收据已保存：{p}", f"Receipt saved: {p}"), True)
            save_pdf.show_written(self, ctx, Path(p), ctx.tr("订金收据", "The deposit receipt"))

        ctx.ops.run(lambda: deposit_receipt_pdf(ctx.db, number, Path(path)), on_done=done,
                    on_error=lambda exc: say(self.message, error_text(ctx, exc), False))
