"""Two clients importing the same file at once on PostgreSQL: one asset, one duplicate."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from enablement.ingest import ImportResult

from .conftest import Opener, write_text

pytestmark = pytest.mark.postgres


def test_same_file_from_two_clients_makes_one_asset(team_open: Opener, tmp_path: Path) -> None:
    clients = [team_open("maria"), team_open("ada")]
    files = [
        write_text(tmp_path, f"race-{n}.txt", f"Race condition playbook number {n}. race{n}word")
        for n in range(6)
    ]

    def run(client_index: int) -> list[ImportResult]:
        return clients[client_index].import_files(files)

    with ThreadPoolExecutor(max_workers=2) as pool:
        first, second = pool.map(run, [0, 1])

    for a, b in zip(first, second, strict=True):
        assert sorted([a.status, b.status]) == ["duplicate", "imported"], (a, b)
        assert a.asset_id == b.asset_id
    ids = {r.asset_id for r in first}
    assert len(ids) == len(files)
    for asset_id in ids:
        assert asset_id is not None
        assert clients[0].assets.file_path(asset_id).read_text().startswith("Race condition")
