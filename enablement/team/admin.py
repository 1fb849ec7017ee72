"""Setting up and staffing a team library on PostgreSQL.

These are IT's operations, run with a database account that owns the
library's tables and may create roles (the database owner with CREATEROLE,
or a superuser). Nobody else needs them: the people who use the library log
in as their own roles and only ever hold the privileges of their group.

- `init_team` migrates the schema, seeds the taxonomy and (re)applies group
  roles, grants and row-level security; repeat it after every upgrade.
- `add_user` creates a person's LOGIN role in their group plus their `users`
  row; `set_role` moves them between groups; `deactivate_user` ends access
  while keeping their history.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from psycopg import sql
from sqlalchemy import make_url

from ..db import check_schema, make_engine, session_factory, upgrade
from ..errors import InvalidInput, PermissionDenied, UnknownUser
from ..models import ROLES
from ..services import taxonomy
from .roles import DEFAULT_PREFIX, GroupRoles, check_login_name
from .security import (
    PREFIX_FUNCTION,
    Conn,
    apply_rules,
    current_schema,
    ensure_groups,
    ident,
    install_change_notify,
    install_functions,
    install_search_used,
)


@dataclass(frozen=True)
class InitReport:
    schema: str
    groups: tuple[str, ...]
    revision_before: str
    tables_without_rules: tuple[str, ...]


@dataclass(frozen=True)
class TeamUser:
    name: str
    role: str
    group: str
    created_login: bool


def require_postgres(url: str) -> None:
    if not url.startswith("postgresql"):
        raise InvalidInput(
            "team mode needs a PostgreSQL database: set ENABLEMENT_DATABASE_URL="
            "postgresql+psycopg://USER@HOST/DATABASE"
        )


def connect(url: str) -> Conn:
    """A plain psycopg connection for the SQLAlchemy URL of the library."""
    require_postgres(url)
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        return psycopg.connect(conninfo)
    except psycopg.OperationalError as exc:
        raise PermissionDenied(f"cannot connect to the team database: {exc}".strip()) from exc


@contextmanager
def _owner_connection(url: str) -> Iterator[Conn]:
    """One transaction as IT's account; refusals become a message, not a traceback."""
    with connect(url) as conn:
        try:
            yield conn
        except psycopg.errors.InsufficientPrivilege as exc:
            raise PermissionDenied(
                f"the database refused: {exc.diag.message_primary}; run the team commands as "
                "the account that owns the library's tables and may create roles"
            ) from exc


def init_team(url: str, prefix: str = DEFAULT_PREFIX) -> InitReport:
    groups = GroupRoles(prefix)
    engine = make_engine(url)
    try:
        before = check_schema(engine)
        if before != "current":
            upgrade(engine)
        with session_factory(engine, writer=True).begin() as session:
            taxonomy.seed_defaults(session)
    finally:
        engine.dispose()
    with _owner_connection(url) as conn:
        _refuse_other_prefix(conn, groups)
        schema = current_schema(conn)
        ensure_groups(conn, groups)
        install_functions(conn, schema, groups)
        install_search_used(conn, schema)
        install_change_notify(conn, schema)
        missing = apply_rules(conn, schema, groups)
    return InitReport(schema, groups.all, before, tuple(missing))


def team_groups(conn: Conn) -> GroupRoles:
    """The group roles this database was initialised with."""
    schema = ident(current_schema(conn))
    try:
        with conn.transaction():
            row = conn.execute(f"SELECT {schema}.{PREFIX_FUNCTION}()".encode()).fetchone()
    except psycopg.errors.UndefinedFunction:
        raise InvalidInput(
            "this database is not set up for a team yet: run 'enablement team init' first"
        ) from None
    assert row is not None
    return GroupRoles(str(row[0]))


def add_user(
    url: str,
    name: str,
    role: str,
    *,
    password: str | None = None,
    display_name: str = "",
    segments: tuple[str, ...] = (),
) -> TeamUser:
    with _owner_connection(url) as conn:
        groups = team_groups(conn)
        check_login_name(name, groups)
        group = groups.group(role)
        created = _ensure_login(conn, name, password)
        _move_to_group(conn, name, group, groups)
        conn.execute(
            f"""INSERT INTO {ident(current_schema(conn))}.users
                   (name, display_name, role, active, segments, created)
                VALUES (%s, %s, %s, true, %s, now() AT TIME ZONE 'utc')
                ON CONFLICT (name) DO UPDATE SET role = EXCLUDED.role, active = true""".encode(),
            (name, display_name or name, role, ",".join(segments)),
        )
    return TeamUser(name, role, group, created)


def set_role(url: str, name: str, role: str) -> TeamUser:
    with _owner_connection(url) as conn:
        groups = team_groups(conn)
        group = groups.group(role)
        users = f"{ident(current_schema(conn))}.users"
        row = conn.execute(f"SELECT role FROM {users} WHERE name = %s".encode(), (name,)).fetchone()
        if row is None:
            raise UnknownUser(f"there is no user '{name}' in this library")
        if row[0] == "admin" and role != "admin":
            admins = conn.execute(
                f"SELECT count(*) FROM {users} WHERE role = 'admin' AND active".encode()
            ).fetchone()
            if admins is not None and admins[0] <= 1:
                raise InvalidInput(
                    "the library needs at least one admin; make someone else admin first"
                )
        _move_to_group(conn, name, group, groups)
        conn.execute(f"UPDATE {users} SET role = %s WHERE name = %s".encode(), (role, name))
    return TeamUser(name, role, group, False)


def deactivate_user(url: str, name: str) -> None:
    """End a person's access; their ratings, requests and usage stay in the reports."""
    with _owner_connection(url) as conn:
        groups = team_groups(conn)
        users = f"{ident(current_schema(conn))}.users"
        done = conn.execute(
            f"UPDATE {users} SET active = false WHERE name = %s".encode(), (name,)
        ).rowcount
        if not done:
            raise UnknownUser(f"there is no user '{name}' in this library")
        for group in groups.all:
            conn.execute(
                sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group), sql.Identifier(name))
            )
        conn.execute(sql.SQL("ALTER ROLE {} NOLOGIN").format(sql.Identifier(name)))


def _ensure_login(conn: Conn, name: str, password: str | None) -> bool:
    row = conn.execute(
        "SELECT rolcanlogin, rolsuper FROM pg_catalog.pg_roles WHERE rolname = %s", (name,)
    ).fetchone()
    if row is not None and (row[1] or not row[0]):
        what = "a superuser" if row[1] else "a group role without login"
        raise InvalidInput(f"the database role '{name}' is {what}; choose a personal name")
    if row is None:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(name)))
    if password is not None:
        conn.execute(
            sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(name), sql.Literal(password))
        )
    return row is None


def _move_to_group(conn: Conn, name: str, group: str, groups: GroupRoles) -> None:
    for other in groups.all:
        if other != group:
            conn.execute(
                sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(other), sql.Identifier(name))
            )
    conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(name)))


def _refuse_other_prefix(conn: Conn, groups: GroupRoles) -> None:
    try:
        existing = team_groups(conn)
    except InvalidInput:
        return
    if existing.prefix != groups.prefix:
        raise InvalidInput(
            f"this database was set up with the role prefix '{existing.prefix}'; "
            f"run 'enablement team init --role-prefix {existing.prefix}'"
        )


__all__ = ["ROLES", "InitReport", "TeamUser", "add_user", "init_team", "set_role"]
