"""R3/R4 in the demo data: declined work (open, taken up, dismissed) and QC suggestions over the whole history,
walk-arounds at most receptions, a few small photos; the reception hint and the printed work order read them."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from sqlalchemy import func, select

from workshop.db.models import DeclinedWork, Walkaround, WalkaroundPhoto, WorkOrder
from workshop.db.uow import Database
from workshop.demo import generate
from workshop.printing.documents import work_order_pdf
from workshop.queries.declined_work import declined_for_vehicle, open_declined_work

NOW = datetime(2026, 11, 20, 3, 30, tzinfo=UTC)


def test_r3_r4_demo_has_declined_work_suggestions_and_walkarounds(db: Database) -> None:
    generate(db, "small", seed=3, now=NOW)
    with db.read() as s:
        states = dict(s.execute(select(DeclinedWork.state, func.count()).group_by(DeclinedWork.state)).all())
        sources = dict(s.execute(select(DeclinedWork.source, func.count()).group_by(DeclinedWork.source)).all())
        assert states.get("open", 0) > 0 and states.get("done", 0) > 0, states
        assert sources.get("declined_item", 0) > 0 and sources.get("qc_suggestion", 0) > 0, sources
        first, last = s.execute(select(func.min(DeclinedWork.noted_at), func.max(DeclinedWork.noted_at))).one()
        assert (last - first).days >= 45  # over the whole history (the small demo holds 60 days)
        walks = s.scalar(select(func.count()).select_from(Walkaround)) or 0
        orders = s.scalar(select(func.count()).select_from(WorkOrder)) or 1
        assert walks > orders // 2
        photo_wo = s.scalar(select(WorkOrder.number).join(WalkaroundPhoto, WalkaroundPhoto.work_order_id == WorkOrder.id)
                            .limit(1))
        photo_bytes = s.scalar(select(func.sum(func.length(WalkaroundPhoto.data)))) or 0
    assert photo_bytes < 200_000  # a few small ones
    rows = open_declined_work(db)
    assert rows and rows[0].amount is not None
    assert declined_for_vehicle(db, rows[0].vehicle_id)[0].hint().startswith("上次建议：")
    assert photo_wo is not None
    buf = io.BytesIO()
    work_order_pdf(db, photo_wo, buf)
    assert buf.getvalue().startswith(b"%PDF")
