"""Who may do what: the role × action matrix every service checks.

The matrix is data, so the test can walk it whole and the UI can ask what to
hide. Team mode repeats the same rules as database grants and row-level
security, so a modified client gains nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .errors import PermissionDenied


class Action(StrEnum):
    SEARCH = "search"
    VIEW_ASSET = "view asset"
    SEE_UNPUBLISHED = "see drafts and archived assets"
    RATE = "rate an asset"
    REQUEST_MATERIAL = "request material"
    VOTE_REQUEST = "+1 a request"
    MANAGE_OWN_COLLECTIONS = "manage own collections"
    IMPORT = "import files"
    EDIT_ASSET = "edit an asset"
    PUBLISH = "publish an asset"
    ARCHIVE = "archive an asset"
    MANAGE_TAXONOMY = "manage the taxonomy"
    WORK_REQUESTS = "work the request queue"
    VIEW_REPORTS = "view reports"
    MANAGE_USERS = "manage users and roles"
    VERIFY = "verify the library"
    REINDEX = "rebuild the search index"
    BACKUP = "back up and restore"
    CLEAN_STORE = "delete unused files from the content store"


_SELLER = {
    Action.SEARCH,
    Action.VIEW_ASSET,
    Action.RATE,
    Action.REQUEST_MATERIAL,
    Action.VOTE_REQUEST,
    Action.MANAGE_OWN_COLLECTIONS,
}
_MARKETER = _SELLER | {
    Action.SEE_UNPUBLISHED,
    Action.IMPORT,
    Action.EDIT_ASSET,
    Action.PUBLISH,
    Action.ARCHIVE,
    Action.MANAGE_TAXONOMY,
    Action.WORK_REQUESTS,
    Action.VIEW_REPORTS,
    Action.REINDEX,
    Action.VERIFY,
}
_ADMIN = _MARKETER | {Action.MANAGE_USERS, Action.BACKUP, Action.CLEAN_STORE}

ALLOWED: dict[str, frozenset[Action]] = {
    "seller": frozenset(_SELLER),
    "marketer": frozenset(_MARKETER),
    "admin": frozenset(_ADMIN),
}


@dataclass(frozen=True)
class Actor:
    """The person on whose behalf a service call runs."""

    user_id: int
    name: str
    role: str
    client: str = "cli"

    def may(self, action: Action) -> bool:
        return action in ALLOWED.get(self.role, frozenset())

    def require(self, action: Action) -> None:
        if not self.may(action):
            raise PermissionDenied(
                f"{self.name} ({self.role}) is not allowed to {action.value}; "
                f"ask an admin for a role that may"
            )
