"""The administration's audit screen says up to which row the audit chain is verified (checked in the
background), and names the first broken row (issue 18)."""

from __future__ import annotations

from collections.abc import Callable

from ui.admin.audit import AuditScreen
from ui.context import AppContext
from workshop.domain.roles import Role
from workshop.services import users


def test_s_audit_screen_shows_the_chain_verified_up_to_row_n(qtbot, make_ctx: Callable[[Role], AppContext]) -> None:
    admin = make_ctx(Role.ADMIN)
    for i in range(3):
        users.add_user(admin.db.uow(), admin.actor, username=f"c{i}", display_name=f"c{i}", password="secret123",
                       roles=["advisor"])
    screen = AuditScreen(admin)
    qtbot.addWidget(screen)
    assert admin.ops.wait()
    assert screen.chain.text() == "审计链已验证至第 3 行。"
    with admin.db.engine.begin() as conn:
        if admin.db.dialect == "sqlite":
            conn.exec_driver_sql("DROP TRIGGER audit_log_no_update")
        else:
            conn.exec_driver_sql("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change")
        conn.exec_driver_sql("UPDATE audit_log SET summary = '{}' WHERE seq = 2")
        if admin.db.dialect != "sqlite":  # the PostgreSQL test database is kept for the next tests
            conn.exec_driver_sql("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change")
    screen.verify_chain()
    assert admin.ops.wait()
    assert "第 2 行" in screen.chain.text() and "改动" in screen.chain.text()
