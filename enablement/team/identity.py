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

from sqlalchemy import make_url, text
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


# A laptop that loses the network mid-query must notice within seconds (and
# then work offline) instead of waiting on a dead TCP connection for hours.
NETWORK_PARAMETERS = {
    "connect_timeout": "5",
    "keepalives": "1",
    "keepalives_idle": "10",
    "keepalives_interval": "5",
    "keepalives_count": "3",
    "tcp_user_timeout": "15000",
}


def with_network_timeouts(database_url: str) -> str:
    """The URL plus libpq timeouts, keeping any the administrator set."""
    url = make_url(database_url)
    query = {**NETWORK_PARAMETERS, **url.query}
    return url.set(query=query).render_as_string(hide_password=False)


def team_settings(settings: Settings) -> Settings:
    """The settings with `user` set to the database login (unchanged when embedded)."""
    if settings.is_embedded:
        return settings
    url = with_network_timeouts(settings.database_url)
    return replace(settings, user=login_name(url), database_url=url)


def open_team_library(
    settings: Settings, *, create: bool = False, pool: ExtractionPool | None = None
) -> Library:
    """Open the library as the database login and run its first sync round.

    `open_library` resolves the login itself, and opens from this computer's
    cache when the database cannot be reached; resolving it here first would
    fail there instead of opening offline.
    """
    from ..library import open_library
    from ..offline import attach
    from .sync import TeamSync

    library = open_library(settings, create=create, pool=pool)
    attach(library)  # offline answers, local outbox (already there for a team library)
    # Other people changed the shared catalogue since this client last ran;
    # what this client queued while offline goes out now.
    TeamSync(library).run_once()
    return library
