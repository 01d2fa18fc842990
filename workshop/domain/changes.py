"""What one user action changed: the kinds of the shop's records, each with the ids of the records changed.

A unit of work records it from its session (`workshop/db/change_tracking.py` maps every table to a kind and
a child row - a part line, an issue, a payment - to its work order too) and exposes it after commit as
`uow.changes`; the GUI's runner broadcasts it and every screen refreshes what it shows of those records."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class RecordKind(StrEnum):
    """Ids are the database ids of the kind's own table (WORK_ORDERS: work_orders.id, STOCK: parts.id …)."""

    WORK_ORDERS = "work_orders"        # the order, its lines, quote, events, walk-around, gate pass …
    STOCK = "stock"                    # parts and their stock moves (issues, returns, receipts, counts)
    PURCHASE_ORDERS = "purchase_orders"
    CLAIMS = "claims"                  # claim orders, their lines and deposits
    TOOLS = "tools"                    # tools, loans, charges
    APPROVALS = "approvals"            # every approval request and discount grant
    USERS = "users"
    APPOINTMENTS = "appointments"      # appointments, slots, reminder calls
    PAYMENTS = "payments"              # payments, payer terms, invoices, day closes
    RECEIVABLES = "receivables"        # receivables, their events, account customers
    SETTINGS = "settings"
    LIMITS = "limits"                  # approval limits
    TEAMS = "teams"                    # teams and their rates
    COMPLAINTS = "complaints"
    CLOCKS = "clocks"                  # job clocks and pauses
    FLOOR = "floor"                    # assignments, bays, placements, floor notices
    PIECE_RATE = "piece_rate"
    CUSTOMERS = "customers"
    VEHICLES = "vehicles"
    DECLINED_WORK = "declined_work"
    MASTER_DATA = "master_data"        # labour operations, bins, suppliers


@dataclass(frozen=True)
class ChangeSet:
    """ids: per kind, the ids changed. whole: kinds changed without known ids (a bulk statement, an import,
    a restore): every record of such a kind may have changed."""

    ids: Mapping[RecordKind, frozenset[int]] = field(default_factory=dict)
    whole: frozenset[RecordKind] = frozenset()

    @classmethod
    def of(cls, kind: RecordKind, *ids: int) -> ChangeSet:
        return cls(ids={kind: frozenset(ids)}) if ids else cls(whole=frozenset({kind}))

    @classmethod
    def everything(cls) -> ChangeSet:
        return cls(whole=frozenset(RecordKind))

    @property
    def kinds(self) -> frozenset[RecordKind]:
        return frozenset(self.ids) | self.whole

    def __bool__(self) -> bool:
        return bool(self.whole) or any(self.ids.values())

    def touches(self, *kinds: RecordKind) -> bool:
        """Some record of one of these kinds changed."""
        return any(kind in self.whole or self.ids.get(kind) for kind in kinds)

    def touches_record(self, kind: RecordKind, record_id: int | None) -> bool:
        """This very record changed (or every record of its kind may have)."""
        return kind in self.whole or (record_id is not None and record_id in self.ids.get(kind, ()))

    def ids_of(self, kind: RecordKind) -> frozenset[int]:
        return self.ids.get(kind, frozenset())

    def merge(self, other: ChangeSet) -> ChangeSet:
        if not other:
            return self
        if not self:
            return other
        ids = dict(self.ids)
        for kind, more in other.ids.items():
            ids[kind] = ids.get(kind, frozenset()) | more
        return ChangeSet(ids=ids, whole=self.whole | other.whole)

    def describe(self) -> str:
        """For logs and test failures: 'work_orders[3] stock[12,14] settings[*]'."""
        parts = [f"{k}[{','.join(str(i) for i in sorted(self.ids_of(k)))}]" for k in RecordKind if self.ids.get(k)]
        parts += [f"{k}[*]" for k in RecordKind if k in self.whole]
        return " ".join(parts)


NO_CHANGES = ChangeSet()


class ChangeBuilder:
    """Collects ids while a transaction runs; frozen into a ChangeSet at commit."""

    def __init__(self) -> None:
        self._ids: dict[RecordKind, set[int]] = {}
        self._whole: set[RecordKind] = set()

    def add(self, kind: RecordKind, record_id: int | None) -> None:
        if record_id is None:
            self._whole.add(kind)
        else:
            self._ids.setdefault(kind, set()).add(record_id)

    def add_many(self, kind: RecordKind, ids: Iterable[int]) -> None:
        self._ids.setdefault(kind, set()).update(ids)

    def add_set(self, changes: ChangeSet) -> None:
        for kind, ids in changes.ids.items():
            self.add_many(kind, ids)
        self._whole |= changes.whole

    def clear(self) -> None:
        self._ids.clear()
        self._whole.clear()

    def freeze(self) -> ChangeSet:
        if not self._ids and not self._whole:
            return NO_CHANGES
        return ChangeSet(ids={k: frozenset(v) for k, v in self._ids.items() if v}, whole=frozenset(self._whole))
