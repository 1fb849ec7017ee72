"""`gc` on a team library: PostgreSQL catalogue (row security, advisory locks), shared store."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from content_store import LocalStore
from enablement.errors import PermissionDenied
from enablement.ingest import ImportOptions
from enablement.verification import delete_orphans
from tests.team.conftest import (  # noqa: F401 - fixtures are found by name
    TAGS,
    Opener,
    extraction_pool,
    shared_store,
    team_db,
    team_open,
)

pytestmark = pytest.mark.postgres


def test_admin_deletes_old_orphans_and_keeps_every_used_file(
    team_open: Opener,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    maria, ada = team_open("maria"), team_open("ada")
    draft = tmp_path / "draft-only.txt"
    draft.write_text("A draft a seller cannot see. gcteamword", encoding="utf-8")
    [result] = maria.import_files([draft], ImportOptions(tags=TAGS))
    assert result.status == "imported" and result.asset_id is not None
    store = ada.store
    assert isinstance(store, LocalStore)
    used = maria.assets.get(result.asset_id).versions[-1].digest
    orphan = str(store.put_bytes(b"left by a team import that crashed").digest)
    long_ago = time.time() - 2 * 86400
    for digest in (used, orphan):
        os.utime(store.blob_path(digest), (long_ago, long_ago))  # type: ignore[arg-type]

    with pytest.raises(PermissionDenied):
        delete_orphans(maria)
    sweep = delete_orphans(ada)
    assert orphan in sweep.deleted
    assert used not in sweep.deleted + sweep.kept  # the admin sees every row, drafts too
    assert not store.exists(orphan)  # type: ignore[arg-type]
    assert Path(maria.assets.file_path(result.asset_id)).read_text("utf-8").endswith("gcteamword")
