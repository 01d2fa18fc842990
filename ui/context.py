"""What every screen gets: the database, the logged-in user, the operation runner and the language."""

from __future__ import annotations

from dataclasses import dataclass

from ui.operations import Operations
from workshop.db.uow import Database
from workshop.domain.roles import Actor, Perm


@dataclass
class AppContext:
    db: Database
    actor: Actor
    ops: Operations
    lang: str = "zh"

    def __post_init__(self) -> None:
        self.ops.bind(self.db, lambda: self.actor)  # run_service supplies the unit of work and this user

    def tr(self, zh: str, en: str) -> str:
        return en if self.lang == "en" else zh

    def can(self, perm: Perm) -> bool:
        return self.actor.has(perm)
