"""Rendering the team rules into PostgreSQL: group roles, grants, row security.

Everything here is idempotent and runs in the caller's transaction, so
`enablement team init` can be repeated after every upgrade: it revokes what
the groups held, grants the matrix of `rules.py` again, and replaces every
policy named `team_*`. Identifiers are validated names, quoted once more
here; the only value spliced into SQL text is the validated role prefix.
"""

from __future__ import annotations

from collections.abc import Iterable

import psycopg
from psycopg import sql
from psycopg.rows import TupleRow

from ..errors import InvalidInput
from .roles import GroupRoles
from .rules import GRANTS, POLICIES, RLS_TABLES, Policy

USER_ID_FUNCTION = "enablement_user_id"
PREFIX_FUNCTION = "enablement_team_prefix"
GUARD_FUNCTION = "enablement_users_role_guard"
SEARCH_USED_FUNCTION = "enablement_search_used"
FOLLOW_UPS = "('click', 'view', 'open', 'export', 'share', 'drag-out')"

Conn = psycopg.Connection[TupleRow]


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def current_schema(conn: Conn) -> str:
    row = conn.execute("SELECT current_schema()").fetchone()
    if row is None or row[0] is None:
        raise InvalidInput("the database has no schema on the search path to hold the library")
    return str(row[0])


def ensure_groups(conn: Conn, groups: GroupRoles) -> None:
    for name in groups.all:
        row = conn.execute(
            "SELECT rolcanlogin, rolsuper FROM pg_catalog.pg_roles WHERE rolname = %s", (name,)
        ).fetchone()
        if row is None:
            conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))
        elif row[0] or row[1]:
            raise InvalidInput(
                f"the role '{name}' already exists as a login or superuser; "
                "choose another role prefix"
            )


def install_functions(conn: Conn, schema: str, groups: GroupRoles) -> None:
    s = ident(schema)
    prefix = groups.prefix  # validated: [a-z][a-z0-9_]*
    _run(
        conn,
        f"""
        CREATE OR REPLACE FUNCTION {s}.{PREFIX_FUNCTION}() RETURNS text
        LANGUAGE sql IMMUTABLE AS $$ SELECT '{prefix}'::text $$;

        CREATE OR REPLACE FUNCTION {s}.{USER_ID_FUNCTION}() RETURNS integer
        LANGUAGE sql STABLE AS $$
            SELECT id FROM {s}.users WHERE name = current_user AND active
        $$;

        CREATE OR REPLACE FUNCTION {s}.{GUARD_FUNCTION}() RETURNS trigger
        LANGUAGE plpgsql AS $$
        DECLARE
            expected text := {s}.{PREFIX_FUNCTION}() || NEW.role;
            held text[];
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = NEW.name) THEN
                RETURN NEW;  -- a row without a login: nobody can act as it
            END IF;
            SELECT coalesce(array_agg(g.rolname::text), ARRAY[]::text[]) INTO held
              FROM pg_catalog.pg_auth_members m
              JOIN pg_catalog.pg_roles g ON g.oid = m.roleid
              JOIN pg_catalog.pg_roles u ON u.oid = m.member
             WHERE u.rolname = NEW.name
               AND g.rolname::text LIKE {s}.{PREFIX_FUNCTION}() || '%';
            IF held <> ARRAY[expected] THEN
                RAISE EXCEPTION 'the database login % must be in the group % only; '
                    'change roles with: enablement team set-role % %',
                    NEW.name, expected, NEW.name, NEW.role
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN NEW;
        END $$;

        DROP TRIGGER IF EXISTS {GUARD_FUNCTION} ON {s}.users;
        CREATE TRIGGER {GUARD_FUNCTION} BEFORE INSERT OR UPDATE OF name, role ON {s}.users
            FOR EACH ROW EXECUTE FUNCTION {s}.{GUARD_FUNCTION}();
    """,
    )


def install_search_used(conn: Conn, schema: str) -> None:
    """Keep `usage_events.search_used` without granting UPDATE on the log.

    The flag says a search led to a use. Application roles may only append
    events, so the owner's trigger sets it: on a search from follow-ups that
    arrived first, and on a follow-up for the (own) search it names.
    """
    has_column = conn.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_schema = %s "
        "AND table_name = 'usage_events' AND column_name = 'search_used'",
        (schema,),
    ).fetchone()
    if has_column is None:
        return
    s = ident(schema)
    _run(
        conn,
        f"""
        CREATE OR REPLACE FUNCTION {s}.{SEARCH_USED_FUNCTION}() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
            IF NEW.kind = 'search' THEN
                NEW.search_used := NEW.search_used OR EXISTS (
                    SELECT 1 FROM {s}.usage_events e
                     WHERE e.search_key = NEW.event_key AND e.kind IN {FOLLOW_UPS});
            ELSIF NEW.search_key IS NOT NULL AND NEW.kind IN {FOLLOW_UPS} THEN
                UPDATE {s}.usage_events SET search_used = true
                 WHERE event_key = NEW.search_key AND kind = 'search'
                   AND user_id = NEW.user_id AND NOT search_used;
            END IF;
            RETURN NEW;
        END $$;
        REVOKE ALL ON FUNCTION {s}.{SEARCH_USED_FUNCTION}() FROM PUBLIC;
        DROP TRIGGER IF EXISTS {SEARCH_USED_FUNCTION} ON {s}.usage_events;
        CREATE TRIGGER {SEARCH_USED_FUNCTION} BEFORE INSERT ON {s}.usage_events
            FOR EACH ROW EXECUTE FUNCTION {s}.{SEARCH_USED_FUNCTION}();
    """,
    )


NOTIFY_FUNCTION = "enablement_notify_change"
CHANGE_CHANNEL = "enablement_catalogue"


def install_change_notify(conn: Conn, schema: str) -> None:
    """NOTIFY clients listening on `CHANGE_CHANNEL` when a catalogue change commits.

    One notification per inserting statement; PostgreSQL sends it at COMMIT
    (never for a rollback) and folds duplicates within one transaction.
    """
    s = ident(schema)
    _run(
        conn,
        f"""
        CREATE OR REPLACE FUNCTION {s}.{NOTIFY_FUNCTION}() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{CHANGE_CHANNEL}', '');
            RETURN NULL;
        END $$;
        DROP TRIGGER IF EXISTS {NOTIFY_FUNCTION} ON {s}.index_outbox;
        CREATE TRIGGER {NOTIFY_FUNCTION} AFTER INSERT ON {s}.index_outbox
            FOR EACH STATEMENT EXECUTE FUNCTION {s}.{NOTIFY_FUNCTION}();
    """,
    )


def apply_rules(conn: Conn, schema: str, groups: GroupRoles) -> list[str]:
    """Grant the matrix and install the policies; return tables left without rules."""
    s = ident(schema)
    everyone = ", ".join(ident(g) for g in groups.all)
    database = conn.execute("SELECT current_database()").fetchone()
    assert database is not None
    _run(conn, f"GRANT CONNECT ON DATABASE {ident(str(database[0]))} TO {everyone}")
    _run(conn, f"GRANT USAGE ON SCHEMA {s} TO {everyone}")
    _run(conn, f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM {everyone}")
    _run(conn, f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {s} TO {everyone}")
    tables = _tables(conn, schema)
    for table in sorted(tables & GRANTS.keys()):
        _run(conn, f"REVOKE ALL ON TABLE {s}.{ident(table)} FROM {everyone}")
        for roles, privileges in GRANTS[table]:
            _run(conn, f"GRANT {privileges} ON TABLE {s}.{ident(table)} TO {_roles(roles, groups)}")
    _drop_policies(conn, schema)
    for table in RLS_TABLES:
        if table in tables:
            _run(conn, f"ALTER TABLE {s}.{ident(table)} ENABLE ROW LEVEL SECURITY")
    for policy in POLICIES:
        if policy.table in tables:
            _run(conn, _policy_sql(policy, schema, groups))
    return sorted(tables - GRANTS.keys())


def _policy_sql(policy: Policy, schema: str, groups: GroupRoles) -> str:
    s = ident(schema)
    uid = f"{s}.{USER_ID_FUNCTION}()"
    text = (
        f"CREATE POLICY {ident('team_' + policy.name)} ON {s}.{ident(policy.table)} "
        f"FOR {policy.command} TO {_roles(policy.roles, groups)}"
    )
    if policy.using is not None:
        text += f" USING ({policy.using.format(s=s, uid=uid)})"
    if policy.check is not None:
        text += f" WITH CHECK ({policy.check.format(s=s, uid=uid)})"
    return text


def _roles(letters: str, groups: GroupRoles) -> str:
    names = {"S": groups.seller, "M": groups.marketer, "A": groups.admin}
    return ", ".join(ident(names[letter]) for letter in letters)


def _tables(conn: Conn, schema: str) -> set[str]:
    rows = conn.execute(
        "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = %s", (schema,)
    )
    return {str(r[0]) for r in rows}


def _drop_policies(conn: Conn, schema: str) -> None:
    rows = conn.execute(
        "SELECT policyname, tablename FROM pg_catalog.pg_policies "
        "WHERE schemaname = %s AND policyname LIKE 'team\\_%%'",
        (schema,),
    ).fetchall()
    for name, table in rows:
        _run(conn, f"DROP POLICY {ident(str(name))} ON {ident(schema)}.{ident(str(table))}")


def _run(conn: Conn, statement: str) -> None:
    # Fixed text built from validated names; no parameters, so '%' is literal.
    conn.execute(statement.encode())


def grant_list(groups: GroupRoles) -> Iterable[tuple[str, str, str]]:
    """(table, group role, privileges) for docs and tests."""
    for table, entries in GRANTS.items():
        for roles, privileges in entries:
            for letter in roles:
                role = {"S": groups.seller, "M": groups.marketer, "A": groups.admin}[letter]
                yield table, role, privileges
