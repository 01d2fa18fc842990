"""应收与挂账 (M3, M5): the insurers' and the manufacturer's receivables moved through their states (approve with
the amount, record the payer's payment, reject with the reason, bill to the customer, ask the director to write
off), the aging by payer; and the account customers (挂账单位) with their limits — the director sets them — a
payment allocated oldest first, and the monthly statement as PDF and Excel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.cashier.tables import fill_table as _fill
from ui.cashier.tables import plain_table as _table
from ui.common import cell_text, screen_title
from ui.context import AppContext
from ui.tools.common import error_text, say
from ui.widgets.fresh import Freshness
from ui.widgets.query_op import QueryOp
from workshop.domain.changes import RecordKind
from workshop.domain.clock import fmt_shop, to_shop, utcnow
from workshop.domain.labels import label_of
from workshop.domain.money import ZERO, fmt_money
from workshop.domain.payers import Payer
from workshop.domain.receivables import RecState
from workshop.domain.roles import Perm
from workshop.domain.text import halfwidth, pinyin_initials
from workshop.queries import account_statement as aq
from workshop.queries import receivables as rq
from workshop.queries.dashboards import figure
from workshop.queries.dashboards_base import last_days
from workshop.services import accounts, receivables
from workshop.services.cashier import Tender


class ReceivablesScreen(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        tr = ctx.tr
        self.rec_ids: list[int] = []
        self.account_ids: list[int] = []
        self.all_accounts: list[Any] = []
        self.initials: dict[str, str] = {}
        self.query: QueryOp[tuple[Any, Any, list[Any]]] = QueryOp(self, ctx.ops, self._show)
        self.fresh = Freshness(self, ctx.ops, {RecordKind.RECEIVABLES, RecordKind.PAYMENTS, RecordKind.WORK_ORDERS},
                               lambda: self.reload())
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(screen_title(tr("应收与挂账", "Receivables & accounts")))
        self.message = QLabel()
        self.message.setWordWrap(True)
        top.addWidget(self.message, 1)
        layout.addLayout(top)
        tabs = QTabWidget()
        tabs.addTab(self._receivables_tab(), tr("保险/厂家应收", "Insurer / manufacturer"))
        tabs.addTab(self._accounts_tab(), tr("挂账单位", "Account customers"))
        layout.addWidget(tabs)

    # --- receivables (M5) ----------------------------------------------------------------------------------
    def _receivables_tab(self) -> QWidget:
        tr = self.ctx.tr
        w = QWidget()
        v = QVBoxLayout(w)
        self.aging = QLabel()
        self.aging.setWordWrap(True)
        v.addWidget(self.aging)
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("工单号或付款方", "Work order or payer"))
        self.search.returnPressed.connect(self.reload)
        row.addWidget(self.search, 1)
        self.open_only = QPushButton(tr("只看未结", "Open only"))
        self.open_only.setCheckable(True)
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(lambda _on: self.reload())
        row.addWidget(self.open_only)
        v.addLayout(row)
        self.recs = _table([tr("工单号", "Work order"), tr("客户", "Customer"), tr("付款方", "Payer"),
                            tr("状态", "State"), tr("开账", "Billed"), tr("核准", "Approved"), tr("已回款", "Paid"),
                            tr("尚欠", "Owed"), tr("开账时间", "Billed at"), tr("原因", "Reason")])
        self.recs.horizontalHeader().setSectionResizeMode(8, QHeaderView.ResizeMode.ResizeToContents)
        v.addWidget(self.recs)
        buttons = QHBoxLayout()
        for zh, en, fn in (("核准金额", "Approve", self.approve), ("登记回款", "Record payment", self.pay),
                           ("拒付", "Reject", self.reject), ("转客户付", "Bill the customer", self.rebill),
                           ("申请核销", "Ask to write off", self.write_off)):
            b = QPushButton(tr(zh, en))
            b.clicked.connect(fn)
            b.setEnabled(self.ctx.actor.has(Perm.RECEIVABLE_EDIT))
            buttons.addWidget(b)
        buttons.addStretch(1)
        v.addLayout(buttons)
        return w

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.fresh.loaded_at is None and not self.query.pending:
            self.reload()  # the first show; afterwards Freshness says when to read again

    def reload(self) -> None:
        """The receivables, the aging and the accounts are read on a worker (the filter taken first)."""
        db = self.ctx.db
        states = tuple(s.value for s in (RecState.BILLED, RecState.APPROVED, RecState.REJECTED))
        chosen, search = states if self.open_only.isChecked() else None, self.search.text()
        self.query.run(lambda: (rq.receivables_list(db, states=chosen, search=search),
                                figure("receivables").run(db, last_days(1)), aq.account_customers(db)))

    def _show(self, loaded: tuple[Any, Any, list[Any]]) -> None:
        ctx = self.ctx
        rows, data, accounts_rows = loaded
        self.fresh.mark_loaded()
        self.rec_ids = [r.id for r, _ in rows]
        _fill(self.recs, [(r.work_order_no, name, r.payer_name, label_of(RecState, r.state, ctx.lang),
                           fmt_money(r.amount), fmt_money(r.approved_amount), fmt_money(r.paid_amount),
                           fmt_money(r.outstanding), fmt_shop(r.billed_at), r.reason) for r, name in rows])
        parts = [f"{name}（{label_of(Payer, payer, ctx.lang)}）：" +
                 " / ".join(fmt_money(x) for x in rest[:4]) for name, payer, *rest in data.rows]
        self.aging.setText(ctx.tr("账龄 0–30 / 31–60 / 61–90 / >90 天　", "Aging 0–30 / 31–60 / 61–90 / >90 d  ") +
                           ("；".join(parts) or ctx.tr("没有未结应收。", "Nothing owed.")))
        self._show_accounts(accounts_rows)

    def _rec(self) -> int | None:
        row = self.recs.currentRow()
        if row < 0 or row >= len(self.rec_ids):
            say(self.message, self.ctx.tr("请先选一笔应收。", "Select a receivable first."), False)
            return None
        return self.rec_ids[row]

    def _ask(self, zh: str, en: str) -> str | None:
        text, ok = QInputDialog.getText(self, self.ctx.tr(zh, en), self.ctx.tr(zh, en))
        return text if ok else None

    def _run(self, ok: Callable[[Any], str], service: Callable[..., Any], /, *args: Any, **kwargs: Any) -> None:
        """service(uow, actor, *args, **kwargs) through the runner (one transaction, retried, broadcast)."""
        self.ctx.ops.run_service(service, *args, on_done=self._done(ok), on_error=self._refused, **kwargs)

    def _done(self, ok: Callable[[Any], str]) -> Callable[[Any], None]:
        def done(result: Any) -> None:
            say(self.message, ok(result), True)
            self.reload()

        return done

    def _refused(self, exc: BaseException) -> None:
        say(self.message, error_text(self.ctx, exc), False)

    def _state_said(self, r: receivables.ReceivableInfo) -> str:
        state = label_of(RecState, r.state, self.ctx.lang)
        return self.ctx.tr(f"{r.payer_name}（{r.work_order_no}）：{state}，尚欠 {fmt_money(r.outstanding)}",
                           f"{r.payer_name} ({r.work_order_no}): {state}, owes {fmt_money(r.outstanding)}")

    def _ask_then(self, zh: str, en: str, act: Callable[..., Any], ok: Callable[[Any], str]) -> None:
        """The selected receivable, a typed value, then act(uow, actor, rid, value) through the runner."""
        rid = self._rec()
        text = self._ask(zh, en) if rid is not None else None
        if rid is not None and text is not None:
            self._run(ok, act, rid, text)

    def approve(self) -> None:
        self._ask_then("核准金额（元）", "Approved amount",
                       lambda uow, actor, rid, v: receivables.approve(uow, actor, rid, amount=v), self._state_said)

    def pay(self) -> None:
        rid = self._rec()
        amount = self._ask("回款金额（元）", "Amount received") if rid is not None else None
        if rid is not None and amount is not None:
            ref = self._ask("回款凭证号（可空）", "Reference (optional)") or ""
            self._run(self._state_said, receivables.record_payment, rid, amount=amount, reference=ref)

    def reject(self) -> None:
        self._ask_then("拒付原因", "Why the payer rejected it",
                       lambda uow, actor, rid, v: receivables.reject(uow, actor, rid, reason=v), self._state_said)

    def rebill(self) -> None:
        rid = self._rec()
        if rid is not None:
            self._run(lambda r: self.ctx.tr(f"{fmt_money(r.rebilled_amount)} 已转到客户账上（{r.work_order_no}），请到收银台收款。",
                                            f"{fmt_money(r.rebilled_amount)} billed to the customer ({r.work_order_no}); "
                                            "collect it at the cashier."),
                      receivables.rebill_customer, rid)

    def write_off(self) -> None:
        ctx = self.ctx
        self._ask_then("核销原因", "Why write it off",
                       lambda uow, actor, rid, v: receivables.request_write_off(uow, actor, rid, reason=v),
                       lambda _id: ctx.tr("核销申请已提交服务总监审批。", "The write-off request went to the service director."))

    # --- account customers (M3) ----------------------------------------------------------------------------
    def _accounts_tab(self) -> QWidget:
        tr = self.ctx.tr
        w = QWidget()
        v = QVBoxLayout(w)
        bar = QHBoxLayout()  # a shop's fleets and companies: hundreds of accounts, found by name or phone
        self.account_filter = QLineEdit()
        self.account_filter.setObjectName("account_filter")
        self.account_filter.setPlaceholderText(tr("挂账单位名称、拼音首字母或电话", "Account name, pinyin initials or phone"))
        self.owing_only = QCheckBox(tr("只看有欠款", "Owing only"))
        self.owing_only.setObjectName("owing_only")
        self.account_count = QLabel()
        for widget, stretch in ((self.account_filter, 1), (self.owing_only, 0), (self.account_count, 0)):
            bar.addWidget(widget, stretch)
        v.addLayout(bar)
        self.account_filter.textChanged.connect(lambda _t: self._show_accounts(self.all_accounts))
        self.owing_only.toggled.connect(lambda _on: self._show_accounts(self.all_accounts))
        self.accounts = _table([tr("挂账单位", "Account"), tr("电话", "Phone"), tr("信用额度", "Credit limit"),
                                tr("欠款", "Owed"), tr("可用额度", "Available"), tr("状态", "State"), tr("设定人", "Set by"),
                                tr("设定时间", "Set at")])
        self.accounts.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        v.addWidget(self.accounts)
        buttons = QHBoxLayout()
        self.limit_btn = QPushButton(tr("设为挂账单位 / 调整额度", "Make account / set limit"))
        self.limit_btn.clicked.connect(self.set_limit)
        self.limit_btn.setVisible(self.ctx.actor.has(Perm.ACCOUNT_LIMIT_SET))
        pay_btn = QPushButton(tr("收款（先还最早的）", "Take payment (oldest first)"))
        pay_btn.clicked.connect(lambda: self.take_payment())
        pay_btn.setEnabled(self.ctx.actor.has(Perm.PAYMENT_TAKE))
        choose_btn = QPushButton(tr("收款（指定工单）…", "Take payment (chosen orders)…"))
        choose_btn.setObjectName("pay_chosen")
        choose_btn.clicked.connect(self.take_payment_for_chosen)
        choose_btn.setEnabled(self.ctx.actor.has(Perm.PAYMENT_TAKE))
        st_btn = QPushButton(tr("月对账单（PDF + Excel）", "Monthly statement (PDF + Excel)"))
        st_btn.clicked.connect(self.statement)
        for b in (self.limit_btn, pay_btn, choose_btn, st_btn):
            buttons.addWidget(b)
        buttons.addStretch(1)
        v.addLayout(buttons)
        return w

    def reload_accounts(self) -> None:
        self._show_accounts(aq.account_customers(self.ctx.db))

    def _show_accounts(self, loaded: list[Any]) -> None:
        """The accounts as read, narrowed by the filter (name, pinyin initials or phone) and 只看有欠款."""
        self.all_accounts = loaded
        typed = halfwidth(self.account_filter.text()).strip().upper()
        letters = typed.isascii() and typed.isalpha()
        rows = [a for a in loaded if (not self.owing_only.isChecked() or a.owed > 0) and (
            not typed or typed in a.customer_name.upper() or typed in a.customer_phone
            or (letters and self._initials(a.customer_name).startswith(typed)))]
        self.account_ids = [a.customer_id for a in rows]
        tr = self.ctx.tr
        owing = [a for a in loaded if a.owed > 0]
        owed = fmt_money(sum((a.owed for a in owing), ZERO))
        self.account_count.setText(tr(f"{len(loaded)} 个挂账单位，{len(owing)} 个有欠款，合计 {owed}",
                                      f"{len(loaded)} accounts, {len(owing)} owing, {owed} in all"))
        _fill(self.accounts, [(a.customer_name, a.customer_phone, fmt_money(a.credit_limit), fmt_money(a.owed),
                               fmt_money(a.available),
                               tr("挂账", "On account") if a.active else tr("已停用", "Ended"), a.set_by,
                               fmt_shop(a.set_at)) for a in rows])

    def _initials(self, name: str) -> str:
        """Pinyin initials, worked out once per name when letters are first typed (2,000 names: ~80 ms)."""
        if name not in self.initials:
            self.initials[name] = pinyin_initials(name)
        return self.initials[name]

    def _account(self) -> int | None:
        row = self.accounts.currentRow()
        if row < 0 or row >= len(self.account_ids):
            say(self.message, self.ctx.tr("请先选一个挂账单位。", "Select an account first."), False)
            return None
        return self.account_ids[row]

    def set_limit(self) -> None:
        from workshop.queries.customers import search

        ctx = self.ctx
        typed = self._ask("客户电话或姓名", "Customer phone or name")
        hits = search(ctx.db, typed or "", limit=5) if typed else []
        if typed is not None and not hits:
            say(self.message, ctx.tr("找不到这个客户。", "No such customer."), False)
            return
        if not hits:
            return
        hit = hits[0]
        limit = self._ask(f"{hit.customer_name} 的信用额度（元，0 为停用）", f"Credit limit of {hit.customer_name} (0 ends it)")
        if limit is not None:
            self._run(lambda a: ctx.tr(f"{a.customer_name}：信用额度 {fmt_money(a.credit_limit)}",
                                       f"{a.customer_name}: credit limit {fmt_money(a.credit_limit)}"),
                      accounts.set_account, hit.customer_id, credit_limit=limit,
                      active=limit.strip() not in ("0", "0.00"))

    def take_payment_for_chosen(self) -> None:
        """M3: the payment goes to the orders the account names, not the oldest first."""
        from ui.cashier.allocation_dialog import AllocationDialog

        cid = self._account()
        if cid is None:
            return
        orders = accounts.orders_owing(self.ctx.db, cid)
        if not orders:
            say(self.message, self.ctx.tr("这个挂账单位没有欠款的工单。", "This account owes nothing."), False)
            return
        name = cell_text(self.accounts, self.accounts.currentRow(), 0)
        dialog = AllocationDialog(self.ctx, name, orders, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if not dialog.chosen():
            say(self.message, self.ctx.tr("没有勾选工单。", "No order ticked."), False)
            return
        self.take_payment(dialog.chosen())

    def take_payment(self, orders: list[str] | None = None) -> None:
        cid = self._account()
        amount = self._ask("收款金额（元，转账）", "Amount (transfer)") if cid is not None else None
        ref = self._ask("转账凭证号", "Transfer reference") if amount is not None else None
        if cid is None or amount is None:
            return
        ctx = self.ctx
        self._run(lambda rs: ctx.tr(f"收据 {rs[0].receipt_no}：" + "、".join(f"{r.work_order_no} {fmt_money(r.amount)}"
                                                                             for r in rs),
                                    f"Receipt {rs[0].receipt_no}: " + ", ".join(f"{r.work_order_no} {fmt_money(r.amount)}"
                                                                                for r in rs)),
                  accounts.take_account_payment, cid, Tender("transfer", amount, ref or ""), orders)

    def statement(self) -> None:
        from pathlib import Path

        from ui.widgets.save_pdf import ask_save_path
        from workshop.printing.account_statement import statement_files

        cid = self._account()
        if cid is None:
            return
        today = to_shop(utcnow()).date()
        last = date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)
        month = self._ask(f"月份（例如 {last:%Y-%m}）", f"Month (e.g. {last:%Y-%m})")
        if not month:
            return
        try:
            year, mon = (int(x) for x in month.strip().split("-"))
        except ValueError:
            say(self.message, self.ctx.tr("月份不对（例如 2026-11）。", "Not a month (e.g. 2026-11)."), False)
            return
        path = ask_save_path(self, self.ctx, self.ctx.tr("保存对账单", "Save statement"),
                             f"statement-{cid}-{year}-{mon:02d}.pdf", "PDF (*.pdf)")
        if path is None:
            return
        xlsx = Path(path).with_suffix(".xlsx")
        ok = self._done(lambda st: self.ctx.tr(f"对账单已保存：{path}（及 Excel），期末欠款 {fmt_money(st.owed)}",
                                               f"Statement saved: {path} (and Excel); owed {fmt_money(st.owed)}"))
        self.ctx.ops.run(lambda: statement_files(self.ctx.db, cid, year, mon, Path(path), xlsx), ok,
                         on_error=self._refused)
