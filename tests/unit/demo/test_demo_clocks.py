"""W4/W5 in the demo: dispatches with shares summing to 100 %, clocks and pauses over the whole history, at
realistic efficiencies (billed ÷ clocked hours 85-110 % per technician), one open clock per technician now,
jobs paused 待料 the parts counter sees; and the terminal works on the demo data."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import func, select

from workshop.db.models import ClockPause, JobClock, LaborAssignment, LaborLine, User, WorkOrder
from workshop.db.uow import Database
from workshop.demo import generate
from workshop.domain.job_clock import PauseReason
from workshop.queries.dashboards_efficiency import efficiency_rows

NOW = datetime(2026, 11, 10, 6, 0, tzinfo=UTC)  # 14:00 in the shop, a Tuesday


def test_w4_w5_demo_has_dispatches_clocks_and_pauses_with_realistic_efficiency(db: Database) -> None:
    generate(db, "small", seed=5, now=NOW)
    with db.read() as s:
        sums = s.execute(select(LaborAssignment.labor_line_id, func.sum(LaborAssignment.share_pct))
                         .where(LaborAssignment.ended_at.is_(None)).group_by(LaborAssignment.labor_line_id)).all()
        assert len(sums) > 300 and {total for _, total in sums} == {Decimal(100)}
        assert s.scalar(select(func.count()).select_from(LaborAssignment).where(LaborAssignment.reason != "")) > 0
        first, last = s.execute(select(func.min(JobClock.started_at), func.max(JobClock.started_at))).one()
        opened = s.scalar(select(func.min(WorkOrder.opened_at)))
        assert opened is not None and (first - opened).days < 3 and (NOW - last).days < 1  # the whole history
        billed: dict[int, Decimal] = defaultdict(Decimal)
        for tech, hours, share in s.execute(
                select(LaborAssignment.technician_id, LaborLine.hours, LaborAssignment.share_pct)
                .join(LaborLine, LaborLine.id == LaborAssignment.labor_line_id)
                .where(LaborAssignment.ended_at.is_(None), LaborLine.finished_at.is_not(None))):
            billed[tech] += hours * share / 100
        clocked = dict(s.execute(select(JobClock.technician_id, func.sum(JobClock.worked_seconds))
                                 .join(LaborLine, LaborLine.id == JobClock.labor_line_id)
                                 .where(LaborLine.finished_at.is_not(None), JobClock.corrected_at.is_(None),
                                        JobClock.flagged_at.is_(None))
                                 .group_by(JobClock.technician_id)).all())
        eff = {t: float(billed[t]) / (clocked[t] / 3600) for t in clocked if clocked[t] > 20 * 3600}
        assert len(eff) >= 5 and all(0.85 <= e <= 1.10 for e in eff.values()), eff
        open_per_tech = s.execute(select(JobClock.technician_id, func.count()).where(JobClock.open_key.is_not(None))
                                  .group_by(JobClock.technician_id)).all()
        assert open_per_tech and all(n == 1 for _, n in open_per_tech)
        reasons = set(s.scalars(select(ClockPause.reason).distinct()))
        assert reasons == {r.value for r in PauseReason}
        assert s.scalar(select(func.count()).select_from(JobClock).where(JobClock.flagged_at.is_not(None))) > 0
        stretches = s.execute(select(JobClock.technician_id, JobClock.started_at, JobClock.ended_at)
                              .order_by(JobClock.technician_id, JobClock.started_at, JobClock.id)).all()
        teams = dict(s.execute(select(User.id, User.team)).all())
    # one job at a time (the shop does not allow parallel clocks): no technician's clocks overlap
    last_end: dict[int, datetime | None] = {}
    for tech, start, end in stretches:
        previous = last_end.get(tech)
        assert tech not in last_end or (previous is not None and start >= previous), (tech, start, previous)
        last_end[tech] = end
    worked_by_team: dict[str, set[int]] = defaultdict(set)
    for tech in billed:
        worked_by_team[teams[tech] or ""].add(tech)
    assert all(len(worked_by_team[team]) >= 4 for team in ("机修", "钣喷")), worked_by_team


def test_w6_demo_efficiency_85_to_110_and_productivity_at_most_100_per_technician_and_team(db: Database) -> None:
    generate(db, "small", seed=5, now=NOW)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for by in ("technician", "team"):
        whole = [r for r in efficiency_rows(db, start, NOW, by=by) if r.clocked_on_billed > 8]
        assert len(whole) >= (12 if by == "technician" else 2)
        assert all(Decimal(85) <= (r.efficiency_pct or 0) <= Decimal(110) for r in whole), whole
        for period in ("day", "week", "month"):
            rows = [r for r in efficiency_rows(db, start, NOW, by=by, period=period) if r.attended_hours > 0]
            assert rows and all((r.productivity_pct or 0) <= Decimal(100) for r in rows), period
            assert max(r.productivity_pct or 0 for r in rows) > Decimal(60)  # the technicians are busy
