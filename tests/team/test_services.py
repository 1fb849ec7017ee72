"""The normal services, end to end, each person connected as their own login."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.exc import ProgrammingError

from enablement.errors import NotFound
from enablement.permissions import Actor
from enablement.services import assets as asset_service

from .conftest import Opener, World

pytestmark = pytest.mark.postgres


def test_the_app_acts_as_the_database_login(team_open: Opener, world: World) -> None:
    sam = team_open("sam")
    assert sam.actor.name.endswith("_sam")
    assert sam.actor.role == "seller"


def test_seller_searches_sees_only_published_and_previews(
    team_open: Opener, world: World, tmp_path: Path
) -> None:
    sam = team_open("sam")
    mine = {world.published, world.draft, world.archived, world.expired}
    found = sam.search("healthcare discovery guide")
    assert {h.asset_id for h in found.hits} & mine == {world.published}
    assert {a.id for a in sam.assets.list()} & mine == {world.published}
    for hidden in (world.draft, world.archived, world.expired):
        with pytest.raises(NotFound):
            sam.assets.get(hidden)
    assert sam.assets.file_path(world.published).read_text().startswith("Healthcare")
    exported = sam.assets.export(world.published, tmp_path)
    assert exported.read_text(encoding="utf-8").endswith("publishedword")


def test_marketer_sees_everything(team_open: Opener, world: World) -> None:
    maria = team_open("maria")
    statuses = {a.id: a.status for a in maria.assets.list()}
    assert statuses[world.draft] == "draft"
    assert statuses[world.archived] == "archived"
    hits = maria.search("draftword").hits
    assert [h.asset_id for h in hits] == [world.draft]


def test_seller_rates_requests_votes_and_keeps_a_kit(team_open: Opener, world: World) -> None:
    sam, sid = team_open("sam"), team_open("sid")
    rating = sam.ratings.rate(world.published, 4, comment="used it today", situation="Discovery")
    assert rating.stars == 4
    assert sam.ratings.rate(world.published, 5).stars == 5  # changing one's own rating
    request = sam.requests.create("A healthcare ROI calculator", segment="Enterprise")
    assert sid.requests.vote(request.id).votes == 1
    assert [r.id for r in sam.requests.list(mine=True)] == [request.id]
    sam.requests.mark_seen()
    kit = sam.collections.create("Discovery call kit")
    kit = sam.collections.add(kit.id, world.published)
    assert kit.asset_ids == (world.published,)
    assert kit.id not in {k.id for k in sid.collections.list()}


def test_marketer_works_the_queue(team_open: Opener, world: World) -> None:
    sam, maria = team_open("sam"), team_open("maria")
    request = sam.requests.create("Pricing sheet for public sector")
    maria.requests.assign(request.id)
    done = maria.requests.fulfil(request.id, world.published, "here you go")
    assert done.status == "fulfilled"
    assert sam.requests.get(request.id).fulfilling_asset_title is not None


def test_a_modified_client_gains_nothing(team_open: Opener, world: World) -> None:
    """A seller's client that claims to be a marketer is refused by the database."""
    sam = team_open("sam")
    forged = Actor(sam.actor.user_id, sam.actor.name, "marketer", "forged")
    with sam.writer() as session, pytest.raises(NotFound):
        asset_service.load(session, forged, world.draft)  # RLS: the draft is not there
    with pytest.raises(ProgrammingError, match="permission denied"), sam.writer.begin() as session:
        asset_service.update(session, forged, world.published, title="Hijacked")
    assert sam.assets.get(world.published).title != "Hijacked"
