"""Audit rows name their record in 60 characters; a longer name (a PostgreSQL host and database named in a
restore) is kept whole in the summary instead of failing the action it records."""

from __future__ import annotations

import json

from sqlalchemy import select

from workshop.db.models import AuditEntry
from workshop.db.uow import Database


def test_s_audit_row_of_a_long_record_name_is_written_and_keeps_the_name(db: Database) -> None:
    name = "PostgreSQL db-server.shop.example:5432/" + "workshop_" * 8
    with db.uow() as uow:
        uow.audit(None, "database.restore", "database", name, file="x.dump")
        uow.commit()
    with db.read() as s:
        record, summary = s.execute(select(AuditEntry.entity_id, AuditEntry.summary)
                                    .where(AuditEntry.action == "database.restore")).one()
    assert len(record) == 60 and record.endswith("…") and name.startswith(record[:-1])
    assert json.loads(summary)["record"] == name
