"""The settings screen's Save (S1, R2, C2) as one user action, one transaction: the plain settings (those that
changed), every vehicle's next service again when an interval changed, and a new claim director threshold when
it changed. A refused value refuses the whole: nothing of it is written."""

from __future__ import annotations

from collections.abc import Mapping

from workshop.db.limits_store import claim_director_threshold as threshold_in_force
from workshop.db.settings_store import all_settings
from workshop.db.uow import UnitOfWork
from workshop.domain.roles import Actor, Perm, Role
from workshop.services.limits import _put_limit
from workshop.services.reminders import _recompute_all
from workshop.services.settings import _write_changed

DUE_SETTINGS = ("service_interval", "service_intervals_by_model", "daily_km_default")  # R2: they move due dates


def save_shop_settings(uow: UnitOfWork, actor: Actor, values: Mapping[str, object], *,
                       claim_director_threshold: object) -> dict[str, str]:
    with uow:
        uow.authorize(actor, Perm.LIMITS_SET)
        before = all_settings(uow.session)
        saved = _write_changed(uow, actor, values)
        if any(key in saved and saved[key] != before[key] for key in DUE_SETTINGS):
            _recompute_all(uow, actor)
        if str(claim_director_threshold).strip() != str(threshold_in_force(uow.session, uow.now)):
            _put_limit(uow, actor, Role.SERVICE_DIRECTOR, "claim_director_threshold", claim_director_threshold)
        uow.commit()
    return saved
