"""kill -9 of the importer and indexer at random moments; the library survives each."""

from __future__ import annotations

from pathlib import Path

import pytest

from enablement.extraction import ExtractionPool

from .campaigns import crash_campaign


@pytest.mark.slow
def test_fifty_kills_lose_nothing_committed(
    tmp_path: Path, extraction_pool: ExtractionPool
) -> None:
    # Rounds whose child finishes before its kill lands do not count as kills;
    # on a loaded machine more of them do, so the cap only guards against a hang.
    stats = crash_campaign(tmp_path, kills=50, seed=20240601, pool=extraction_pool,
                           max_rounds=200)
    assert stats.kills >= 50
    assert stats.problems == []
    assert stats.reimported == stats.files_tried
