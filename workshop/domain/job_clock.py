"""W4 dispatch and W5 the job clock: the vocabulary (pause reasons, clock states) with zh/en labels, the shares
rule and the clocked time of an entry (their labels: workshop.domain.labels). Pure functions; the services write.

Data model (workshop.db.models.dispatch):
- labor_assignments: one row per technician on a labor line (share %); a reassignment ends the current rows
  (ended_at/ended_by) and writes new ones with who, when and why (assigned_by/assigned_at/reason).
- job_clocks: one clock entry per technician per stretch of work on one labor line; open while ended_at is NULL.
  open_key (unique with technician_id) is 1 for an open clock when the shop allows one clock at a time, the
  labor line id when it allows several, NULL once closed: two terminals can never open two clocks at once.
  worked_seconds = clocked time less pauses (set when the clock stops and on a correction). flagged_at: stopped
  by the closing-time run, for the manager; corrected_*: a manager's correction with its reason, the original
  times kept in original_started_at/original_ended_at.
- clock_pauses: a pause of a clock with its reason (待料/待审批/休息/其他); parts_issued_at when the parts
  counter issued parts on that work order while it waited.
- floor_notices: a message for a technician's terminal (parts issued for a job waiting for them).
- labor_lines.finished_at/finished_by: the technician finished the job (the line) at the terminal.

Billed hours are the labor line's standard hours × the share; clocked hours come from job_clocks only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from workshop.domain.errors import InvalidInput

HUNDRED = Decimal("100")


class PauseReason(StrEnum):
    PARTS = "parts"        # 待料 waiting for parts
    APPROVAL = "approval"  # 待审批 waiting for approval or the customer's consent
    BREAK = "break"        # 休息
    OTHER = "other"        # 其他


class ClockStatus(StrEnum):
    RUNNING = "running"  # 计时中
    PAUSED = "paused"    # 暂停
    CLOSED = "closed"    # 已停止


class NoticeKind(StrEnum):
    PARTS_ISSUED = "parts_issued"  # the parts a paused job waited for were issued


SINGLE_OPEN_KEY = 1  # job_clocks.open_key of the one open clock when the shop allows one at a time


def pause_reason(value: object) -> PauseReason:
    if isinstance(value, str) and value in {r.value for r in PauseReason}:
        return PauseReason(value)
    from workshop.domain.labels import label  # the labels import this module

    names = "、".join(label(r) for r in PauseReason)
    raise InvalidInput(f"请选择暂停原因：{names}。",
                       "Choose why the job is paused: waiting for parts, waiting for approval, break or other.")


def open_key(parallel_allowed: bool, labor_line_id: int) -> int:
    """The open_key of a new clock: one slot per technician, or one per labor line when the shop allows several."""
    return labor_line_id if parallel_allowed else SINGLE_OPEN_KEY


def check_shares(shares: Sequence[tuple[int, Decimal]]) -> list[tuple[int, Decimal]]:
    """W4: one technician, or several with shares that sum to 100 %; each share above 0, no one twice."""
    if not isinstance(shares, (list, tuple)) or not shares:
        raise InvalidInput("请至少选择一名技工。", "Choose at least one technician.")
    if not all(isinstance(item, (list, tuple)) and len(item) == 2 and isinstance(item[0], int) for item in shares):
        raise InvalidInput("派工应为 技工 与 比例 的列表。", "A dispatch is a list of technicians with their shares.")
    seen: set[int] = set()
    out: list[tuple[int, Decimal]] = []
    for tech, share in shares:
        if tech in seen:
            raise InvalidInput("同一名技工只能出现一次。", "A technician can appear only once.")
        seen.add(tech)
        try:
            pct = Decimal(str(share)).quantize(Decimal("0.01"))
        except ArithmeticError:
            raise InvalidInput("分配比例必须是数字。", "A share must be a number.") from None
        if not Decimal(0) < pct <= HUNDRED:
            raise InvalidInput("每人的分配比例应大于 0、不超过 100 %。", "Each share is above 0 and at most 100 %.")
        out.append((tech, pct))
    total = sum((p for _, p in out), Decimal(0))
    if total != HUNDRED:
        raise InvalidInput(f"分配比例合计 {total} %，应为 100 %。", f"The shares add up to {total} %; they must make 100 %.")
    return out


def even_shares(technician_ids: Sequence[int]) -> list[tuple[int, Decimal]]:
    """Equal shares that still sum to exactly 100 % (the first one takes the rounding)."""
    n = len(technician_ids)
    if n == 0:
        return []
    each = (HUNDRED / n).quantize(Decimal("0.01"))
    first = HUNDRED - each * (n - 1)
    return [(t, first if i == 0 else each) for i, t in enumerate(technician_ids)]


def worked_seconds(started: datetime, ended: datetime, pauses: Iterable[tuple[datetime, datetime | None]]) -> int:
    """Clocked time of an entry: start to end less the pauses (a pause still open ends with the entry)."""
    total = (ended - started).total_seconds()
    for p_start, p_end in pauses:
        a, b = max(p_start, started), min(p_end or ended, ended)
        if b > a:
            total -= (b - a).total_seconds()
    return max(0, int(total))


def billed_hours(standard_hours: Decimal, share_pct: Decimal) -> Decimal:
    """W5/W6: the billed (standard) hours one technician earns from a labor line: its hours × their share."""
    return (standard_hours * share_pct / HUNDRED).quantize(Decimal("0.01"))


def hours_of(seconds: int) -> Decimal:
    return (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.01"))
