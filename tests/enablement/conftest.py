"""Library fixtures: each test gets a fresh copy of a once-migrated template."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from enablement.config import Settings
from enablement.extraction import ExtractionPool
from enablement.library import Library, open_library, prepare_database
from enablement.services import users

OWNER, MARKETER, SELLER = "olivia", "maria", "sam"


def settings_for(home: Path, user: str = OWNER) -> Settings:
    return Settings(
        home=home,
        database_url=f"sqlite:///{home / 'library.sqlite3'}",
        store_url=str(home / "blobs"),
        user=user,
        client="test",
    )


@pytest.fixture(scope="session")
def template_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("template")
    engine = prepare_database(settings_for(home))
    from enablement.db import session_factory
    from enablement.permissions import Actor

    with session_factory(engine, writer=True).begin() as session:
        admin = users.actor_for(session, OWNER, "test")
        users.add_user(session, admin, MARKETER, "marketer", segments=("enterprise",))
        users.add_user(session, admin, SELLER, "seller", segments=("enterprise", "smb"))
        assert isinstance(admin, Actor)
    engine.dispose()
    return home


@pytest.fixture
def library_home(template_home: Path, tmp_path: Path) -> Path:
    home = tmp_path / "library"
    shutil.copytree(template_home, home)
    return home


@pytest.fixture(scope="session")
def extraction_pool() -> Iterator[ExtractionPool]:
    """One pool of worker processes for the whole run: spawning is slow."""
    with ExtractionPool(workers=2, time_limit=30) as pool:
        yield pool


@pytest.fixture
def open_as(
    library_home: Path, extraction_pool: ExtractionPool
) -> Iterator[Callable[[str], Library]]:
    opened: list[Library] = []

    def opener(user: str = OWNER) -> Library:
        library = open_library(settings_for(library_home, user), pool=extraction_pool)
        opened.append(library)
        return library

    yield opener
    for library in opened:
        library.close()
        library.index.close()
        library.engine.dispose()


@pytest.fixture
def library(open_as: Callable[[str], Library]) -> Library:
    return open_as(OWNER)
