"""Users, roles, login (argon2id, lockout after 5 failures) and the first administrator."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import case, func, literal, or_, select, update

from workshop.db.models import AuditEntry, User, UserRole
from workshop.db.types import UTCDateTime
from workshop.db.uow import Database, UnitOfWork
from workshop.domain.clock import to_shop
from workshop.domain.errors import AuthenticationFailed, InvalidInput, NotFound, RuleViolation
from workshop.domain.lang import tr
from workshop.domain.roles import Actor, Perm, Role
from workshop.domain.text import clean_text, halfwidth
from workshop.services.dto import UserInfo
from workshop.services.teams import check_team

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 6

_hasher = PasswordHasher()  # argon2id by default


@cache
def _dummy_hash() -> str:
    """Computed on first use, not at import: an argon2 hash takes a fifth of a second."""
    return _hasher.hash("not-a-real-password")

def login_refused() -> AuthenticationFailed:
    """The one refusal for an unknown user, a wrong password, a locked or a disabled account."""
    return AuthenticationFailed(
        "用户名或密码不正确，或账户暂时不能登录（连续 5 次输错后锁定 15 分钟）。",
        "Wrong user name or password, or the account cannot log in for now (locked 15 minutes after 5 failures).",
    )


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _check_password(password: object) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise InvalidInput(f"密码至少 {MIN_PASSWORD} 位。", f"A password has at least {MIN_PASSWORD} characters.")
    if len(password) > 200:
        raise InvalidInput("密码太长。", "The password is too long.")
    if any("\ud800" <= ch <= "\udfff" for ch in password):  # cannot be encoded for hashing
        raise InvalidInput("密码含有无法识别的字符，请重新输入。", "The password contains a broken character; type it again.")
    return password


def _username(value: object) -> str:
    name = halfwidth(clean_text(value, "用户名", "User name", max_len=40)).lower()
    if not all((ch.isalnum() and ch.isascii()) or ch in "._-" for ch in name):
        raise InvalidInput("用户名只能含字母、数字和 . _ -。", "A user name may only contain letters, digits and . _ -")
    return name


def _roles(values: object) -> list[Role]:
    if not isinstance(values, list | tuple | set | frozenset) or not values:
        raise InvalidInput("请至少选择一个角色。", "Choose at least one role.")
    try:
        return sorted({Role(v) for v in values})
    except ValueError:
        raise InvalidInput("未知的角色。", "Unknown role.") from None


def _team(uow: UnitOfWork, value: object) -> str | None:
    return check_team(uow.session, value, optional=True)


def to_info(user: User) -> UserInfo:
    return UserInfo(
        id=user.id, username=user.username, display_name=user.display_name,
        roles=tuple(sorted(r.role for r in user.roles)), team=user.team, badge_code=user.badge_code,
        is_active=user.is_active, locked_until=user.locked_until, last_login_at=user.last_login_at,
    )


def actor_of(user: User) -> Actor:
    return Actor(user.id, user.username, user.display_name, frozenset(Role(r.role) for r in user.roles))


def _insert_user(uow: UnitOfWork, username: str, display_name: str, password: str, roles: list[Role],
                 team: str | None, phone: str | None = None, *, password_hash: str | None = None) -> User:
    if uow.user_by_name(username) is not None:
        raise RuleViolation(f"用户名 {username} 已被使用。", f"The user name {username} is taken.")
    user = User(
        username=username, display_name=display_name, password_hash=password_hash or hash_password(password),
        badge_code=f"TMP-{username}", team=team, phone=phone, is_active=True, failed_logins=0,
        created_at=uow.now,
    )
    user.roles = [UserRole(role=r.value) for r in roles]
    uow.session.add(user)
    uow.session.flush()
    user.badge_code = f"EMP{user.id:05d}"
    return user


def add_user(uow: UnitOfWork, actor: Actor, *, username: str, display_name: str, password: str,
             roles: list[str], team: str | None = None, phone: str | None = None) -> UserInfo:
    with uow:
        uow.authorize(actor, Perm.USER_ADMIN)
        user = _insert_user(
            uow, _username(username), clean_text(display_name, "姓名", "Name", max_len=80),
            _check_password(password), _roles(roles), _team(uow, team),
        )
        uow.audit(actor, "user.add", "user", user.id, username=user.username, roles=[r.role for r in user.roles])
        info = to_info(user)
        uow.commit()
    return info


def add_user_as_system(uow: UnitOfWork, *, username: str, display_name: str, password: str,
                       roles: list[str], team: str | None = None) -> UserInfo:
    """For the `workshop user add` command, run by whoever holds the database itself."""
    with uow:
        user = _insert_user(
            uow, _username(username), clean_text(display_name, "姓名", "Name", max_len=80),
            _check_password(password), _roles(roles), _team(uow, team),
        )
        uow.audit(None, "user.add", "user", user.id, username=user.username, via="command line")
        info = to_info(user)
        uow.commit()
    return info


def needs_first_admin(db: Database) -> bool:
    with db.read() as s:
        return (s.scalar(select(func.count()).select_from(User)) or 0) == 0


def create_first_admin(uow: UnitOfWork, *, username: str, display_name: str, password: str) -> UserInfo:
    """The one-time step of a new real database. Refused once any user exists."""
    with uow:
        if (uow.session.scalar(select(func.count()).select_from(User)) or 0) > 0:
            raise RuleViolation("管理员已经创建过了。", "The administrator has already been created.")
        user = _insert_user(
            uow, _username(username), clean_text(display_name, "姓名", "Name", max_len=80),
            _check_password(password), [Role.ADMIN], None,
        )
        uow.audit(None, "user.first_admin", "user", user.id, username=user.username)
        info = to_info(user)
        uow.commit()
    return info


def _spend_verify_time(password: object) -> None:
    """Take as long as a real check, so timing does not tell whether the user name exists."""
    with contextlib.suppress(VerificationError, InvalidHashError):
        _hasher.verify(_dummy_hash(), password if isinstance(password, str) else "")


def _claim_check(uow: UnitOfWork, user_id: int, now: datetime) -> int | None:
    """Count this attempt as a failure before its password is checked, atomically (one UPDATE ... RETURNING:
    the row lock orders parallel attempts), so that no more than MAX_FAILURES checks ever run before the lock,
    whatever the parallelism. The MAX_FAILURES-th attempt sets the lock in the same statement (and the counter
    back to 0). Returns the counter after this attempt (0: this one set the lock), or None when the account is
    locked now (no check runs)."""
    reached = User.failed_logins + 1 >= MAX_FAILURES
    until = literal(now + timedelta(minutes=LOCK_MINUTES), UTCDateTime())
    stmt = (
        update(User)
        .where(User.id == user_id, or_(User.locked_until.is_(None), User.locked_until <= literal(now, UTCDateTime())))
        .values(failed_logins=case((reached, 0), else_=User.failed_logins + 1),
                locked_until=case((reached, until), else_=None))
        .returning(User.failed_logins)
        .execution_options(synchronize_session=False)
    )
    return uow.session.execute(stmt).scalar_one_or_none()


@dataclass(frozen=True)
class LoginResult:
    """A successful login; `notice_zh`/`notice_en` tell the account holder (only now, never in a refusal) that
    their account was locked since their last login: "N failed attempts since your last login, locked until
    HH:MM". None when it was not."""
    actor: Actor
    notice_zh: str | None = None
    notice_en: str | None = None

    def notice(self, lang: str) -> str | None:
        return tr(lang, self.notice_zh, self.notice_en)


def authenticate(uow: UnitOfWork, username: str, password: str) -> Actor:
    """Log in (see log_in); only the actor."""
    return log_in(uow, username, password).actor


def _lock_notice(uow: UnitOfWork, user: User, slot: int) -> tuple[str, str] | None:
    """The locks of this account since its last login (the user.locked audit rows), told to its holder."""
    query = select(AuditEntry.at, AuditEntry.summary).where(
        AuditEntry.action == "user.locked", AuditEntry.entity == "user", AuditEntry.entity_id == str(user.id))
    if user.last_login_at is not None:
        query = query.where(AuditEntry.at > user.last_login_at)
    locks = uow.session.execute(query.order_by(AuditEntry.id)).all()
    if not locks:
        return None
    failures = MAX_FAILURES * len(locks) + (slot - 1 if slot else MAX_FAILURES - 1)
    until_text = json.loads(locks[-1].summary).get("locked_until")
    until = datetime.fromisoformat(until_text) if until_text else locks[-1].at + timedelta(minutes=LOCK_MINUTES)
    hhmm = to_shop(until).strftime("%H:%M")
    return (f"自您上次登录以来，密码输错 {failures} 次，账户曾锁定到 {hhmm}。",
            f"{failures} failed attempts since your last login, locked until {hhmm}.")


def log_in(uow: UnitOfWork, username: str, password: str) -> LoginResult:
    """Log in. Every refusal - unknown user, wrong password, locked, disabled - says the same sentence and takes
    one argon2 verification (against a dummy hash when there is nothing to check)."""
    if isinstance(password, str) and any("\ud800" <= ch <= "\udfff" for ch in password):
        password = ""  # a broken character cannot be in any stored password: a wrong password like any other
    secret = password if isinstance(password, str) else ""
    try:
        name = _username(username)
    except InvalidInput:
        _spend_verify_time(secret)
        raise login_refused() from None
    with uow:
        user = uow.user_by_name(name)
        now = uow.now
        slot = None
        if user is not None and user.is_active:
            user_id, stored_hash = user.id, user.password_hash
            slot = _claim_check(uow, user_id, now)
            uow.commit()  # the attempt is counted before the (slow) check runs, outside the transaction
    if slot is None:
        _spend_verify_time(secret)
        raise login_refused()
    try:
        _hasher.verify(stored_hash, secret)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        if slot == 0:
            with uow:
                uow.audit(None, "user.locked", "user", user_id, after_failures=MAX_FAILURES,
                          locked_until=(now + timedelta(minutes=LOCK_MINUTES)).isoformat())
                uow.commit()
        raise login_refused() from None
    with uow:
        user = uow.session.get(User, user_id, with_for_update=True)
        if user is None or not user.is_active:  # disabled meanwhile
            raise login_refused()
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = hash_password(secret)
        notice = _lock_notice(uow, user, slot)
        user.failed_logins = 0
        user.locked_until = None
        user.last_login_at = now
        uow.audit(actor_of(user), "user.login", "user", user.id)
        actor = actor_of(user)
        uow.commit()
    return LoginResult(actor, *(notice or (None, None)))


def _get(uow: UnitOfWork, user_id: int) -> User:
    user = uow.session.get(User, user_id, with_for_update=True)
    if user is None:
        raise NotFound("找不到这个用户。", "No such user.")
    return user


def set_roles(uow: UnitOfWork, actor: Actor, user_id: int, roles: list[str]) -> UserInfo:
    with uow:
        uow.authorize(actor, Perm.USER_ADMIN)
        user = _get(uow, user_id)
        _put_roles(uow, actor, user, roles)
        info = to_info(user)
        uow.commit()
    return info


def _put_roles(uow: UnitOfWork, actor: Actor, user: User, roles: list[str]) -> None:
    new = _roles(roles)
    before = sorted(r.role for r in user.roles)
    if user.id == actor.user_id and Role.ADMIN not in new:
        raise RuleViolation("不能去掉自己的管理员角色。", "You cannot take the administrator role from yourself.")
    user.roles = [UserRole(role=r.value) for r in new]
    uow.session.flush()
    uow.audit(actor, "user.roles", "user", user.id, before=before, after=[r.value for r in new])


def set_team(uow: UnitOfWork, actor: Actor, user_id: int, team: str | None) -> UserInfo:
    """Move a user to another team in use (or to none): how a team is emptied before it is retired."""
    with uow:
        uow.authorize(actor, Perm.USER_ADMIN)
        user = _get(uow, user_id)
        _put_team(uow, actor, user, team)
        info = to_info(user)
        uow.commit()
    return info


def _put_team(uow: UnitOfWork, actor: Actor, user: User, team: str | None) -> None:
    new = _team(uow, team)
    before = user.team
    if new != before:
        user.team = new
        uow.audit(actor, "user.team", "user", user.id, before=before, after=new)


def edit_user(uow: UnitOfWork, actor: Actor, user_id: int, *, team: str | None, roles: list[str]) -> UserInfo:
    """The user dialog's OK on an existing user: the team (when moved) and the roles, one transaction."""
    with uow:
        uow.authorize(actor, Perm.USER_ADMIN)
        user = _get(uow, user_id)
        _put_team(uow, actor, user, team)
        _put_roles(uow, actor, user, roles)
        info = to_info(user)
        uow.commit()
    return info


def set_active(uow: UnitOfWork, actor: Actor, user_id: int, active: bool) -> UserInfo:
    with uow:
        uow.authorize(actor, Perm.USER_ADMIN)
        user = _get(uow, user_id)
        if not isinstance(active, bool):
            raise InvalidInput("请选择启用或停用。", "Choose enable or disable.")
        if user.id == actor.user_id and not active:
            raise RuleViolation("不能停用自己。", "You cannot disable yourself.")
        before = user.is_active
        user.is_active = bool(active)
        uow.audit(actor, "user.enable" if active else "user.disable", "user", user.id, before=before, after=active)
        info = to_info(user)
        uow.commit()
    return info


def reset_password(uow: UnitOfWork, actor: Actor, user_id: int, new_password: str) -> UserInfo:
    """An administrator sets a new password; this also lifts a lockout."""
    with uow:
        uow.authorize(actor, Perm.USER_ADMIN)
        user = _get(uow, user_id)
        user.password_hash = hash_password(_check_password(new_password))
        user.failed_logins = 0
        user.locked_until = None
        uow.audit(actor, "user.password_reset", "user", user.id)  # never the password itself
        info = to_info(user)
        uow.commit()
    return info


def set_password_as_system(uow: UnitOfWork, username: str, new_password: str) -> UserInfo:
    with uow:
        user = uow.user_by_name(_username(username))
        if user is None:
            raise NotFound("找不到这个用户。", "No such user.")
        user.password_hash = hash_password(_check_password(new_password))
        user.failed_logins = 0
        user.locked_until = None
        uow.audit(None, "user.password_reset", "user", user.id, via="command line")
        info = to_info(user)
        uow.commit()
    return info


def recover_admin(uow: UnitOfWork, username: str, new_password: str, *, host: str) -> UserInfo:
    """`workshop recover-admin` on the SQLite machine: an administrator gets a new password, is enabled and
    unlocked. Audited (by nobody logged in, from which machine)."""
    with uow:
        user = uow.user_by_name(_username(username))
        if user is None or Role.ADMIN.value not in {r.role for r in user.roles}:
            raise NotFound("找不到这个管理员。", "No such administrator.")
        user.password_hash = hash_password(_check_password(new_password))
        user.failed_logins = 0
        user.locked_until = None
        user.is_active = True
        uow.audit(None, "user.recover_admin", "user", user.id, via="command line", host=host)
        info = to_info(user)
        uow.commit()
    return info


def list_users(db: Database) -> list[UserInfo]:
    with db.read() as s:
        return [to_info(u) for u in s.scalars(select(User).order_by(User.username))]


def user_by_badge(db: Database, badge: str) -> UserInfo | None:
    code = halfwidth(badge or "").strip().upper()
    with db.read() as s:
        user = s.scalar(select(User).where(User.badge_code == code))
        return to_info(user) if user else None
