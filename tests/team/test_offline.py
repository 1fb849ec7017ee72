"""Working offline: the database goes away mid-session and comes back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, make_url, select

from enablement.config import Settings
from enablement.extraction import ExtractionPool
from enablement.library import Library
from enablement.models import MaterialRequest, Rating, UsageEvent
from enablement.offline import OFFLINE_MESSAGE, Offline
from enablement.team import open_team_library
from enablement.team.sync import TeamSync

from .conftest import Opener, TeamDb, World
from .proxy import Proxy

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def olly(team_db: TeamDb) -> str:
    """A seller of this module's own, so other tests never see the requests filed here."""
    return team_db.own_login("olly", "seller", segments=("enterprise",))


@pytest.fixture
def outage(
    team_db: TeamDb, olly: str, shared_store: Path, extraction_pool: ExtractionPool, tmp_path: Path
) -> Iterator[tuple[Library, Proxy]]:
    """A seller's client, connected through a proxy the test can cut."""
    url = make_url(team_db.url_for(olly))
    proxy = Proxy(url.host or "127.0.0.1", url.port or 5432)
    proxy.restore()
    settings = Settings(
        home=tmp_path / "sam-laptop",
        database_url=url.set(host="127.0.0.1", port=proxy.port).render_as_string(False),
        store_url=str(shared_store),
        user="sam",
        client="laptop",
    )
    library = open_team_library(settings, pool=extraction_pool)
    yield library, proxy
    library.index.close()
    library.engine.dispose()
    proxy.cut()


def _counts(team_open: Opener, world: World, client: str) -> tuple[int, int, int]:
    maria = team_open("maria")
    with maria.reader() as session:
        events = session.scalar(
            select(func.count()).select_from(UsageEvent).where(UsageEvent.client == client)
        )
        ratings = session.scalar(
            select(func.count())
            .select_from(Rating)
            .where(Rating.asset_id == world.published, Rating.comment == "offline comment")
        )
        requests = session.scalar(
            select(func.count())
            .select_from(MaterialRequest)
            .where(MaterialRequest.title == "Offline ROI one-pager")
        )
    return int(events or 0), int(ratings or 0), int(requests or 0)


def test_offline_search_preview_and_exactly_once_delivery(
    outage: tuple[Library, Proxy], team_open: Opener, world: World
) -> None:
    sam, proxy = outage
    assert sam.offline is not None
    preview = sam.assets.file_path(world.published)  # cached while online
    proxy.cut()

    status = TeamSync(sam).run_once()
    assert not status.online and status.message is not None
    assert status.message.startswith(OFFLINE_MESSAGE)
    with pytest.raises(Offline, match="the team database is unreachable; working offline"):
        sam.requests.list()

    found = sam.search("healthcare discovery guide")  # the local index, cached details
    assert [h.asset_id for h in found.hits] == [world.published]
    assert found.message == OFFLINE_MESSAGE
    assert sam.assets.file_path(world.published) == preview
    assert preview.read_text().startswith("Healthcare")
    sam.usage.record("view", asset_id=world.published)
    rating = sam.ratings.rate(world.published, 2, comment="offline comment")
    assert rating.stars == 2
    request = sam.requests.create("Offline ROI one-pager", segment="Enterprise")
    assert request.status == "queued"
    sam.usage.flush()  # the batch finds no database: into the local outbox
    assert sam.usage_log.pending() == 0
    assert sam.offline.outbox.pending() == 4  # search, view, rating, request

    # The database is back: everything arrives once.
    proxy.restore()
    before = _counts(team_open, world, "laptop")
    status = TeamSync(sam).run_once()
    assert status.online and status.delivered == 4 and status.queued == 0
    events, ratings, requests = _counts(team_open, world, "laptop")
    # search + view + the rating's 'rate' + the request's 'request-created'
    assert (events - before[0], ratings, requests) == (4, 1, 1)
    assert sam.ratings.mine(world.published).stars == 2  # type: ignore[union-attr]


def test_a_redelivery_after_a_lost_commit_counts_once(
    outage: tuple[Library, Proxy], team_open: Opener, world: World
) -> None:
    sam, proxy = outage
    assert sam.offline is not None
    proxy.cut()
    sam.requests.create("Offline twice request", segment="Enterprise")
    sam.usage.record("open", asset_id=world.published)
    sam.usage.flush()
    proxy.restore()
    outbox = sam.offline.outbox
    saved = outbox.items()
    assert len(saved) == 2
    assert sam.offline.deliver() == 2
    # The COMMIT went through but the answer was lost: the items come again.
    outbox.add_many((key, kind, payload) for key, kind, payload in saved)
    assert outbox.pending() == 2
    sam.offline.deliver()
    assert outbox.pending() == 0
    maria = team_open("maria")
    with maria.reader() as session:
        titles = session.scalar(
            select(func.count())
            .select_from(MaterialRequest)
            .where(MaterialRequest.title == "Offline twice request")
        )
        keys = [k for k, _, _ in saved]
        logged = session.scalar(
            select(func.count()).select_from(UsageEvent).where(UsageEvent.event_key.in_(keys))
        )
    assert (titles, logged) == (1, 2)


def test_a_connection_killed_by_the_server_reads_as_offline_then_recovers(
    outage: tuple[Library, Proxy], raw: object, team_db: TeamDb, world: World
) -> None:
    import psycopg

    sam, _ = outage
    sam.assets.get(world.published)
    with psycopg.connect(team_db.conninfo(), autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s",
            (team_db.login("olly"),),
        )
    # The pooled connection is dead; pre-ping replaces it and the call succeeds.
    assert sam.assets.get(world.published).id == world.published
    assert TeamSync(sam).run_once().online
