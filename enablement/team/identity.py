"""Who is using a team library: the database login decides, not a setting.

In team mode each person connects as their own PostgreSQL role, and every
row policy keys on `current_user`. The client must therefore act as that
same person; a `--as` option or an `ENABLEMENT_USER` that names someone else
would only earn refusals from the database. `open_team_library` opens the
library as the logged-in role and brings its local index up to date.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.orm import Session

from ..config import Settings
from ..db import make_engine

if TYPE_CHECKING:
    from ..extraction import ExtractionPool
    from ..library import Library


def database_user(session: Session) -> str:
    name = session.scalar(text("SELECT current_user"))
    assert isinstance(name, str)
    return name


def login_name(database_url: str) -> str:
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            return database_user(session)
    finally:
        engine.dispose()


def team_settings(settings: Settings) -> Settings:
    """The settings with `user` set to the database login (unchanged when embedded)."""
    if settings.is_embedded:
        return settings
    return replace(settings, user=login_name(settings.database_url))


def open_team_library(
    settings: Settings, *, create: bool = False, pool: ExtractionPool | None = None
) -> Library:
    from ..library import open_library

    library = open_library(team_settings(settings), create=create, pool=pool)
    # Other people changed the shared catalogue since this client last ran.
    library.catch_up_index()
    return library
