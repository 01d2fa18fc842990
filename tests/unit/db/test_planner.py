"""Issue 22 (history growth ≤ 1.3): where PostgreSQL's planner reads every row of the history (a hash join over
all dispatch shares, a walk along the date index past every order), db/planner turns those methods off for
one block of one transaction and gives them back after it; SQLite is left alone."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from workshop.db.models import WorkOrder
from workshop.db.planner import join_by_index, look_up_by_key, planner_without
from workshop.db.uow import Database

SHOW = ("SELECT current_setting('enable_hashjoin'), current_setting('enable_mergejoin'), "
        "current_setting('enable_indexscan')")


def test_i22_planner_methods_are_off_inside_the_block_and_back_after_it(db: Database) -> None:
    with db.read() as s:
        pg = s.get_bind().dialect.name == "postgresql"
        before = tuple(s.execute(text(SHOW)).one()) if pg else None
        with join_by_index(s):
            assert s.in_transaction() == pg  # SQLite: not a statement sent, not even a connection taken
            joins = tuple(s.execute(text(SHOW)).one()) if pg else None
            with look_up_by_key(s):
                both = tuple(s.execute(text(SHOW)).one()) if pg else None
                assert s.execute(select(WorkOrder.id).limit(1)).all() == []  # queries run as ever
            inner_after = tuple(s.execute(text(SHOW)).one()) if pg else None
        after = tuple(s.execute(text(SHOW)).one()) if pg else None
    if pg:
        assert before == after == ("on", "on", "on")
        assert joins == inner_after == ("off", "off", "on")
        assert both == ("off", "off", "off")


def test_i22_planner_refuses_a_method_it_does_not_know(db: Database) -> None:
    with db.read() as s:
        with pytest.raises(ValueError, match="seqscan"), planner_without(s, "seqscan"):
            pass
        assert not s.in_transaction()  # refused before anything was sent
