"""No change is skipped when a lower change-sequence value commits after a higher one."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest

from .conftest import Opener, World

pytestmark = pytest.mark.postgres

Raw = Callable[[str], psycopg.Connection[tuple[object, ...]]]


def _retitle(conn: psycopg.Connection[tuple[object, ...]], asset_id: int, title: str) -> int:
    """A marketer's change as the services write it: the row plus its outbox entry."""
    conn.execute("UPDATE assets SET title = %s WHERE id = %s", (title, asset_id))
    row = conn.execute(
        "INSERT INTO index_outbox (asset_id, enqueued_at) VALUES (%s, now()) RETURNING seq",
        (asset_id,),
    ).fetchone()
    assert row is not None
    return int(row[0])


def test_a_seq_that_commits_late_is_still_indexed(
    team_open: Opener, world: World, raw: Raw
) -> None:
    sam = team_open("maria")  # a marketer's client indexes drafts too
    sam.catch_up_index()
    slow, fast = raw("maria"), raw("maria")  # two concurrent transactions
    early = _retitle(slow, world.published, "Quokkaslow discovery guide")
    late = _retitle(fast, world.draft, "Wombatfast discovery guide")
    assert early < late
    fast.commit()  # the higher seq commits first
    assert sam.catch_up_index() >= 1
    assert sam.indexer.cursor >= late
    assert early in sam.indexer.gaps  # below the cursor, not seen: kept
    assert [h.asset_id for h in sam.search("wombatfast").hits] == [world.draft]
    # A third client change meanwhile moves the cursor further on.
    third = raw("maria")
    _retitle(third, world.archived, "archived")
    third.commit()
    sam.catch_up_index()
    slow.execute("UPDATE assets SET title = %s WHERE id = %s", ("Quokkaslow only", world.published))
    slow.commit()  # the lower seq commits last
    assert sam.catch_up_index() >= 1
    assert [h.asset_id for h in sam.search("quokkaslow").hits] == [world.published]
    assert early not in sam.indexer.gaps
    _restore_title(raw, world.published)
    _restore_title(raw, world.draft, "draft")
    sam.catch_up_index()


def test_a_rolled_back_seq_stops_being_read_once_every_writer_ended(
    team_open: Opener, world: World, raw: Raw
) -> None:
    sid = team_open("sid")
    sid.catch_up_index()
    doomed, other = raw("maria"), raw("maria")
    lost = _retitle(doomed, world.published, "Never committed")
    _retitle(other, world.draft, "draft")
    other.commit()
    sid.catch_up_index()
    assert lost in sid.indexer.gaps
    doomed.rollback()
    for _ in range(3):  # first horizon passed, then the confirming one
        sid.catch_up_index()
    assert lost not in sid.indexer.gaps
    assert sid.search("committed never").hits == ()


def test_a_rebuild_keeps_in_flight_changes(team_open: Opener, world: World, raw: Raw) -> None:
    sam = team_open("sam")
    slow, fast = raw("maria"), raw("maria")
    _retitle(slow, world.published, "Platypusrebuild discovery guide")
    _retitle(fast, world.draft, "draft")
    fast.commit()
    sam.indexer.rebuild()
    slow.commit()
    sam.catch_up_index()
    assert [h.asset_id for h in sam.search("platypusrebuild").hits] == [world.published]
    _restore_title(raw, world.published)
    sam.catch_up_index()


def _restore_title(raw: Raw, asset_id: int, title: str = "published") -> None:
    conn = raw("maria")
    _retitle(conn, asset_id, title)
    conn.commit()
