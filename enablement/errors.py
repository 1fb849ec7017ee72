"""One tree of errors that a person can act on, kept apart from bugs.

Everything derived from `EnablementError` carries a message written for the
user; the CLI prints it and exits non-zero, the UI shows it in one place.
Any other exception is a bug and is reported as such.
"""

from __future__ import annotations


class EnablementError(Exception):
    """An error caused by input, permissions or the environment, not a bug."""

    @property
    def message(self) -> str:
        return str(self)


class NotFound(EnablementError):
    pass


class PermissionDenied(EnablementError):
    pass


class InvalidInput(EnablementError):
    pass


class Conflict(EnablementError):
    """Someone else changed the record since it was read (optimistic locking)."""


class DatabaseTooNew(EnablementError):
    pass


class StorageProblem(EnablementError):
    pass


class UnknownUser(EnablementError):
    pass
