"""Errors a user can cause. Each carries a sentence a clerk understands, in Chinese and English."""

from __future__ import annotations


class WorkshopError(Exception):
    """A refusal the user can act on. Nothing was written when this is raised from a service."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en

    def message(self, language: str = "zh") -> str:
        return self.en if language.startswith("en") else self.zh


class PermissionDenied(WorkshopError):
    """The acting user lacks the role a service needs, or is disabled or locked."""


class NotFound(WorkshopError):
    """A record named by the user does not exist."""


class InvalidInput(WorkshopError):
    """A value typed or scanned is malformed."""


class UnrecognisedPlate(InvalidInput):
    """A plate no GA 36 form matches: reception asks for a confirmation, then keeps it and flags the vehicle."""


class RuleViolation(WorkshopError):
    """A SPEC rule forbids what was asked."""


class StaleEdit(WorkshopError):
    """Someone else saved the record since it was loaded."""


class AuthenticationFailed(WorkshopError):
    """Login refused; never says whether the user exists."""


class DatabaseVersionError(WorkshopError):
    """The database schema is newer than this program, or unusable."""
