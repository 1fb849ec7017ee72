"""Database engine set-up and schema migration.

SQLite is configured on every connection (foreign keys, WAL, busy timeout,
synchronous=FULL) because those pragmas are per-connection. Migrations run
through Alembic on every backend; a database stamped with a revision this
code does not know was written by a newer release and is refused.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from .errors import DatabaseTooNew, StorageProblem

SQLITE_BUSY_TIMEOUT_MS = 30_000
TEAM_IDLE_CONNECTIONS = 1
TEAM_EXTRA_CONNECTIONS = 4
APPLICATION_NAME = "enablement"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        _ensure_sqlite_folder(url)
        engine = create_engine(
            url,
            # Pooled connections keep their pragmas; each thread checks out
            # its own connection, so sharing across threads is safe.
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_immediate)
        event.listen(engine, "handle_error", _sqlite_environment_error)
        return engine
    # A desktop keeps one idle connection (plus its LISTEN connection): with
    # hundreds of laptops on one server, SQLAlchemy's default of five idle
    # connections each would use up max_connections. Threads working at once
    # (worker, sync round, usage log) open extra ones that close after use.
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=TEAM_IDLE_CONNECTIONS,
        max_overflow=TEAM_EXTRA_CONNECTIONS,
        connect_args={"application_name": APPLICATION_NAME},
    )


def _ensure_sqlite_folder(url: str) -> None:
    path = url.split("///", 1)[1] if "///" in url else ""
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy issue BEGIN itself (see _begin_immediate), so pysqlite's
    # implicit transactions do not defer the write lock.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _begin_immediate(connection: Any) -> None:
    # Writers take the write lock at BEGIN: a deferred transaction that reads
    # and then writes fails with "database is locked" when another process
    # wrote in between, whereas waiting at BEGIN honours the busy timeout.
    # Readers stay deferred so searches never wait behind an import.
    if connection.get_execution_options().get("begin_immediate"):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


def _sqlite_environment_error(context: Any) -> None:
    """Disk full, I/O errors and a busy database are the environment's, not bugs:
    raise them as one StorageProblem the CLI and UI show, never a traceback."""
    original = context.original_exception
    if not isinstance(original, sqlite3.OperationalError):
        return
    text = str(original).lower()
    if "full" in text:
        reason = "no space left on the disk holding the library database"
    elif "i/o" in text:
        reason = "the disk holding the library database reported an I/O error"
    elif "locked" in text or "busy" in text:
        reason = "the library database is busy in another program; try again"
    elif "readonly" in text or "unable to open" in text:
        reason = f"the library database cannot be written ({original})"
    else:
        return
    raise StorageProblem(reason) from original


def session_factory(engine: Engine, *, writer: bool = False) -> sessionmaker[Session]:
    bind = engine.execution_options(begin_immediate=True) if writer else engine
    return sessionmaker(bind, expire_on_commit=False)


def _alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    script = ScriptDirectory.from_config(_alembic_config(create_engine("sqlite://")))
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def check_schema(engine: Engine) -> str:
    """Return "current", "outdated" or "empty"; refuse a newer database."""
    config = _alembic_config(engine)
    script = ScriptDirectory.from_config(config)
    revision = current_revision(engine)
    if revision is None:
        return "empty"
    known = {rev.revision for rev in script.walk_revisions()}
    if revision not in known:
        raise DatabaseTooNew(
            f"this library was created by a newer version of Enablement (schema {revision}); "
            "update the application before opening it"
        )
    return "current" if revision == script.get_current_head() else "outdated"


def upgrade(engine: Engine) -> None:
    check_schema(engine)
    try:
        command.upgrade(_alembic_config(engine), "head")
    except OSError as exc:
        raise StorageProblem(f"cannot write the database: {exc}") from exc
