"""Users, their roles, the append-only audit log, settings and limits."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import BigInteger, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.db.models.base import Base
from workshop.db.types import UTCDateTime


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(200))
    badge_code: Mapped[str] = mapped_column(String(40), unique=True)
    team: Mapped[str | None] = mapped_column(String(20))  # a team code (teams.code): 机修, 钣喷, …
    phone: Mapped[str | None] = mapped_column(String(30))
    is_active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    roles: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )


class UserRole(Base):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(30), primary_key=True)

    user: Mapped[User] = relationship(back_populates="roles")


class AuditEntry(Base):
    """Append-only: triggers in the migration refuse UPDATE and DELETE on this table. Tamper-evident: each row
    carries its place in the chain (seq), the previous row's hash and its own sha256 over its content
    (workshop.db.audit_chain); seq is unique, so two writers can never fork the chain."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_user_at", "user_id", "at"),
        Index("ix_audit_log_entity", "entity", "entity_id"),
        Index("ux_audit_log_seq", "seq", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(60))
    summary: Mapped[str] = mapped_column(Text)
    seq: Mapped[int | None] = mapped_column(BigInteger)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    row_hash: Mapped[str | None] = mapped_column(String(64))


class AuditHead(Base):
    """One row (id 1): the last link of the audit chain. Writers lock it (SELECT ... FOR UPDATE on
    PostgreSQL) just before their commit, so concurrent transactions chain one after the other."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))


class Setting(Base):
    """Plain shop settings (closing time, overdue days, team labor cost rates...), by key."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class LimitSetting(Base):
    """A3: a limit for a role with the moment it takes effect. Never updated: a change is a new row."""

    __tablename__ = "limit_settings"
    __table_args__ = (
        UniqueConstraint("role", "key", "effective_from", name="uq_limit_settings_role_key_from"),
        Index("ix_limit_settings_key_from", "key", "effective_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(30))
    key: Mapped[str] = mapped_column(String(40))  # max_discount_pct, discounts_per_week, min_accident_margin_pct, ...
    value: Mapped[Decimal] = mapped_column(Numeric(14, 4, asdecimal=True))
    effective_from: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class NumberCounter(Base):
    """Human-readable numbers (RO2611-0042): one row per prefix, incremented under a row lock."""

    __tablename__ = "number_counters"

    prefix: Mapped[str] = mapped_column(String(20), primary_key=True)
    last_value: Mapped[int] = mapped_column(default=0)
