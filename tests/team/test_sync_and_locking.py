"""Two clients on one catalogue: index catch-up from the change sequence, edit conflicts."""

from __future__ import annotations

from pathlib import Path

import pytest

from enablement.errors import Conflict
from enablement.ingest import ImportOptions

from .conftest import TAGS, Opener, World, write_text

pytestmark = pytest.mark.postgres


def test_each_client_catches_up_from_the_shared_change_sequence(
    team_open: Opener, world: World, tmp_path: Path
) -> None:
    sam, sid, maria = team_open("sam"), team_open("sid"), team_open("maria")
    assert sam.search("zebrafinch").hits == ()
    file = write_text(tmp_path, "zebra.txt", "Zebrafinch onboarding checklist for SMB renewals")
    [result] = maria.import_files([file], ImportOptions(tags=TAGS))
    asset_id = result.asset_id or 0
    assert sam.catch_up_index() >= 1
    assert sam.search("zebrafinch").hits == ()  # a draft stays out of a seller's index
    maria.assets.publish(asset_id)
    for client in (sam, sid):
        assert client.catch_up_index() >= 1
        assert [h.asset_id for h in client.search("zebrafinch").hits] == [asset_id]
        assert client.catch_up_index() == 0  # nothing new: the cursor is at the top
    maria.assets.archive(asset_id)
    sam.catch_up_index()
    assert sam.search("zebrafinch").hits == ()  # archived: gone from the seller's index


def test_the_second_writer_gets_a_clear_conflict(team_open: Opener, world: World) -> None:
    maria, ada = team_open("maria"), team_open("ada")
    seen_by_maria = maria.assets.get(world.draft).row_version
    seen_by_ada = ada.assets.get(world.draft).row_version
    maria.assets.update(
        world.draft, title="Discovery guide (Maria)", expected_version=seen_by_maria
    )
    with pytest.raises(Conflict, match="changed by someone else"):
        ada.assets.update(world.draft, title="Discovery guide (Ada)", expected_version=seen_by_ada)
    assert ada.assets.get(world.draft).title == "Discovery guide (Maria)"
