"""W4/W5 over the whole history: every labor line of a car taken into the workshop is dispatched (most to one
technician, some split 60/40 inside the team, a few reassigned with a reason), clocked on and off with pauses
(待料, 待审批, 休息, 其他), at efficiencies of 85-110 % (billed ÷ clocked hours, each technician with their own
level); finished lines carry their finished mark; cars in progress now have open clocks (one per technician),
some paused 待料 so the parts counter sees them; a few clocks were stopped at closing time and flagged, most of
those corrected by the manager."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from workshop.demo.context import Gen
from workshop.demo.orders import WO
from workshop.demo.timeline import HOUR, MINUTE, dt, dtn
from workshop.domain.job_clock import PauseReason

PAUSES = ((PauseReason.PARTS, 40, "等配件到货"), (PauseReason.APPROVAL, 20, "等客户确认增项"),
          (PauseReason.BREAK, 30, ""), (PauseReason.OTHER, 10, "等工位"))
REASSIGN_REASONS = ("原技工请假", "工作量调整", "需要专项技能")


def _efficiency(g: Gen) -> dict[int, float]:
    """Each technician's own level, 0.90-1.04, around which their jobs vary."""
    return {t: 0.90 + 0.14 * g.rng.random() for techs in g.team_techs.values() for t in techs}


def _pick(team_techs: list[int], wanted: int, at: int, free_at: dict[int, float], taken: list[int]) -> int:
    """The dispatched technician if free by `at` (give or take half an hour), else the team's first free one."""
    if free_at.get(wanted, 0) <= at + 30 * MINUTE and wanted not in taken:
        return wanted
    others = [t for t in team_techs if t not in taken] or [wanted]
    return min(others, key=lambda t: (free_at.get(t, 0), t))


def dispatch_and_clocks(g: Gen, orders: list[WO]) -> None:
    """The cars in the order they were taken; each technician works one job at a time (W5's one open clock, so
    productivity stays at or under 100 %): a job goes to the dispatched technician when free, else to the team's
    technician free first."""
    rng = g.rng
    level = _efficiency(g)
    dispatcher = {team: next((u for u in techs if u == g.users.get("leader") or u == g.users.get("leader2")),
                             g.users["manager"]) for team, techs in g.team_techs.items()}
    by_wo: dict[int, list[dict[str, Any]]] = {}
    for row in g.rows.get("labor_lines", []):
        row.setdefault("finished_at", None)
        row.setdefault("finished_by", None)
        by_wo.setdefault(row["work_order_id"], []).append(row)
    free_at: dict[int, float] = {}  # when each technician's last clock ended (inf: clocked on now)
    now_on: list[Job] = []
    for wo in sorted((w for w in orders if w.taken <= g.now and w.cancelled is None), key=lambda w: (w.taken, w.id)):
        lines = by_wo.get(wo.id, [])
        cursor = wo.taken
        team_techs = g.team_techs.get(wo.team) or [wo.tech]
        car_tech = wo.tech
        for n, row in enumerate(lines):
            # the car's technician does its jobs one after the other (a later job waits up to a few hours for
            # them); its first job goes to the dispatched technician if free, else to the first free one
            techs = [car_tech if n and free_at.get(car_tech, 0) <= cursor + 4 * HOUR
                     else _pick(team_techs, wo.tech, cursor, free_at, [])]
            car_tech = techs[0]
            if len(team_techs) > 1 and rng.random() < 0.15:
                techs.append(_pick(team_techs, rng.choice([t for t in team_techs if t != techs[0]]), cursor,
                                   free_at, techs))
            shares = [Decimal(100)] if len(techs) == 1 else [Decimal(60), Decimal(40)]
            assigned = wo.started if wo.started <= wo.taken else wo.taken
            by = dispatcher.get(wo.team, g.users["manager"])
            if rng.random() < 0.04 and len(team_techs) > len(techs):  # first given to someone else, reassigned
                first = rng.choice([t for t in team_techs if t not in techs])
                g.add("labor_assignments", _assignment(g, row, wo, first, Decimal(100), by, assigned, "",
                                                       wo.taken, by))
                assigned = wo.taken
                reason = rng.choice(REASSIGN_REASONS)
            else:
                reason = ""
            for tech, share in zip(techs, shares, strict=True):
                g.add("labor_assignments", _assignment(g, row, wo, tech, share, by, assigned, reason, None, None))
            job = (wo, row, techs, shares, cursor)
            if wo.completed > g.now and n == len(lines) - 1:
                now_on.append(job)  # the car is being worked on now: clocked on after every closed clock
            else:
                _work(g, job, level, free_at, False)
            cursor += int(float(row["hours"]) * HOUR * 0.6)
    for job in now_on:
        _work(g, job, level, free_at, True)


Job = tuple[WO, dict[str, Any], list[int], list[Decimal], int]


def _work(g: Gen, job: Job, level: dict[int, float], free_at: dict[int, float], now_on: bool) -> None:
    """The clocks of one job, each technician's after their previous one; finished if every share was done.
    now_on: the last job of a car in the workshop now, clocked on now by whoever of its technicians is free."""
    wo, row, techs, shares, cursor = job
    billed = float(row["hours"])
    finished = True
    for tech, share in zip(techs, shares, strict=True):
        eff = min(1.10, max(0.85, level.get(tech, 0.97) + g.rng.gauss(0, 0.04)))
        worked = int(billed * float(share) / 100 / eff * HOUR)
        start = cursor + g.rng.randint(2, 20) * MINUTE
        if free_at.get(tech, 0) == float("inf"):
            finished = False  # clocked on another car now: this job has not begun
            continue
        start = max(start, int(free_at.get(tech, 0)) + g.rng.randint(1, 10) * MINUTE)
        if now_on:
            start = max(start, g.now - g.rng.randint(10, 150) * MINUTE)
        done, free_at[tech] = _clock(g, wo, row, tech, start, worked, wo.completed > g.now, now_on)
        finished = finished and done
    if finished and wo.completed <= g.now:
        row["finished_at"], row["finished_by"] = dtn(min(wo.completed, g.now)), wo.tech


def _assignment(g: Gen, row: dict[str, Any], wo: WO, tech: int, share: Decimal, by: int, at: int, reason: str,
                ended: int | None, ended_by: int | None) -> dict[str, Any]:
    return {"id": g.ids.next("labor_assignments"), "labor_line_id": row["id"], "work_order_id": wo.id,
            "technician_id": tech, "team": wo.team, "share_pct": share, "assigned_by": by, "assigned_at": dtn(at),
            "reason": reason, "ended_at": dt(ended), "ended_by": ended_by}


def _clock(g: Gen, wo: WO, row: dict[str, Any], tech: int, start: int, worked: int,
           in_workshop: bool, on_now: bool = False) -> tuple[bool, float]:
    """One clock entry (with at most one pause) of `worked` seconds from start; open if it runs past now on a car
    in the workshop (the technician's one open clock: they are busy from then on). Returns (the job is done,
    when the technician is free again)."""
    rng = g.rng
    if start >= g.now - 2 * MINUTE:
        return False, start  # not begun yet
    pause: tuple[PauseReason, int, int, str] | None = None
    if rng.random() < 0.22:
        reason = rng.choices([p[0] for p in PAUSES], [p[1] for p in PAUSES])[0]
        note = next(p[2] for p in PAUSES if p[0] == reason)
        p_start = start + int(worked * rng.uniform(0.2, 0.7))
        pause = (reason, p_start, rng.randint(10, 90) * MINUTE, note)
    end = start + worked + (pause[2] if pause else 0)
    open_now = on_now or (in_workshop and end > g.now)
    if open_now:  # clocked on a while ago, some of them paused right now
        if rng.random() < 0.35:
            reason = rng.choices([p[0] for p in PAUSES], [60, 25, 10, 5])[0]
            note = next(p[2] for p in PAUSES if p[0] == reason)
            pause = (reason, max(start + MINUTE, g.now - rng.randint(5, 90) * MINUTE), 10 * HOUR, note)
        else:
            pause = None
    elif end > g.now:  # stopped before now (the day's work broke off)
        end = max(start + MINUTE, g.now - MINUTE)
        worked = min(worked, end - start)
        pause = pause if pause and pause[1] + pause[2] < end else None
    cid = g.ids.next("job_clocks")
    flagged = not open_now and end + 5 * HOUR < g.now and rng.random() < 0.01  # flagged an hour after closing
    free: float = end
    row_out: dict[str, Any] = {
        "id": cid, "technician_id": tech, "work_order_id": wo.id, "labor_line_id": row["id"],
        "status": "closed", "started_at": dtn(start), "ended_at": dtn(end), "open_key": None,
        "worked_seconds": worked, "terminal": "车间终端1", "started_by": tech, "stopped_by": tech,
        "flagged_at": None, "flag_reason": "", "reviewed_at": None, "reviewed_by": None, "corrected_at": None,
        "corrected_by": None, "correction_reason": "", "original_started_at": None, "original_ended_at": None}
    paused_now = False
    if open_now:
        free = float("inf")
        paused_now = pause is not None and pause[1] <= g.now < pause[1] + pause[2]
        row_out.update(status="paused" if paused_now else "running", ended_at=None, open_key=1, stopped_by=None,
                       worked_seconds=0)
    elif flagged:
        late_end = end + 3 * HOUR
        row_out.update(flagged_at=dtn(late_end + HOUR), flag_reason="下班时仍在计时，已按下班时间停止",
                       stopped_by=None)
        if late_end + 2 * HOUR < g.now:  # the manager corrected it the next morning
            row_out.update(reviewed_at=dtn(late_end + 14 * HOUR), reviewed_by=g.users["manager"],
                           corrected_at=dtn(late_end + 14 * HOUR), corrected_by=g.users["manager"],
                           correction_reason="忘记下工打卡，按实际完工时间更正", original_started_at=dtn(start),
                           original_ended_at=dtn(late_end))
        else:
            row_out.update(ended_at=dtn(late_end), worked_seconds=worked + 3 * HOUR)
            free = late_end
    g.add("job_clocks", row_out)
    if pause is not None and pause[1] < g.now:
        reason, p_start, length, note = pause
        p_end: int | None = p_start + length
        if paused_now:
            p_end = None
        g.add("clock_pauses", {
            "id": g.ids.next("clock_pauses"), "clock_id": cid, "work_order_id": wo.id, "technician_id": tech,
            "reason": reason.value, "note": note, "part_line_id": None, "started_at": dtn(p_start),
            "ended_at": dt(p_end), "parts_issued_at": dt(p_end) if reason is PauseReason.PARTS and p_end else None})
    return not open_now, free
