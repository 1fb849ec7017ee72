"""Sync triggers: a publish on one client is searchable on another within seconds."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from enablement.ingest import ImportOptions
from enablement.team.sync import Listener, TeamSync

from .conftest import TAGS, Opener, World, write_text

pytestmark = pytest.mark.postgres

BOUND_SECONDS = 5.0


def test_a_notification_wakes_the_catch_up(team_open: Opener, world: World, tmp_path: Path) -> None:
    sam, maria = team_open("sam"), team_open("maria")
    sync = TeamSync(sam)
    woke = threading.Event()

    def wake() -> None:
        sync.run_once()
        woke.set()

    listener = Listener(sam.settings.database_url, wake).start()
    try:
        assert listener.listening.wait(5)
        file = write_text(tmp_path, "lyrebird.txt", "Lyrebird competitive battlecard for renewals")
        [result] = maria.import_files([file], ImportOptions(tags=TAGS))
        woke.wait(BOUND_SECONDS)  # the draft's own change wakes sam too (nothing to see)
        woke.clear()
        published = time.monotonic()
        maria.assets.publish(result.asset_id or 0)
        deadline = published + BOUND_SECONDS
        while time.monotonic() < deadline:
            if sam.search("lyrebird", log=False).hits:
                break
            woke.wait(0.05)
        delay = time.monotonic() - published
        assert [h.asset_id for h in sam.search("lyrebird", log=False).hits] == [result.asset_id]
        assert delay < BOUND_SECONDS
    finally:
        listener.stop()


def test_the_periodic_round_reports_what_it_did(team_open: Opener, world: World) -> None:
    sid, maria = team_open("sid"), team_open("maria")
    sync = TeamSync(sid)
    sync.run_once()
    assert sync.run_once().indexed == 0  # nothing new: one cheap query
    maria.assets.update(world.published, description="Now with a pricing appendix")
    status = sync.run_once()
    assert status.online and status.indexed == 1 and status.queued == 0
