"""Team mode: one shared library on PostgreSQL where the database enforces roles.

A team library keeps its catalogue and usage log in PostgreSQL and its files
in object storage. Each person logs in as their own database role, a member
of one group role (seller, marketer or admin, prefixed per database); grants
and row-level security repeat `enablement.permissions` inside the database,
so a modified client gains nothing. `admin` holds IT's operations (init, add
a user, change a role), `rules` the matrix as data, `security` its SQL.
"""

from __future__ import annotations

from .admin import InitReport, TeamUser, add_user, deactivate_user, init_team, set_role
from .identity import database_user, open_team_library, team_settings
from .roles import DEFAULT_PREFIX, GroupRoles

__all__ = [
    "DEFAULT_PREFIX",
    "GroupRoles",
    "InitReport",
    "TeamUser",
    "add_user",
    "database_user",
    "deactivate_user",
    "init_team",
    "open_team_library",
    "set_role",
    "team_settings",
]
