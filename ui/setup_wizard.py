"""The first start of a new shop (S1), right after "create the administrator": the shop's profile, the teams and
their rates, the users, then the catalogs (labor, suppliers, bins, parts). Every step can be skipped and done
later in Administration: each page is the Administration screen itself, writing through its services."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.admin.labor_catalog import LaborCatalogScreen
from ui.admin.parts_catalog import BinsScreen, PartsCatalogScreen, SuppliersScreen
from ui.admin.shop_setup import ShopProfileScreen
from ui.admin.teams import TeamsAndRatesPage
from ui.admin.users import UsersScreen
from ui.context import AppContext
from ui.operations import Operations
from workshop.db.uow import Database
from workshop.services import users


class SetupWizard(QDialog):
    STEPS = (("本店信息", "Shop profile"), ("班组与费率", "Teams and rates"), ("用户", "Users"),
             ("目录：工时、供应商、库位、配件", "Catalogs: labor, suppliers, bins, parts"))

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.setWindowTitle(tr("开店设置", "Setting up the shop"))
        self.resize(1180, 700)
        layout = QVBoxLayout(self)
        self.step_label = QLabel()
        font = self.step_label.font()
        font.setBold(True)
        self.step_label.setFont(font)
        layout.addWidget(self.step_label)
        hint = QLabel(tr("每一步都可以跳过，以后在「管理」里再设置。",
                         "Every step can be skipped and done later under Administration."))
        layout.addWidget(hint)
        self.profile = ShopProfileScreen(ctx)
        self.teams = TeamsAndRatesPage(ctx)
        self.users = UsersScreen(ctx)
        self.catalogs = QTabWidget()
        self.labor = LaborCatalogScreen(ctx)
        self.suppliers = SuppliersScreen(ctx)
        self.bins = BinsScreen(ctx)
        self.parts = PartsCatalogScreen(ctx)
        for widget, zh, en in ((self.labor, "工时目录", "Labor"), (self.suppliers, "供应商", "Suppliers"),
                               (self.bins, "库位", "Bins"), (self.parts, "配件", "Parts")):
            self.catalogs.addTab(widget, tr(zh, en))
        self.pages = QStackedWidget()
        for page in (self.profile, self.teams, self.users, self.catalogs):
            self.pages.addWidget(page)
        layout.addWidget(self.pages, 1)
        bar = QHBoxLayout()
        self.back = QPushButton(tr("上一步", "Back"))
        self.skip = QPushButton(tr("跳过", "Skip"))
        self.next = QPushButton(tr("下一步", "Next"))
        self.back.clicked.connect(lambda: self.go(self.pages.currentIndex() - 1))
        self.skip.clicked.connect(self.skip_step)
        self.next.clicked.connect(self.next_step)
        bar.addStretch(1)
        for b in (self.back, self.skip, self.next):
            bar.addWidget(b)
        layout.addLayout(bar)
        self.go(0)

    def go(self, index: int) -> None:
        if index >= self.pages.count():
            self.accept()
            return
        index = max(index, 0)
        self.pages.setCurrentIndex(index)
        zh, en = self.STEPS[index]
        self.step_label.setText(self.ctx.tr(f"第 {index + 1} 步（共 {len(self.STEPS)} 步）：{zh}",
                                            f"Step {index + 1} of {len(self.STEPS)}: {en}"))
        self.back.setEnabled(index > 0)
        last = index == self.pages.count() - 1
        self.next.setText(self.ctx.tr("完成", "Finish") if last else self.ctx.tr("下一步", "Next"))

    def skip_step(self) -> None:
        self.go(self.pages.currentIndex() + 1)

    def next_step(self) -> None:
        """The profile page saves what was typed (a refusal keeps the page); the others wrote as they went."""
        index = self.pages.currentIndex()
        if index == 0 and self.profile.form.values().get("name", "").strip():
            self.ctx.ops.run_service(self.profile.store, self.profile.form.values(),
                                     on_done=lambda _r: self.go(index + 1),
                                     on_error=lambda exc: self.profile.error.setText(_text(exc, self.ctx.lang)),
                                     parent=self)
            return
        self.go(index + 1)


def _text(exc: BaseException, lang: str) -> str:
    from ui.admin.master_form import message_of

    return message_of(exc, lang)


def first_start_setup(db: Database, ops: Operations, lang: str, username: str, password: str) -> None:
    """Right after the administrator was created: log them in and walk the set-up."""
    actor = users.authenticate(db.uow(), username, password)
    SetupWizard(AppContext(db=db, actor=actor, ops=ops, lang=lang)).exec()
