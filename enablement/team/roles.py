"""Database role names for team mode: the three group roles and personal logins.

Roles are cluster-wide in PostgreSQL, so the group roles carry a prefix
chosen per library database (`enablement_` by default: `enablement_seller`,
`enablement_marketer`, `enablement_admin`). Two libraries on one server, or a
test run beside a real library, use different prefixes. Each person logs in
as a role of their own whose name is their user name in the library; the
application maps `current_user` to the `users` row of the same name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InvalidInput
from ..models import ROLES

DEFAULT_PREFIX = "enablement_"

_PREFIX = re.compile(r"^[a-z][a-z0-9_]{0,30}$")
# PostgreSQL identifiers are at most 63 bytes; no quotes, no spaces, so the
# quoted identifier is unambiguous in every statement and in the docs.
_LOGIN = re.compile(r"^[a-z_][a-z0-9_.@-]{0,62}$")


@dataclass(frozen=True)
class GroupRoles:
    """The group role names of one library database."""

    prefix: str = DEFAULT_PREFIX

    def __post_init__(self) -> None:
        if not _PREFIX.match(self.prefix):
            raise InvalidInput(
                f"'{self.prefix}' is not a usable role prefix "
                "(lower-case letters, digits and _, starting with a letter)"
            )

    def group(self, role: str) -> str:
        if role not in ROLES:
            raise InvalidInput(f"unknown role '{role}'; choose one of {', '.join(ROLES)}")
        return f"{self.prefix}{role}"

    @property
    def seller(self) -> str:
        return self.group("seller")

    @property
    def marketer(self) -> str:
        return self.group("marketer")

    @property
    def admin(self) -> str:
        return self.group("admin")

    @property
    def all(self) -> tuple[str, ...]:
        return tuple(self.group(r) for r in ROLES)


def check_login_name(name: str, groups: GroupRoles) -> str:
    """Refuse names that are not plain PostgreSQL role names or clash with ours."""
    if not _LOGIN.match(name):
        raise InvalidInput(
            f"'{name}' cannot be a database login: use lower-case letters, digits and . _ @ - "
            "(at most 63, not starting with a digit)"
        )
    if name.startswith("pg_") or name in groups.all or name == "public":
        raise InvalidInput(f"'{name}' is reserved and cannot be a personal login")
    return name
