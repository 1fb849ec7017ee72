"""Team-mode fixtures: a fresh PostgreSQL database and role set per test session.

The database (`enablement_test_<random>`) is created through the superuser URL
in ENABLEMENT_TEST_POSTGRES_URL, set up with `init_team`, staffed with one
login per role, and dropped on teardown together with every role this
session created. Roles are cluster-wide, so group and login roles carry a
per-session prefix and never meet a real library's roles.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import make_url

from enablement.config import Settings
from enablement.extraction import ExtractionPool
from enablement.ingest import ImportOptions
from enablement.library import Library
from enablement.team import add_user, init_team, open_team_library

SKIP = (
    "team tests need PostgreSQL: set ENABLEMENT_TEST_POSTGRES_URL=postgresql+psycopg://USER@HOST/DB"
)
TAGS = (("situation", "Discovery"), ("segment", "Enterprise"))


@dataclass
class TeamDb:
    superuser_url: str
    url: str
    prefix: str
    logins: dict[str, str] = field(default_factory=dict)  # short name -> login

    def url_for(self, login: str) -> str:
        return make_url(self.url).set(username=login, password=None).render_as_string(False)

    def conninfo(self, login: str | None = None) -> str:
        url = make_url(self.url).set(drivername="postgresql")
        if login is not None:
            url = url.set(username=login, password=None)
        return url.render_as_string(hide_password=False)

    def login(self, short: str) -> str:
        return self.logins[short]

    def own_login(self, short: str, role: str, segments: tuple[str, ...] = ()) -> str:
        """A login only the asking module uses, so what it does meets no other test."""
        if short not in self.logins:
            self.logins[short] = f"{self.prefix}{short}"
            add_user(self.url, self.logins[short], role, segments=segments)
        return self.logins[short]


def _superuser_conninfo(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def team_db() -> Iterator[TeamDb]:
    base = os.environ.get("ENABLEMENT_TEST_POSTGRES_URL")
    if not base:
        pytest.skip(SKIP)
    token = secrets.token_hex(4)
    name, prefix = f"enablement_test_{token}", f"et{token}_"
    admin = psycopg.connect(_superuser_conninfo(base), autocommit=True)
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    db = TeamDb(base, make_url(base).set(database=name).render_as_string(False), prefix)
    try:
        init_team(db.url, prefix)
        for short, role in (("ada", "admin"), ("maria", "marketer"), ("sam", "seller"),
                            ("sid", "seller")):  # fmt: skip
            db.logins[short] = f"{prefix}{short}"
            add_user(db.url, db.logins[short], role, segments=("enterprise",))
        yield db
    finally:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        roles = admin.execute(
            "SELECT rolname FROM pg_roles WHERE rolname LIKE %s ORDER BY rolcanlogin DESC",
            (prefix.replace("_", "\\_") + "%",),
        ).fetchall()
        for (role,) in roles:
            admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
        admin.close()


@pytest.fixture(scope="session")
def extraction_pool() -> Iterator[ExtractionPool]:
    with ExtractionPool(workers=2, time_limit=30) as pool:
        yield pool


@pytest.fixture(scope="session")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("shared-store")


Opener = Callable[..., Library]


@pytest.fixture(scope="session")
def team_open(
    team_db: TeamDb,
    shared_store: Path,
    extraction_pool: ExtractionPool,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Opener]:
    """Open the team library as one person, each with their own client folder."""
    opened: list[Library] = []

    def opener(short: str, *, store_url: str | None = None, client: str = "test") -> Library:
        login = team_db.login(short)
        settings = Settings(
            home=tmp_path_factory.mktemp(f"client-{short}"),
            database_url=team_db.url_for(login),
            store_url=store_url or str(shared_store),
            user="whoever-the-config-says",  # team mode acts as the database login
            client=client,
        )
        library = open_team_library(settings, pool=extraction_pool)
        opened.append(library)
        return library

    yield opener
    for library in opened:
        library.close()
        library.index.close()
        library.engine.dispose()


@dataclass(frozen=True)
class World:
    published: int
    draft: int
    archived: int
    expired: int


def write_text(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def world(team_open: Opener, tmp_path_factory: pytest.TempPathFactory) -> World:
    """Four assets imported by the marketer through the normal services."""
    from datetime import date, timedelta

    folder = tmp_path_factory.mktemp("world-files")
    maria = team_open("maria")
    names = ("published", "draft", "archived", "expired")
    files = [
        write_text(folder, f"{n}.txt", f"Healthcare discovery guide, the {n} edition. {n}word")
        for n in names
    ]
    results = maria.import_files(files, ImportOptions(tags=TAGS))
    ids = dict(zip(names, (r.asset_id for r in results), strict=True))
    assert all(ids.values()), results
    for n in ("published", "archived", "expired"):
        maria.assets.publish(ids[n] or 0)
    maria.assets.archive(ids["archived"] or 0)
    maria.assets.update(ids["expired"] or 0, review_by=date.today() - timedelta(days=1))
    return World(**{n: ids[n] or 0 for n in names})


@pytest.fixture
def raw(team_db: TeamDb) -> Iterator[Callable[[str], psycopg.Connection[tuple[object, ...]]]]:
    """Raw SQL connections logged in as a person: what a modified client could send."""
    conns: list[psycopg.Connection[tuple[object, ...]]] = []

    def connect(short: str) -> psycopg.Connection[tuple[object, ...]]:
        conn = psycopg.connect(team_db.conninfo(team_db.login(short)))
        conns.append(conn)
        return conn

    yield connect
    for conn in conns:
        conn.close()
