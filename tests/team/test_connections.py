"""What one desktop costs the shared server in connections."""

from __future__ import annotations

import threading
from collections.abc import Callable

import psycopg
import pytest
from sqlalchemy import text

from enablement.db import APPLICATION_NAME, TEAM_EXTRA_CONNECTIONS
from enablement.library import Library

from .conftest import TeamDb

pytestmark = pytest.mark.postgres

Opener = Callable[..., Library]


def connections_of(team_db: TeamDb, login: str) -> int:
    with psycopg.connect(team_db.conninfo(), autocommit=True) as admin:
        row = admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE usename = %s AND application_name = %s",
            (login, APPLICATION_NAME),
        ).fetchone()
    return int(row[0]) if row else 0


def test_a_desktop_keeps_one_connection_after_threads_worked_at_once(
    team_db: TeamDb, team_open: Opener
) -> None:
    library = team_open("sid")
    login = team_db.login("sid")
    library.search("pricing", log=False)
    before = connections_of(team_db, login)  # this one's idle connection, and earlier tests'
    started = threading.Barrier(TEAM_EXTRA_CONNECTIONS + 1)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with library.reader() as session:
                started.wait(30)  # every thread holds its own connection at once
                session.execute(text("SELECT pg_sleep(0.2)"))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(TEAM_EXTRA_CONNECTIONS + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert library.engine.pool.checkedin() == 1  # the extra ones closed on return
    assert connections_of(team_db, login) == before
